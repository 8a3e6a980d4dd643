using System.Text.Json;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.DeviceTwin;
using EdgeNano.EdgeHub;
using EdgeNano.Runtime;
using EdgeNano.Tests.Infrastructure;
using EdgeNano.Tests.Reliability;
using EdgeNano.Tests.Runtime;

namespace EdgeNano.Tests.Sync;

/// <summary>
/// The outbox flush after a resync nobody answered, counted on the wire: a board against a real
/// broker where no twin owner listens, its readings made while it waited for the twin/get.
/// One twin/update per device carries every pending property; more only when they do not fit one
/// payload.
/// </summary>
public class ResyncFlushTests
{
    private const int MaxPayload = 1536;

    [Fact]
    public void The_simulator_boards_readings_go_out_in_one_twin_update_after_the_resync_timeout()
    {
        using var broker = EmbeddedBroker.Start();
        using var wire = new TwinUpdateWatch(broker, "default/demo");
        using var board = new FloodBoard(broker.Host, broker.Port, "default/demo");
        // The button pressed three times while the board resyncs (twin/get unanswered): each
        // reading waits in the outbox as a marker, the store keeps the latest.
        bool level = false;
        for (int press = 0; press < 3; press++)
        {
            level = board.PressButton();
            Thread.Sleep(100);
        }
        Assert.False(board.IsSynced);
        RuntimeTestKit.WaitUntil(() => board.IsSynced, 15_000);

        var flush = wire.Collect(4);

        Assert.Equal(1, board.Hub.ResyncTimeouts);
        Assert.Equal(["button", "led", "pulse_rate", "pulses"], flush.Latest.Keys.Order());
        // The button is active low: its level after three flips reads as pressed.
        Assert.Equal(level ? "false" : "true", flush.Latest["button"]);
        var local = board.LocalTwinWhenReadable()!;
        Assert.All(flush.Latest, property => Assert.Equal(local[property.Key].Actual, property.Value));
        Assert.True(flush.Updates.Count == 1, flush.Describe());
    }

    [Fact]
    public void More_keys_than_one_ask_holds_still_go_out_in_one_twin_update()
    {
        // Ten 20-character keys: 210 bytes of keys, more than a bus message's own 128 bytes, so
        // edgehub needs two asks for them; devicetwin still reports them in one twin/update.
        string[] keys = Enumerable.Range(1, 10).Select(i => "channel_reading_" + i.ToString("D4")).ToArray();
        using var broker = EmbeddedBroker.Start();
        using var wire = new TwinUpdateWatch(broker, "default/wide");
        using var board = Esp32Board(broker, "default/wide");

        ReportWhileResyncing(board, "default/wide", keys, round => round.ToString());
        var flush = wire.Collect(keys.Length);

        Assert.Equal(keys.Order(), flush.Latest.Keys.Order());
        Assert.All(flush.Latest.Values, value => Assert.Equal("2", value));
        Assert.True(flush.Updates.Count == 1, flush.Describe());
        Assert.Equal(0, board.Hub.Outbox.Overflows);
    }

    [Fact]
    public void Properties_that_do_not_fit_one_payload_go_out_in_as_few_twin_updates_as_hold_them()
    {
        // Eight 300-byte values: about 3 KB of twin, two payloads of 1.5 KB, not eight messages.
        string[] keys = Enumerable.Range(1, 8).Select(i => "label_" + i).ToArray();
        using var broker = EmbeddedBroker.Start();
        using var wire = new TwinUpdateWatch(broker, "default/long");
        using var board = Esp32Board(broker, "default/long");

        ReportWhileResyncing(board, "default/long", keys, round => new string((char)('a' + round), 300));
        var flush = wire.Collect(keys.Length);

        Assert.True(keys.Order().SequenceEqual(flush.Latest.Keys.Order()), flush.Describe() + "; twin table full " + board.Twin.Store.TableFullCount + ", storage full " + board.Twin.Store.StorageFullCount + ", rejected " + board.Twin.Rejected + ", too large " + board.Twin.TooLarge + $", retries {board.Twin.ReportRetries} deliveryFailures {board.Twin.DeliveryFailures} direct {board.Hub.ReportsDirect} deferred {board.Hub.ReportsDeferred} asked {board.Hub.RereportsAsked} decodeErrors {board.Hub.DecodeErrors} payloadsExhausted {board.Host.Bus.Pool.PayloadsExhaustedCount} tooLargePool {board.Host.Bus.Pool.TooLargeCount} stalls {board.Hub.WorkerStalls}" + "\n" + string.Join("\n", board.Log.Lines.TakeLast(30)));
        Assert.All(flush.Latest.Values, value => Assert.Equal(new string('c', 300), value));
        Assert.True(flush.Updates.Count is >= 2 and <= 3, flush.Describe());
        Assert.All(flush.Sizes, size => Assert.True(size <= MaxPayload, $"a twin/update of {size} bytes"));
        Assert.Equal(0, board.Twin.TooLarge);
    }

    [Fact]
    public void An_ask_the_bus_refuses_loses_no_reading()
    {
        // devicetwin's ring holds one message: edgehub's first ask for the ten keys fills it, the
        // second is refused (the dispatcher is busy in edgehub's flush, so nothing empties it in
        // between). The device is then marked "report everything", and every value still arrives.
        string[] keys = Enumerable.Range(1, 10).Select(i => "channel_reading_" + i.ToString("D4")).ToArray();
        using var broker = EmbeddedBroker.Start();
        using var wire = new TwinUpdateWatch(broker, "default/tight");
        var runtime = Esp32Runtime();
        runtime.SetRingCapacity(TwinBus.Module, 1);
        using var board = Esp32Board(broker, "default/tight", runtime);

        ReportWhileResyncing(board, "default/tight", keys, round => "r" + round);
        var flush = wire.Collect(keys.Length);

        Assert.Equal(keys.Order(), flush.Latest.Keys.Order());
        Assert.All(flush.Latest.Values, value => Assert.Equal("r2", value));
    }

    /// <summary>An ESP32's bus: 8 messages of 128 bytes, three 1.5 KB payload arrays, rings of 8.</summary>
    private static RuntimeConfig Esp32Runtime() => new()
    {
        MessagePoolSize = 8, RingCapacity = 8, MessageContentCapacity = 128, PayloadArrays = 3, PayloadCapacity = MaxPayload,
    };

    private static SyncBoard Esp32Board(EmbeddedBroker broker, string device, RuntimeConfig? runtime = null) =>
        new(broker.Host, broker.Port, [device], clientId: "flush-" + device.Replace('/', '-'),
            runtime: runtime ?? Esp32Runtime(), twin: new TwinModuleOptions { MaxPayload = MaxPayload },
            hub: new EdgeHubOptions { MaxPayload = MaxPayload, ResyncTimeoutMs = 1500, BackoffSeed = 3 });

    /// <summary>Three readings of each key while nobody answers the board's twin/get; the last (round 2) is what must arrive.</summary>
    private static void ReportWhileResyncing(SyncBoard board, string device, string[] keys, Func<int, string> value)
    {
        for (int round = 0; round < 3; round++)
        {
            foreach (var key in keys) board.Report(device, key, value(round), "string");
        }
        Assert.False(board.IsSynced, "the readings were meant to be made before the resync timeout");
        RuntimeTestKit.WaitUntil(() => board.IsSynced, 15_000);
        Assert.Equal(1, board.Hub.ResyncTimeouts);
    }
}

/// <summary>The device's twin/update messages as a cloud subscriber sees them on the broker.</summary>
internal sealed class TwinUpdateWatch : IDisposable
{
    private readonly MqttNetLink _link = new();
    private readonly RecordingListener _heard = new();
    private readonly string _topic;

    public TwinUpdateWatch(EmbeddedBroker broker, string device)
    {
        _topic = "$hw/events/device/" + device + "/twin/update";
        _link.SetListener(_heard);
        Assert.Equal(0, _link.Connect(new EdgeNano.Runtime.Network.MqttLinkOptions { Host = broker.Host, Port = broker.Port, ClientId = "watch-" + device.Replace('/', '-') }));
        Assert.Equal(0, _link.Subscribe([_topic], [1]));
    }

    /// <summary>The twin/updates until `properties` keys have arrived, then any more that follow within a second.</summary>
    public Flush Collect(int properties)
    {
        var flush = new Flush();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (flush.Latest.Count < properties && DateTime.UtcNow < deadline) flush.Take(_heard.Next(TimeSpan.FromMilliseconds(200)), _topic);
        // A board that kept sending would show here as more updates, not as a test that never ends.
        var quietUntil = DateTime.UtcNow + TimeSpan.FromSeconds(1);
        while (DateTime.UtcNow < quietUntil) flush.Take(_heard.Next(TimeSpan.FromMilliseconds(100)), _topic);
        return flush;
    }

    public void Dispose() => _link.Dispose();

    public sealed class Flush
    {
        public readonly List<string[]> Updates = [];
        public readonly List<int> Sizes = [];
        public readonly Dictionary<string, string> Latest = [];

        public void Take(ReceivedMessage? message, string topic)
        {
            if (message == null || message.Topic != topic) return;
            var twin = JsonDocument.Parse(message.Payload).RootElement.GetProperty("twin");
            Updates.Add(twin.EnumerateObject().Select(p => p.Name).ToArray());
            Sizes.Add(message.Payload.Length);
            foreach (var property in twin.EnumerateObject())
            {
                Latest[property.Name] = property.Value.GetProperty("actual").GetProperty("value").GetString()!;
            }
        }

        public string Describe() => $"{Updates.Count} twin/update(s) in the flush: " + string.Join(" | ", Updates.Select(u => string.Join(",", u)));
    }
}
