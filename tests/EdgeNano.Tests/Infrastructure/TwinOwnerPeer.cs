using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Runtime.Network;

namespace EdgeNano.Tests.Infrastructure;

/// <summary>
/// A minimal twin owner on the broker, standing in for edgecore's devicetwin (the full twin hub
/// is a later issue): answers twin/get with get/result, applies the actual values of
/// twin/update, publishes delta when expected differs from actual, and lets a test set desired
/// values. It handles messages on its own thread, so its publishes never block the link's.
/// </summary>
public sealed class TwinOwnerPeer : IMqttLinkListener, IDisposable
{
    private const string Prefix = "$hw/events/device/";
    private readonly MqttNetLink _link = new();
    private readonly BlockingCollection<(string Topic, byte[] Payload)> _inbox = new();
    private readonly Thread _thread;
    private readonly object _gate = new();
    private readonly Dictionary<string, Dictionary<string, Property>> _twins = new();

    public sealed class Property
    {
        public string? Expected;
        public string? Actual;
        public string Type = "string";
    }

    /// <summary>state/update payloads per device, in arrival order.</summary>
    public ConcurrentQueue<(string Device, string State)> States { get; } = new();
    /// <summary>data/update payloads (telemetry, drop counts).</summary>
    public ConcurrentQueue<string> Data { get; } = new();
    public int Gets;
    public int Updates;
    /// <summary>Called on the peer's thread with (device, key, actual) after each applied report.</summary>
    public Action<string, string, string>? OnActual { get; set; }

    private readonly MqttLinkOptions _options;

    public TwinOwnerPeer(string host, int port, string clientId = "twin-owner")
    {
        _link.SetListener(this);
        _options = new MqttLinkOptions { Host = host, Port = port, ClientId = clientId, OperationTimeoutMs = 5000 };
        Connect();
        _thread = new Thread(Loop) { IsBackground = true, Name = "twin-owner" };
        _thread.Start();
    }

    /// <summary>Connects again after the broker came back (the owner's state is kept, as a real owner keeps it in a database).</summary>
    public void Connect()
    {
        _link.Disconnect(); // the link may not have noticed the broker's death yet
        var result = _link.Connect(_options);
        if (result != MqttConnectResult.Accepted) throw new InvalidOperationException("twin owner could not connect: " + MqttConnectResult.Name(result));
        string[] filters =
        [
            Prefix + "+/+/twin/update", Prefix + "+/+/twin/get", Prefix + "+/+/state/update",
            Prefix + "+/twin/update", Prefix + "+/twin/get", Prefix + "+/state/update",
            "$ke/events/device/#",
        ];
        if (_link.Subscribe(filters, filters.Select(_ => 1).ToArray()) != MqttSubscribeResult.Accepted)
            throw new InvalidOperationException("twin owner could not subscribe");
    }

    /// <summary>Sets a desired value without publishing (while the broker is down); the device learns it from twin/get.</summary>
    public void SetDesiredQuietly(string device, string key, string value, string type = "string")
    {
        lock (_gate)
        {
            var p = Twin(device).TryGetValue(key, out var found) ? found : Twin(device)[key] = new Property();
            p.Expected = value;
            p.Type = type;
        }
    }

    public void MessageReceived(string topic, byte[] payload, int offset, int count, int qos, bool retain) =>
        _inbox.Add((topic, payload.AsSpan(offset, count).ToArray()));

    public void ConnectionLost() { }

    /// <summary>The owner's copy of a property, or null.</summary>
    public Property? Get(string device, string key)
    {
        lock (_gate)
        {
            return _twins.TryGetValue(device, out var twin) && twin.TryGetValue(key, out var p)
                ? new Property { Expected = p.Expected, Actual = p.Actual, Type = p.Type } : null;
        }
    }

    /// <summary>Sets a desired value and publishes the delta (from the caller's thread).</summary>
    public void SetDesired(string device, string key, string value, string type = "string")
    {
        byte[] delta;
        lock (_gate)
        {
            var p = Twin(device).TryGetValue(key, out var found) ? found : Twin(device)[key] = new Property();
            p.Expected = value;
            p.Type = type;
            delta = Delta(device);
        }
        Publish(Prefix + device + "/twin/update/delta", delta);
    }

    /// <summary>Publishes raw bytes to a topic (garbage tests).</summary>
    public int Publish(string topic, byte[] payload) => _link.Publish(topic, payload, 0, payload.Length, 1, false);

    public void Dispose()
    {
        _inbox.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(5));
        _link.Disconnect();
        _link.Dispose();
    }

    private void Loop()
    {
        foreach (var (topic, payload) in _inbox.GetConsumingEnumerable())
        {
            try
            {
                Handle(topic, payload);
            }
            catch (JsonException)
            {
                // The owner ignores what it cannot read; the test looks at the device side.
            }
        }
    }

    private void Handle(string topic, byte[] payload)
    {
        if (topic.StartsWith("$ke/")) { Data.Enqueue(Encoding.UTF8.GetString(payload)); return; }
        string rest = topic[Prefix.Length..];
        if (rest.EndsWith("/state/update"))
        {
            var state = JsonNode.Parse(payload)?["state"]?.GetValue<string>() ?? "";
            States.Enqueue((rest[..^"/state/update".Length], state));
        }
        else if (rest.EndsWith("/twin/get"))
        {
            string device = rest[..^"/twin/get".Length];
            Interlocked.Increment(ref Gets);
            byte[] result;
            // As edgecore: the result echoes the request's event_id.
            string eventId = JsonNode.Parse(payload)?["event_id"]?.GetValue<string>() ?? "";
            lock (_gate) result = WholeTwin(device, eventId);
            Publish(Prefix + device + "/twin/get/result", result);
        }
        else if (rest.EndsWith("/twin/update"))
        {
            string device = rest[..^"/twin/update".Length];
            Interlocked.Increment(ref Updates);
            var twin = JsonNode.Parse(payload)?["twin"]?.AsObject();
            if (twin == null) return;
            byte[]? delta = null;
            var applied = new List<(string, string)>();
            lock (_gate)
            {
                foreach (var (key, node) in twin)
                {
                    var actual = node?["actual"]?["value"]?.GetValue<string>();
                    if (actual == null) continue;
                    var p = Twin(device).TryGetValue(key, out var found) ? found : Twin(device)[key] = new Property();
                    p.Actual = actual;
                    p.Type = node?["metadata"]?["type"]?.GetValue<string>() ?? p.Type;
                    applied.Add((key, actual));
                }
                if (Twin(device).Values.Any(p => p.Expected != null && p.Expected != (p.Actual ?? ""))) delta = Delta(device);
            }
            foreach (var (key, actual) in applied) OnActual?.Invoke(device, key, actual);
            if (delta != null) Publish(Prefix + device + "/twin/update/delta", delta);
        }
    }

    private Dictionary<string, Property> Twin(string device) =>
        _twins.TryGetValue(device, out var twin) ? twin : _twins[device] = new Dictionary<string, Property>();

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private byte[] WholeTwin(string device, string eventId)
    {
        var twin = new JsonObject();
        foreach (var (key, p) in Twin(device))
        {
            var node = new JsonObject();
            if (p.Expected != null) node["expected"] = new JsonObject { ["value"] = p.Expected, ["metadata"] = new JsonObject { ["timestamp"] = Now } };
            if (p.Actual != null) node["actual"] = new JsonObject { ["value"] = p.Actual, ["metadata"] = new JsonObject { ["timestamp"] = Now } };
            node["optional"] = true;
            node["metadata"] = new JsonObject { ["type"] = p.Type };
            twin[key] = node;
        }
        return JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["event_id"] = eventId, ["timestamp"] = Now, ["twin"] = twin });
    }

    private byte[] Delta(string device)
    {
        var twin = new JsonObject();
        var delta = new JsonObject();
        foreach (var (key, p) in Twin(device))
        {
            if (p.Expected == null) continue;
            twin[key] = new JsonObject
            {
                ["expected"] = new JsonObject { ["value"] = p.Expected, ["metadata"] = new JsonObject { ["timestamp"] = Now } },
                ["optional"] = true,
                ["metadata"] = new JsonObject { ["type"] = p.Type },
            };
            if (p.Expected != (p.Actual ?? "")) delta[key] = p.Expected;
        }
        return JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["event_id"] = "", ["timestamp"] = Now, ["twin"] = twin, ["delta"] = delta });
    }
}
