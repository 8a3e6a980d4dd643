using System.Collections.Concurrent;
using System.Text.Json;
using EdgeNano.Cli.Common;
using EdgeNano.Cli.Sim;
using EdgeNano.Cli.Twin;

namespace EdgeNano.Cli.Mapper;

/// <summary>
/// The mapper's MQTT side, through the twin owner on the node's broker (edgecore's devicetwin,
/// or <c>edgenano hub</c>): desired values go out as <c>twin/update</c> with expected values,
/// as <c>edgenano twin set</c> sends them, so the owner keeps them and sends the board its delta
/// (now, or when the board next syncs); the owner's documents and get results say what the board
/// has (<see cref="View"/>); the boards' <c>state/update</c> say whether they are online
/// (<see cref="Presence"/>). A lost connection is retried with backoff until disposed.
/// </summary>
internal sealed class BoardLink : IAsyncDisposable
{
    private const string Prefix = "$hw/events/device/";

    private static readonly string[] Filters =
    [
        Prefix + "+/+/twin/update/document",
        Prefix + "+/+/twin/get/result",
        Prefix + "+/+/twin/update/result",
        Prefix + "+/+/twin/update",
        Prefix + "+/+/state/update",
    ];

    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);
    private readonly BrokerAddress _broker;
    private readonly Action<string> _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, (string Device, string Key, string Value)> _sent = new(StringComparer.Ordinal);
    private volatile MqttSession? _session;
    private Task _run = Task.CompletedTask;

    public BoardLink(BrokerAddress broker, Action<string> log)
    {
        _broker = broker;
        _log = log;
    }

    /// <summary>The owner's twins as last seen on the wire.</summary>
    public HubView View { get; } = new();

    public BoardPresence Presence { get; } = new();

    /// <summary>Called after every (re)connect, once subscribed: the time to ask for twins again.</summary>
    public Action? Connected { get; set; }

    /// <summary>The owner refused a desired value the mapper sent: device, key, value, the owner's reason.</summary>
    public Action<string, string, string, string>? Refused { get; set; }

    public bool IsConnected => _session?.IsConnected == true;

    public void Start() => _run = Task.Run(RunAsync);

    /// <summary>Publishes one expected value for a device; false when not connected or the broker did not take it.</summary>
    public async Task<bool> SetDesiredAsync(string device, string key, string value, string type, CancellationToken cancel)
    {
        MqttSession? session = _session;
        if (session == null || !session.IsConnected) return false;
        string eventId = Guid.NewGuid().ToString("N");
        if (_sent.Count > 1024) _sent.Clear(); // answers that never came; the retry sends anew
        _sent[eventId] = (device, key, value);
        return await session.TryPublishAsync(new DeviceTopics(device).TwinUpdate, TwinPayloads.SetExpected(eventId, [new(key, value)], type), PublishTimeout, cancel);
    }

    /// <summary>Asks the owner for a device's whole twin; the answer lands in <see cref="View"/>.</summary>
    public async Task RequestTwinAsync(string device, CancellationToken cancel)
    {
        MqttSession? session = _session;
        if (session == null || !session.IsConnected) return;
        await session.TryPublishAsync(new DeviceTopics(device).TwinGet, TwinPayloads.Get(Guid.NewGuid().ToString("N")), PublishTimeout, cancel);
    }

    private async Task RunAsync()
    {
        CancellationToken stop = _stop.Token;
        var delay = TimeSpan.FromMilliseconds(500);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using MqttSession session = await MqttSession.ConnectAsync(_broker, "edgenano-mapper", MqttSession.ConnectTimeout, stop);
                await session.SubscribeAsync(Filters, stop);
                _session = session;
                delay = TimeSpan.FromMilliseconds(500);
                _log($"mapper: connected to broker {_broker}");
                Connected?.Invoke();
                await foreach (Received message in session.Incoming.ReadAllAsync(stop)) Take(message);
                _session = null;
                if (!stop.IsCancellationRequested) _log($"mapper: lost the connection to broker {_broker}; reconnecting");
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _session = null;
                _log($"mapper: broker: {e.Message}; retrying in {delay.TotalSeconds:0.#} s");
            }
            try
            {
                await Task.Delay(delay, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
    }

    private void Take(Received message)
    {
        // $hw/events/device/{namespace}/{name}/{twin/...|state/update}
        string topic = message.Topic;
        if (!topic.StartsWith(Prefix, StringComparison.Ordinal)) return;
        int slash = topic.IndexOf('/', Prefix.Length);
        int end = slash < 0 ? -1 : topic.IndexOf('/', slash + 1);
        if (end < 0) return;
        string device = topic[Prefix.Length..end];
        switch (topic[end..])
        {
            case "/twin/update/document": View.Take(device, true, message.Payload); break;
            case "/twin/get/result": View.Take(device, false, message.Payload); break;
            case "/twin/update/result": TakeResult(message.Payload); break;
            case "/twin/update": TakeUpdate(device, message.Payload); break;
            case "/state/update": Presence.TakeState(device, message.Payload); break;
        }
    }

    /// <summary>An answer to one of the mapper's updates that is not 200 is a refusal to tell.</summary>
    private void TakeResult(byte[] payload)
    {
        try
        {
            using JsonDocument json = JsonDocument.Parse(payload);
            JsonElement root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("event_id", out JsonElement id) || id.ValueKind != JsonValueKind.String) return;
            if (!_sent.TryRemove(id.GetString()!, out var sent)) return;
            if (root.TryGetProperty("code", out JsonElement code) && code.ValueKind == JsonValueKind.Number && code.GetInt32() != 200)
            {
                string reason = root.TryGetProperty("reason", out JsonElement r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "no reason given";
                Refused?.Invoke(sent.Device, sent.Key, sent.Value, $"{code.GetInt32()} {reason}");
            }
        }
        catch (JsonException)
        {
        }
    }

    /// <summary>A twin/update carrying actual values comes from the board itself: it is online.</summary>
    private void TakeUpdate(string device, byte[] payload)
    {
        try
        {
            using JsonDocument json = JsonDocument.Parse(payload);
            if (!json.RootElement.TryGetProperty("twin", out JsonElement twin) || twin.ValueKind != JsonValueKind.Object) return;
            if (twin.EnumerateObject().Any(p => p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("actual", out _))) Presence.TakeReport(device);
        }
        catch (JsonException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
