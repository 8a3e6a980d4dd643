using System.Device.Gpio;
using EdgeNano.Boards.Gpio;

namespace EdgeNano.Boards.Host.Gpio;

/// <summary>
/// Chooses the GPIO driver by configuration, not code: "simulated" plugs a
/// <see cref="SimulatedGpioDriver"/> into a GpioController; "system" uses dotnet/iot's default
/// driver for the Linux board it runs on (libgpiod or sysfs on a Raspberry Pi).
/// </summary>
public static class HostPinBanks
{
    public const string Simulated = "simulated";
    public const string System = "system";

    /// <summary>A pin bank on the named driver; <paramref name="simulated"/> is the simulated driver when that was chosen, for scripts and tests.</summary>
    public static GpioControllerPinBank Create(string driver, int pinCount, out SimulatedGpioDriver? simulated)
    {
        switch (driver)
        {
            case Simulated:
                simulated = new SimulatedGpioDriver();
                return new GpioControllerPinBank(new GpioController(simulated), pinCount);
            case System:
                simulated = null;
                return new GpioControllerPinBank(new GpioController(), pinCount);
            default:
                throw new ArgumentException($"unknown GPIO driver '{driver}'; use '{Simulated}' or '{System}'", nameof(driver));
        }
    }
}
