using System.Text;
using EdgeNano.Board;
using EdgeNano.Boards.Host.Gpio;
using EdgeNano.DeviceTwin;
using EdgeNano.Gpio;
using EdgeNano.Runtime;
using EdgeNano.Tests.Runtime;

namespace EdgeNano.Tests.Gpio;

/// <summary>
/// The shipped simulator board end to end through the real devicetwin module, without MQTT:
/// the owner's desired value reaches the pin, the pin's read-back becomes the twin's actual
/// value, and a button press lands in the twin and goes on to the uplink for the cloud.
/// </summary>
public class GpioThroughDeviceTwinTests
{
    private const string Device = "default/demo";

    private sealed class SimulatorBoard
    {
        public readonly ManualClock Clock = new();
        public readonly ModuleHost Host;
        public readonly TwinModule Twin;
        public readonly RecordingModule Uplink = new("edgehub", "hub");
        public readonly SimulatedGpioDriver Driver;
        public readonly ListLog Log = new();
        public readonly GpioModule Gpio;

        public SimulatorBoard()
        {
            string path = Path.Combine(BuildPaths.RepoRoot, "boards", "simulator", "board.json");
            var board = BoardParser.Parse(path, File.ReadAllBytes(path));
            var bank = HostPinBanks.Create(HostPinBanks.Simulated, 64, out var driver);
            Driver = driver!;
            var store = new TwinStore(new TwinConfig { MaxDevices = 2, PropertiesPerDevice = 8, ArenaBytes = 2048 }, Clock);
            store.RegisterDevice(Device);
            Twin = new TwinModule(store, new TwinModuleOptions(), null);
            var config = new RuntimeConfig { RingCapacity = 16, MessagePoolSize = 32, MessageContentCapacity = 1024 };
            Gpio = new GpioModule(board, bank, config.MessageContentCapacity);
            Host = RuntimeTestKit.Host(config, Clock, Log, Twin, Uplink, Gpio);
            Host.Start();
            Host.RunUntilIdle();
        }

        public void Run(long ms)
        {
            for (long i = 0; i < ms; i++)
            {
                Clock.Advance(1);
                Host.RunUntilIdle();
            }
        }

        /// <summary>A twin/update/delta from the twin owner, as eventbus hands it to devicetwin.</summary>
        public void OwnerDesires(string key, string value, string type = "boolean")
        {
            string json = $"{{\"event_id\":\"e1\",\"timestamp\":{Clock.NowMs},\"twin\":{{\"{key}\":{{\"expected\":{{\"value\":\"{value}\"}},\"metadata\":{{\"type\":\"{type}\"}}}}}},\"delta\":{{\"{key}\":\"{value}\"}}}}";
            var message = Host.Bus.Rent()!;
            message.Source = "eventbus";
            message.Destination = TwinBus.Module;
            message.Operation = TwinBus.OwnerDelta;
            message.Resource = Device;
            Assert.True(message.SetContentAscii(json));
            Assert.Equal(SendResult.Accepted, Host.Bus.Send(message));
            Host.RunUntilIdle();
        }

        public string? Actual(string key)
        {
            var store = Twin.Store;
            int slot = store.FindProperty(store.FindDevice(Device), key);
            if (slot < 0 || !store.HasActual(slot)) return null;
            return Encoding.ASCII.GetString(store.ArenaBytes, store.ActualOffset(slot), store.ActualLength(slot));
        }

        public string? Expected(string key)
        {
            var store = Twin.Store;
            int slot = store.FindProperty(store.FindDevice(Device), key);
            if (slot < 0 || !store.HasExpected(slot)) return null;
            return Encoding.ASCII.GetString(store.ArenaBytes, store.ExpectedOffset(slot), store.ExpectedLength(slot));
        }
    }

    [Fact]
    public void At_boot_the_twin_holds_every_property_of_the_simulator_board()
    {
        var board = new SimulatorBoard();

        Assert.Equal("false", board.Actual("button"));
        Assert.Equal("0", board.Actual("pulses"));
        Assert.Equal("false", board.Actual("led"));
    }

    [Fact]
    public void A_desired_led_flips_the_pin_and_the_twin_shows_it_as_actual()
    {
        var board = new SimulatorBoard();

        board.OwnerDesires("led", "true");

        Assert.Equal("true", board.Expected("led"));
        Assert.True(board.Driver.Level(3));
        Assert.Equal("true", board.Actual("led"));
        Assert.Contains(board.Uplink.Handled, h => h.Contains("\"led\":{\"actual\":{\"value\":\"true\""));
    }

    [Fact]
    public void A_stuck_led_leaves_the_twin_showing_the_real_level_so_the_delta_stays_open()
    {
        var board = new SimulatorBoard();
        board.Driver.Stick(3, false);

        board.OwnerDesires("led", "true");

        Assert.Equal("true", board.Expected("led"));
        Assert.Equal("false", board.Actual("led"));
    }

    [Fact]
    public void A_button_press_reaches_the_twin_and_the_uplink()
    {
        var board = new SimulatorBoard();

        board.Driver.SetInput(1, false); // active low: pressed
        board.Run(50);

        Assert.Equal("true", board.Actual("button"));
        Assert.Contains(board.Uplink.Handled, h => h.Contains("\"button\":{\"actual\":{\"value\":\"true\""));
    }

    [Fact]
    public void A_desired_value_on_an_input_or_a_counter_is_refused_visibly_once_per_value()
    {
        var board = new SimulatorBoard();

        board.OwnerDesires("button", "true");
        board.OwnerDesires("pulse_rate", "5", "int");

        Assert.Equal(2, board.Gpio.DesiredReadOnly);
        Assert.Single(board.Log.Lines, l => l.Contains("default/demo/button: desired value refused: input pins are read, not driven"));
        Assert.Single(board.Log.Lines, l => l.Contains("default/demo/pulse_rate: desired value refused: counter pins are read, not driven"));
        Assert.Equal("false", board.Actual("button")); // still what the pin reads
        Assert.Equal("true", board.Expected("button")); // the owner's wish stays in the twin, as in KubeEdge's

        // devicetwin tells gpio every expected value again (a lost note, a restart of gpio): not refused again.
        RenotifyGpio(board);
        RenotifyGpio(board);
        Assert.Equal(2, board.Gpio.DesiredReadOnly);
        Assert.Single(board.Log.Lines, l => l.Contains("button: desired value refused"));

        // A new value is a new refusal.
        board.OwnerDesires("button", "false");
        Assert.Equal(3, board.Gpio.DesiredReadOnly);
    }

    // An expected-changed note naming every expected value, as devicetwin sends a (re)subscriber.
    private static void RenotifyGpio(SimulatorBoard board)
    {
        const string note = """{"event_id":"","timestamp":1,"delta":{"led":"false","button":"true","pulse_rate":"5"}}""";
        var message = board.Host.Bus.Rent()!;
        message.Source = TwinBus.Module;
        message.Destination = GpioModule.ModuleName;
        message.Operation = TwinBus.ExpectedChanged;
        message.Resource = Device;
        Assert.True(message.SetContentAscii(note));
        Assert.Equal(SendResult.Accepted, board.Host.Bus.Send(message));
        board.Host.RunUntilIdle();
    }

    [Fact]
    public void Counted_pulses_and_their_rate_reach_the_twin()
    {
        var board = new SimulatorBoard();

        board.Driver.Pulse(2, 7);
        board.Run(1100);

        Assert.Equal("7", board.Actual("pulses"));
        Assert.Equal("7", board.Actual("pulse_rate"));
    }
}
