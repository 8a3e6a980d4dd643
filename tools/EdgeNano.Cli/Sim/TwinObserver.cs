using System.Threading.Channels;
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

    /// <param name="watch">Watch documents and get results on the broker (an owner in another process: the
    /// hub's, edgecore). False when the owner is in this process and hands its replies over (<see cref="TakeReply"/>).</param>
    public TwinObserver(BrokerAddress broker, Action<string> log, bool watch = true)
    {
        _broker = broker;
        _log = log;
        _watch = watch;
        if (!watch) _watchReady.TrySetResult();
    }

    private readonly bool _watch;
    private readonly Channel<Received> _handed = Channel.CreateUnbounded<Received>(new UnboundedChannelOptions { SingleReader = false }); // countable: the backlog is shown

    /// <summary>
    /// A reply of an owner in this process (a document or get result it publishes), as the
    /// watching session would have received it from the broker; read into the view in order, on
    /// the observer's own task. At 10,000 boards the watching session fell 40 s behind reading the
    /// fleet's documents (3.7 MB waiting in mosquitto's socket) while the hub kept up.
    /// </summary>
    public void TakeReply(string topic, byte[] payload) => _handed.Writer.TryWrite(new Received(topic, payload));

    public HubView View { get; } = new();

    /// <summary>Completes once both sessions are up the first time.</summary>
    public Task Ready => Task.WhenAll(_ready.Task, _watchReady.Task);

    public bool IsConnected => _session?.IsConnected == true && (!_watch || _watcher?.IsConnected == true);

    /// <summary>Documents and get results received and not yet read into the view: how far behind the sim's view is.</summary>
    public int Waiting => _watch ? _watcher?.Incoming is { CanCount: true } incoming ? incoming.Count : 0 : _handed.Reader.Count;

    /// <summary>Counts the sessions' connects: a message published before a reconnect may have been lost with it.</summary>
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
        return await session.TryPublishAsync(topics.TwinUpdate, TwinPayloads.SetExpected(eventId, [new(key, value)], "boolean"), PublishTimeout, cancel)
            ? eventId : null;
    }

    /// <summary>Asks the owner for a device's whole twin; the answer lands in <see cref="View"/>.</summary>
    public async Task RequestTwinAsync(string device, CancellationToken cancel)
    {
        MqttSession? session = _session;
        if (session == null || !session.IsConnected) return;
        await session.TryPublishAsync(new DeviceTopics(device).TwinGet, TwinPayloads.Get(Guid.NewGuid().ToString("N")), PublishTimeout, cancel);
    }

    /// <summary>
    /// Two sessions: one only watches, one only publishes. On one session the publishes'
    /// acknowledgements queued behind the fleet's traffic it was reading.
    /// </summary>
    private Task RunAsync() => Task.WhenAll(
        _watch ? RunSessionAsync("edgenano-sim-watch", Filters, session => _watcher = session, _watchReady) : ReadHandedAsync(),
        RunSessionAsync("edgenano-sim-set", null, session => _session = session, _ready));

    private async Task ReadHandedAsync()
    {
        try
        {
            await foreach (Received reply in _handed.Reader.ReadAllAsync(_stop.Token)) Take(reply);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private volatile MqttSession? _watcher;
    private readonly TaskCompletionSource _watchReady = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task RunSessionAsync(string clientPrefix, string[]? filters, Action<MqttSession?> publish, TaskCompletionSource ready)
    {
        CancellationToken stop = _stop.Token;
        BrokerAddress broker = _broker;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using MqttSession session = await MqttSession.ConnectAsync(broker, clientPrefix, MqttSession.ConnectTimeout, stop);
                // QoS 0: the sim watches the whole fleet's traffic; acknowledging each message is work it does not need.
                if (filters != null) await session.SubscribeAsync(filters, stop, MQTTnet.Protocol.MqttQualityOfServiceLevel.AtMostOnce);
                publish(session);
                Interlocked.Increment(ref _generation);
                ready.TrySetResult();
                // The publishing session receives nothing; its Incoming ends when the connection does.
                await foreach (Received message in session.Incoming.ReadAllAsync(stop)) Take(message);
                publish(null);
                if (!stop.IsCancellationRequested) _log($"sim: {clientPrefix} session lost ({session.LostBecause ?? "closed"}); reconnecting");
                // The session's node may be gone: a cluster's next node first.
                broker = session.Broker.StartingAt(1);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                publish(null);
                _log($"sim: {clientPrefix} session: {e.Message}; retrying");
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
