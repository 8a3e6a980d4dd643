using System.Text;
using System.Text.Json;
using EdgeNano.Board;
using EdgeNano.Boards.Gpio;
using EdgeNano.Boards.Host.Gpio;
using EdgeNano.DeviceTwin;
using EdgeNano.Gpio;
using EdgeNano.Runtime;
using EdgeNano.Tests.Runtime;

namespace EdgeNano.Tests.Gpio;

/// <summary>
/// A board on the simulated driver behind a real GpioController and the shared adapter, a gpio
/// module in a real ModuleHost, and a stand-in "devicetwin" that records what gpio sends it.
/// Time is manual: the runtime clock and the driver's script time move together.
/// </summary>
public sealed class GpioRig
{
    public const string Device = "default/demo";
    private readonly long _start;

    public ManualClock Clock { get; } = new();
    public SimulatedGpioDriver Driver { get; }
    public GpioModule Gpio { get; }
    public RecordingModule Twin { get; } = new(TwinBus.Module, "twin");
    public ModuleHost Host { get; }
    public BoardDescription Board { get; }

    public GpioRig(string boardJson, int ring = 16, int pool = 32)
    {
        Board = BoardParser.Parse("board.json", Encoding.UTF8.GetBytes(boardJson));
        Assert.True(Board.IsValid, Board.ErrorText());
        var bank = HostPinBanks.Create(HostPinBanks.Simulated, 64, out var driver);
        Driver = driver!;
        var config = new RuntimeConfig { RingCapacity = ring, MessagePoolSize = pool, MessageContentCapacity = 512 };
        Gpio = new GpioModule(Board, bank, config.MessageContentCapacity);
        Host = RuntimeTestKit.Host(config, Clock, null, Twin, Gpio);
        _start = Clock.NowMs;
    }

    /// <summary>Milliseconds since the rig was made (the driver's script time).</summary>
    public long Elapsed => Clock.NowMs - _start;

    public GpioRig Start()
    {
        Host.Start();
        Host.RunUntilIdle();
        return this;
    }

    /// <summary>Moves time forward 1 ms at a time, playing scripts and dispatching (which fires due module timers), as a board would.</summary>
    public void Run(long ms)
    {
        for (long i = 0; i < ms; i++)
        {
            Clock.Advance(1);
            Driver.AdvanceTo(Elapsed);
            Host.RunUntilIdle();
        }
    }

    /// <summary>Dispatches what is queued and what is due now (after a test changed pins by hand).</summary>
    public void Settle() => Host.RunUntilIdle();

    /// <summary>Sends devicetwin's expected-changed with a delta, as devicetwin would.</summary>
    public void Desire(string key, string value, string device = Device)
    {
        var message = Host.Bus.Rent()!;
        message.Source = TwinBus.Module;
        message.Destination = GpioModule.ModuleName;
        message.Operation = TwinBus.ExpectedChanged;
        message.Resource = device;
        Assert.True(message.SetContentAscii($"{{\"event_id\":\"\",\"timestamp\":{Clock.NowMs},\"delta\":{{\"{key}\":\"{value}\"}}}}"));
        Assert.Equal(SendResult.Accepted, Host.Bus.Send(message));
        Host.RunUntilIdle();
    }

    /// <summary>Every actual value reported for a key, in order (the twin/update payloads devicetwin received).</summary>
    public List<string> Reports(string key)
    {
        var values = new List<string>();
        foreach (string payload in Twin.Handled)
        {
            if (!payload.StartsWith('{')) continue;
            using var doc = JsonDocument.Parse(payload);
            if (!doc.RootElement.TryGetProperty("twin", out var twin)) continue;
            if (twin.TryGetProperty(key, out var property))
                values.Add(property.GetProperty("actual").GetProperty("value").GetString()!);
        }
        return values;
    }

    /// <summary>The metadata.type reported for a key.</summary>
    public string? TypeOf(string key)
    {
        foreach (string payload in Twin.Handled)
        {
            if (!payload.StartsWith('{')) continue;
            using var doc = JsonDocument.Parse(payload);
            if (doc.RootElement.TryGetProperty("twin", out var twin) && twin.TryGetProperty(key, out var property))
                return property.GetProperty("metadata").GetProperty("type").GetString();
        }
        return null;
    }

    /// <summary>A one-device simulator board with the given properties (JSON objects).</summary>
    public static string BoardWith(params string[] properties) =>
        $"{{\"board\":\"test\",\"mcu\":\"simulator\",\"devices\":[{{\"id\":\"{Device}\",\"properties\":[{string.Join(",", properties)}]}}]}}";
}
