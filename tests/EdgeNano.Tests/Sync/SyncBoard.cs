using System.Text;
using System.Text.Json.Nodes;
using EdgeNano.Boards.Host;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.DeviceTwin;
using EdgeNano.EdgeHub;
using EdgeNano.EventBus;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Network;
using EdgeNano.Tests.Runtime;

namespace EdgeNano.Tests.Sync;

/// <summary>
/// An actuator as a gpio module would be: it subscribes to devicetwin's expected changes,
/// "drives the output" and reports the read-back as actual.
/// </summary>
public sealed class EchoActuator() : EdgeNano.Runtime.Module("actuator", "gpio")
{
    public int Driven;

    public override void Start()
    {
        var subscribe = Context.Bus.Rent()!;
        subscribe.Source = Name;
        subscribe.Destination = TwinBus.Module;
        subscribe.Operation = TwinBus.Subscribe;
        Context.Bus.Send(subscribe);
    }

    public override void Handle(Message message)
    {
        if (message.Operation != TwinBus.ExpectedChanged) return;
        var delta = JsonNode.Parse(Encoding.UTF8.GetString(message.Content, 0, message.ContentLength))?["delta"]?.AsObject();
        if (delta == null) return;
        var twin = new JsonObject();
        foreach (var (key, value) in delta) twin[key] = new JsonObject { ["actual"] = new JsonObject { ["value"] = value!.GetValue<string>() } };
        var json = new JsonObject { ["event_id"] = "", ["timestamp"] = Context.Clock.NowMs, ["twin"] = twin }.ToJsonString();
        var report = Context.Bus.Rent();
        if (report == null) return;
        report.SetContent(Encoding.UTF8.GetBytes(json), 0, Encoding.UTF8.GetByteCount(json));
        report.Source = Name;
        report.Destination = TwinBus.Module;
        report.Operation = TwinBus.Update;
        report.Resource = message.Resource;
        Context.Bus.Send(report);
        Interlocked.Increment(ref Driven);
    }
}

/// <summary>A simulated board: devicetwin, eventbus, edgehub and an echo actuator over a real MQTT link.</summary>
public sealed class SyncBoard : IDisposable
{
    public readonly ListLog Log = new();
    public readonly HostClock Clock = new();
    public readonly ModuleHost Host;
    public readonly TwinModule Twin;
    public readonly EventBusModule EventBus;
    public readonly EdgeHubModule Hub;
    public readonly EchoActuator Actuator = new();
    public readonly MqttNetLink Link = new();
    public readonly KubeEdgeTopics Topics;
    private readonly BlockingWorkPool? _ownWork;
    private readonly DeviceDispatcher? _dispatcher;
    private readonly SharedDispatcher? _shared;

    public SyncBoard(string host, int port, string[] devices, bool singleSegment = false, EdgeHubOptions? hub = null,
        int contentCapacity = 1024, string clientId = "board-1", EdgeNano.Runtime.Module? app = null,
        SharedDispatcher? shared = null, BlockingWorkPool? work = null, RuntimeConfig? runtime = null, TwinModuleOptions? twin = null)
    {
        var namespaces = devices.Select(d => d.Contains('/') ? d.Split('/')[0] : "").ToArray();
        var names = devices.Select(d => d.Contains('/') ? d.Split('/')[1] : d).ToArray();
        Topics = new KubeEdgeTopics(null, namespaces, names, singleSegment);
        var store = new TwinStore(new TwinConfig { MaxDevices = 8, PropertiesPerDevice = 16, ArenaBytes = 4096 }, Clock);
        for (int i = 0; i < Topics.DeviceCount; i++) store.RegisterDevice(Topics.DeviceId(i));
        Twin = new TwinModule(store, twin ?? new TwinModuleOptions(), null);
        EventBus = new EventBusModule(Topics, new EventBusOptions());
        var options = new MqttLinkOptions { Host = host, Port = port, ClientId = clientId, KeepAliveSeconds = 2, OperationTimeoutMs = 3000 };
        _ownWork = work == null ? new BlockingWorkPool(1) : null;
        Hub = new EdgeHubModule(Link, work ?? _ownWork!, options, Topics, hub ?? new EdgeHubOptions { BackoffBaseMs = 100, BackoffCapMs = 800, BackoffFloorMs = 20, BackoffSeed = 7 },
            Twin.EventIds);
        Host = new ModuleHost(runtime ?? new RuntimeConfig { RingCapacity = 64, MessagePoolSize = 128, MessageContentCapacity = contentCapacity }, Clock, Log);
        Host.Register(Twin);
        Host.Register(EventBus);
        Host.Register(Hub);
        Host.Register(Actuator);
        if (app != null) Host.Register(app);
        if (shared != null)
        {
            // Fleet mode: many boards share the dispatcher's workers and one blocking-work pool.
            _shared = shared;
            shared.Attach(Host);
            Host.Start();
        }
        else
        {
            _dispatcher = new DeviceDispatcher(Host, 32);
            Host.Start();
            _dispatcher.Start();
        }
    }

    public bool IsSynced => Hub.State == EdgeHubState.Synced;

    public void WaitSynced(int timeoutMs = 8000) => RuntimeTestKit.WaitUntil(() => IsSynced, timeoutMs);

    /// <summary>A sensor reading, as the gpio module reports it.</summary>
    public void Report(string device, string key, string value, string type)
    {
        string json = "{\"event_id\":\"\",\"twin\":{\"" + key + "\":{\"actual\":{\"value\":\"" + value + "\"},\"metadata\":{\"type\":\"" + type + "\"}}}}";
        SendFrom("actuator", TwinBus.Module, TwinBus.Update, device, Encoding.UTF8.GetBytes(json));
    }

    /// <summary>A module's event publish through eventbus.</summary>
    public void PublishEvent(string topic, string payload) =>
        SendFrom("actuator", EventBusOperations.Module, EventBusOperations.Publish, topic, Encoding.UTF8.GetBytes(payload));

    public void SendFrom(string source, string destination, string operation, string resource, byte[] content)
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            // A payload larger than a message's own content borrows one of the pool's payload arrays.
            var message = Host.Bus.Rent(content.Length);
            if (message == null) { Thread.Sleep(1); continue; }
            message.Source = source;
            message.Destination = destination;
            message.Operation = operation;
            message.Resource = resource;
            Assert.True(message.SetContent(content, 0, content.Length));
            if (Host.Bus.Send(message) == SendResult.Accepted) return;
            Thread.Sleep(1);
        }
        throw new TimeoutException("the board's bus stayed full");
    }

    public string? Actual(string device, string key) => Read(device, key, expected: false);
    public string? Expected(string device, string key) => Read(device, key, expected: true);

    private string? Read(string device, string key, bool expected)
    {
        var store = Twin.Store;
        // Read from the test thread while the dispatcher may write: tests poll until it settles.
        {
            int d = store.FindDevice(device);
            int slot = store.FindProperty(d, key);
            if (slot < 0 || (expected ? !store.HasExpected(slot) : !store.HasActual(slot))) return null;
            int offset = expected ? store.ExpectedOffset(slot) : store.ActualOffset(slot);
            int length = expected ? store.ExpectedLength(slot) : store.ActualLength(slot);
            return Encoding.ASCII.GetString(store.ArenaBytes, offset, length);
        }
    }

    public void Dispose()
    {
        Host.Stop();
        _dispatcher?.Stop();
        _shared?.Detach(Host);
        _ownWork?.Dispose();
        Link.Dispose();
    }
}
