using System.Collections.Concurrent;
using System.Text;
using EdgeNano.Cli.Common;
using EdgeNano.Cli.Twin;

namespace EdgeNano.Cli.Sim;

/// <summary>
/// The sim's own MQTT session, playing a user of the twin owner: it sets desired values with
/// ordinary twin/update messages (as <c>edgenano twin set</c> does, so it works against
/// edgecore too), and watches documents and get
/// results into a <see cref="HubView"/>. A lost connection (a broker outage) is retried every
/// half second.
/// </summary>
internal sealed class TwinObserver : IAsyncDisposable
{
    private static readonly string[] Filters =
    [
        // Not update/result: one per report of the whole fleet, and documents already say
        // what the owner applied (a desired value shows as the current expected value).
        "$hw/events/device/+/+/twin/update/document",
        "$hw/events/device/+/+/twin/get/result",
    ];

    private const string Prefix = "$hw/events/device/";
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);
    private readonly BrokerAddress _broker;
    private readonly Action<string> _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile MqttSession? _session;
    private Task _run = Task.CompletedTask;

    public TwinObserver(BrokerAddress broker, Action<string> log)
    {
        _broker = broker;
        _log = log;
    }

    public HubView View { get; } = new();

    /// <summary>Completes once subscribed the first time.</summary>
    public Task Ready => _ready.Task;

    public bool IsConnected => _session?.IsConnected == true;

    /// <summary>Counts the session's connects: a message published in an earlier one may have been lost with it.</summary>
    public int Generation => Volatile.Read(ref _generation);

    private int _generation;

    public void Start() => _run = Task.Run(RunAsync);

    /// <summary>Publishes expected values for one device; the event id, or null when not connected.</summary>
    public async Task<string?> SetDesiredAsync(string device, string key, string value, CancellationToken cancel)
    {
        MqttSession? session = _session;
        if (session == null || !session.IsConnected) return null;
        string eventId = Guid.NewGuid().ToString("N");
        var topics = new DeviceTopics(device);
        // Bounded: a broker that stops acknowledging must not stall the sim's load loop; unsent is re-sent later.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(PublishTimeout);
        try
        {
            await session.PublishAsync(topics.TwinUpdate, TwinPayloads.SetExpected(eventId, [new(key, value)], "boolean"), timeout.Token);
            return eventId;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Asks the owner for a device's whole twin; the answer lands in <see cref="View"/>.</summary>
    public async Task RequestTwinAsync(string device, CancellationToken cancel)
    {
        MqttSession? session = _session;
        if (session == null || !session.IsConnected) return;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(PublishTimeout);
        try
        {
            await session.PublishAsync(new DeviceTopics(device).TwinGet, TwinPayloads.Get(Guid.NewGuid().ToString("N")), timeout.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
        }
    }

    private async Task RunAsync()
    {
        CancellationToken stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using MqttSession session = await MqttSession.ConnectAsync(_broker, "edgenano-sim", MqttSession.ConnectTimeout, stop);
                // QoS 0: the sim watches the whole fleet's traffic, and acknowledging every message
                // from the receive loop held up the acknowledgements of its own publishes.
                await session.SubscribeAsync(Filters, stop, MQTTnet.Protocol.MqttQualityOfServiceLevel.AtMostOnce);
                _session = session;
                Interlocked.Increment(ref _generation);
                _ready.TrySetResult();
                await foreach (Received message in session.Incoming.ReadAllAsync(stop)) Take(message);
                _session = null;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _session = null;
                _log($"sim: observer session: {e.Message}; retrying");
            }
            try
            {
                await Task.Delay(500, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private void Take(Received message)
    {
        // $hw/events/device/{namespace}/{name}/twin/update/document
        string topic = message.Topic;
        if (!topic.StartsWith(Prefix, StringComparison.Ordinal)) return;
        int twin = topic.IndexOf("/twin/", Prefix.Length, StringComparison.Ordinal);
        if (twin < 0) return;
        string device = topic[Prefix.Length..twin];
        string rest = topic[twin..];
        if (rest == "/twin/update/document") View.Take(device, true, message.Payload);
        else if (rest == "/twin/get/result") View.Take(device, false, message.Payload);
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
