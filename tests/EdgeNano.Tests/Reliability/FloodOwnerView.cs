using System.Text;
using System.Text.Json;
using EdgeNano.Cli.Common;
using EdgeNano.Cli.Twin;

namespace EdgeNano.Tests.Reliability;

/// <summary>
/// The twin owner's side as a client sees it: the device's reports on its twin/update topic
/// (counted per key), and the owner's whole twin through twin/get.
/// </summary>
public sealed class FloodOwnerView : IAsyncDisposable
{
    private readonly BrokerAddress _broker;
    private readonly DeviceTopics _topics;
    private readonly MqttSession _session;
    private readonly Task _reading;
    private int _buttonReports;

    private FloodOwnerView(BrokerAddress broker, DeviceTopics topics, MqttSession session)
    {
        _broker = broker;
        _topics = topics;
        _session = session;
        _reading = Task.Run(ReadAsync);
    }

    public static async Task<FloodOwnerView> StartAsync(BrokerAddress broker, string deviceId)
    {
        var topics = DeviceTopics.From(deviceId, false);
        var session = await MqttSession.ConnectAsync(broker, "flood-watch", MqttSession.ConnectTimeout, CancellationToken.None);
        await session.SubscribeAsync([topics.TwinUpdate], CancellationToken.None);
        return new FloodOwnerView(broker, topics, session);
    }

    /// <summary>Reports of the button's actual value the device published (the flood's valid updates name only outputs).</summary>
    public int ButtonReports => Volatile.Read(ref _buttonReports);

    /// <summary>The owner's twin of the device: key → (expected, actual, type), from twin/get/result.</summary>
    public async Task<Dictionary<string, (string? Expected, string? Actual, string Type)>> OwnerTwinAsync(TimeSpan timeout)
    {
        using JsonDocument answer = await TwinRequest.SendAsync(_broker, _topics.DeviceId, _topics.TwinGet, _topics.TwinGetResult,
            TwinPayloads.Get, timeout, CancellationToken.None);
        var twin = new Dictionary<string, (string?, string?, string)>();
        if (!answer.RootElement.TryGetProperty("twin", out JsonElement map)) return twin;
        foreach (JsonProperty property in map.EnumerateObject())
        {
            JsonElement state = property.Value;
            string type = state.TryGetProperty("metadata", out JsonElement m) && m.TryGetProperty("type", out JsonElement t) ? t.GetString()! : "string";
            twin[property.Name] = (Value(state, "expected"), Value(state, "actual"), type);
        }
        return twin;
    }

    private static string? Value(JsonElement state, string name) =>
        state.TryGetProperty(name, out JsonElement value) && value.TryGetProperty("value", out JsonElement text) ? text.GetString() : null;

    private async Task ReadAsync()
    {
        byte[] button = Encoding.UTF8.GetBytes("\"button\"");
        await foreach (Received message in _session.Incoming.ReadAllAsync())
        {
            if (message.Payload.AsSpan().IndexOf(button) >= 0) Interlocked.Increment(ref _buttonReports);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _session.DisposeAsync();
        await _reading;
    }
}
