using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using EdgeNano.Tests.Foundation;

namespace EdgeNano.Tests.Gpio;

/// <summary>
/// boards/Host/Gpio/GpioControllerPinBank.cs is also the ESP32's pin bank, but
/// nanoFramework.System.Device.Gpio does not restore here. This compiles it against the device
/// libraries' nanoFramework builds, nanoFramework's mscorlib plus a declaration-only outline of the GPIO API as
/// nanoFramework.System.Device.Gpio publishes it (PinValue an enum there, so no bool
/// conversions; no driver-taking constructor, no 3-argument OpenPin). Anything the adapter
/// uses that only dotnet/iot has fails here.
/// </summary>
public class PinBankCompilesTests
{
    private const string NanoGpioOutline = """
        namespace System.Device.Gpio
        {
            public enum PinMode { Input = 0, Output = 1, InputPullDown = 2, InputPullUp = 3, OutputOpenDrain = 4, OutputOpenDrainPullUp = 5, OutputOpenSource = 6, OutputOpenSourcePullDown = 7 }
            public enum PinValue { Low = 0, High = 1 }
            [System.Flags]
            public enum PinEventTypes { None = 0, Rising = 1, Falling = 2 }
            public enum PinNumberingScheme { Logical = 0, Board = 1 }
            public class PinValueChangedEventArgs : System.EventArgs
            {
                public PinValueChangedEventArgs(PinEventTypes changeType, int pinNumber) { }
                public PinEventTypes ChangeType { get { return PinEventTypes.None; } }
                public int PinNumber { get { return 0; } }
            }
            public delegate void PinChangeEventHandler(object sender, PinValueChangedEventArgs pinValueChangedEventArgs);
            public sealed class GpioController : System.IDisposable
            {
                public GpioController() { }
                public GpioController(PinNumberingScheme numberingScheme) { }
                public int PinCount { get { return 0; } }
                public void OpenPin(int pinNumber) { }
                public void OpenPin(int pinNumber, PinMode mode) { }
                public void ClosePin(int pinNumber) { }
                public void Dispose() { }
                public PinMode GetPinMode(int pinNumber) { return PinMode.Input; }
                public bool IsPinModeSupported(int pinNumber, PinMode mode) { return false; }
                public bool IsPinOpen(int pinNumber) { return false; }
                public PinValue Read(int pinNumber) { return PinValue.Low; }
                public void RegisterCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) { }
                public void SetPinMode(int pinNumber, PinMode mode) { }
                public void UnregisterCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) { }
                public void Write(int pinNumber, PinValue value) { }
            }
        }
        """;

    private static IReadOnlyList<string> CompileWithDeviceCode(params string[] adapterSources)
    {
        return NanoCompiler.CheckWithDeviceLibraries("PinBankCheck", ["EdgeNano.Board", "EdgeNano.Gpio"], adapterSources.Append(NanoGpioOutline));
    }

    [Fact]
    public void The_GpioController_pin_bank_compiles_against_nanoFramework_GPIO_API()
    {
        string adapter = File.ReadAllText(Path.Combine(BuildPaths.RepoRoot, "boards", "Host", "Gpio", "GpioControllerPinBank.cs"));

        Assert.Empty(CompileWithDeviceCode(adapter));
    }

    [Fact]
    public void An_adapter_using_dotnet_iot_only_API_does_not_compile_against_that_outline()
    {
        // The 3-argument OpenPin exists only in dotnet/iot.
        string opening = "class Opener { void M(System.Device.Gpio.GpioController c) { c.OpenPin(1, System.Device.Gpio.PinMode.Output, System.Device.Gpio.PinValue.High); } }";

        Assert.Contains(CompileWithDeviceCode(opening), e => e.Contains("CS1501"));
    }
}
