using System.Text;
using EdgeNano.Board;
using EdgeNano.Boards.Host.Gpio;
using EdgeNano.Boards.Host.Storage;
using EdgeNano.Composition;
using EdgeNano.DeviceTwin;
using EdgeNano.Runtime;
using EdgeNano.Tests.Runtime;

namespace EdgeNano.Tests.Composition;

public class CompositionTests
{
    private static BoardDescription ShippedBoard(string name)
    {
        string path = Path.Combine(BuildPaths.RepoRoot, "boards", name, "board.json");
        return BoardParser.Parse(path, File.ReadAllBytes(path));
    }

    private static (EdgeNanoDevice Device, SimulatedGpioDriver Pins) SimulatorDevice(string folder, ManualClock clock)
    {
        var bank = HostPinBanks.Create(HostPinBanks.Simulated, 16, out var driver);
        var device = new EdgeNanoDevice(ShippedBoard("simulator"), new DeviceSettings(), bank, new FileStore(folder), clock, new ListLog());
        device.Start();
        device.Host.RunUntilIdle();
        return (device, driver!);
    }

    private static void Deliver(EdgeNanoDevice device, string operation, string json)
    {
        var message = device.Host.Bus.Rent()!;
        message.Source = "eventbus";
        message.Destination = TwinBus.Module;
        message.Operation = operation;
        message.Resource = "default/demo";
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        message.SetContent(bytes, 0, bytes.Length);
        device.Host.Bus.Send(message);
        device.Host.RunUntilIdle();
    }

    private static string? Actual(EdgeNanoDevice device, string key)
    {
        var store = device.Twin.Store;
        int slot = store.FindProperty(store.FindDevice("default/demo"), key);
        return slot < 0 || !store.HasActual(slot) ? null : Encoding.ASCII.GetString(store.ArenaBytes, store.ActualOffset(slot), store.ActualLength(slot));
    }

    [Fact]
    public void On_the_composed_simulator_board_a_desired_led_drives_the_pin_and_comes_back_as_actual()
    {
        string folder = Directory.CreateTempSubdirectory("edgenano-device-").FullName;
        try
        {
            var clock = new ManualClock();
            var (device, pins) = SimulatorDevice(folder, clock);

            Deliver(device, TwinBus.OwnerDelta, """{"twin":{"led":{"expected":{"value":"true"},"metadata":{"type":"boolean"}}},"delta":{"led":"true"}}""");

            Assert.True(pins.Level(3));
            Assert.Equal("true", Actual(device, "led"));
            device.Stop();
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void A_button_press_on_the_composed_board_reaches_the_twin_after_the_debounce_time()
    {
        string folder = Directory.CreateTempSubdirectory("edgenano-device-").FullName;
        try
        {
            var clock = new ManualClock();
            var (device, pins) = SimulatorDevice(folder, clock);
            pins.SetInput(1, false); // active low: pressed
            device.Host.RunUntilIdle(); // gpio sees the edge and waits out the debounce time
            Assert.Equal("false", Actual(device, "button"));
            clock.Advance(50);         // past the 30 ms debounce
            device.Host.RunUntilIdle();
            Assert.Equal("true", Actual(device, "button"));
            device.Stop();
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void After_a_reboot_the_desired_led_from_flash_drives_the_pin_before_the_cloud_is_back()
    {
        string folder = Directory.CreateTempSubdirectory("edgenano-device-").FullName;
        try
        {
            var clock = new ManualClock();
            var (device, _) = SimulatorDevice(folder, clock);
            Deliver(device, TwinBus.OwnerDelta, """{"twin":{"led":{"expected":{"value":"true"},"metadata":{"type":"boolean"}}}}""");
            device.Stop(); // power off: the twin is flushed

            var (rebooted, pins) = SimulatorDevice(folder, clock);

            Assert.True(pins.Level(3));
            Assert.Equal("true", Actual(rebooted, "led"));
            rebooted.Stop();
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void An_invalid_board_refuses_to_compose_and_says_where()
    {
        byte[] json = Encoding.UTF8.GetBytes("""{"board":"x","mcu":"esp32","devices":[{"id":"default/x","properties":[{"key":"led","kind":"output","pin":7}]}]}""");
        var board = BoardParser.Parse("bad.json", json);
        var bank = HostPinBanks.Create(HostPinBanks.Simulated, 40, out _);

        var error = Assert.Throws<RuntimeConfigException>(() =>
            new EdgeNanoDevice(board, new DeviceSettings(), bank, null!, new ManualClock(), new ListLog()));

        Assert.Contains("bad.json", error.Message);
        Assert.Contains("led", error.Message);
    }

    [Fact]
    public void The_built_in_board_is_the_shipped_esp32_devkitc_board()
    {
        string shipped = File.ReadAllText(Path.Combine(BuildPaths.RepoRoot, BuiltInBoard.FileName)).Replace("\r\n", "\n");
        string builtIn = Encoding.ASCII.GetString(BuiltInBoard.Json()).Replace("\r\n", "\n");
        Assert.Equal(shipped, builtIn);
        Assert.True(BoardParser.Parse("built-in", BuiltInBoard.Json()).IsValid);
    }
}
