using System.Threading.Channels;
using EdgeNano.Boards.Host;
using EdgeNano.Cli.Common;
using MQTTnet.Protocol;

namespace EdgeNano.Cli.Hub;

/// <summary>
/// The twin hub on a broker: opens the SQLite file, connects, subscribes as edgecore's eventbus
/// does, and answers every message through <see cref="TwinHub"/> in write batches
/// (<see cref="WriteBatch"/>: one transaction per batch, replies after its commit). A lost
/// connection is retried with backoff (1 s doubling to 30 s, with jitter) until stopped.
/// Its counters (<see cref="HubCounts"/>) are logged as a status line every 10 s when they
/// changed, and once more when it stops. A shard's MQTT client ID starts with the shard's name
/// (edgenano-hub-0of2-...) so a broker's log tells the shards apart; <see cref="MqttSession"/>'s
/// random suffix keeps two sessions from ever sharing one ID (they would take the broker
/// connection from each other in turn).
/// With a persistent session (<c>edgenano hub</c>'s) the client ID is the prefix and a hash of the
/// database file's full path instead, the same at every restart on that file: the broker keeps
/// the hub's subscriptions and queues what devices send while it is down, and a message is
/// acknowledged to the broker only after the batch holding it has committed, so a hub killed
/// mid-batch gets it again at its next connection rather than losing it.
/// </summary>
internal sealed class HubService : IAsyncDisposable
{
    /// <summary>Replies (and acknowledgements) a lane has out before it waits for the oldest.</summary>
    private const int MaxInFlight = 1024;

    private static readonly TimeSpan StatusEvery = TimeSpan.FromSeconds(10);

    // A cluster's node list, the node to try first at its head.
    private BrokerAddress _broker;
    private readonly Action<string> _log;
    private readonly TwinDatabase _database;
    private readonly HubBatchOptions _batching;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _run = Task.CompletedTask;
    private Task _status = Task.CompletedTask;
    // The persistent session's client ID, or null for a clean session.
    private readonly string? _sessionId;

    private HubService(BrokerAddress broker, string databasePath, HubLimits limits, HubBatchOptions batching, Action<string> log, HubShard shard, int partitions,
        bool persistentSession, int messageLinesPerSecond)
    {
        if (persistentSession) _sessionId = SessionId(shard, databasePath);
        // Shard i starts at node i of a clustered broker, so the shards spread over its nodes as the boards do.
        _broker = broker.StartingAt(shard.Index);
        _batching = batching;
        _log = log;
        _database = TwinDatabase.Open(databasePath);
        try
        {
            Lanes = new HubLanes(_database, new HostClock(), limits, HubMessageLog.Limit(log, messageLinesPerSecond), shard, partitions);
        }
        catch
        {
            _database.Dispose();
            throw;
        }
    }

    /// <summary>The hub's lanes (one without --partitions).</summary>
    public HubLanes Lanes { get; }

    /// <summary>Every device the hub knows, in order.</summary>
    public IReadOnlyCollection<string> DeviceIds => Lanes.DeviceIds;

    /// <summary>Completes once the hub is subscribed for the first time.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Runs until stopped (Dispose) or cancel.</summary>
    public Task Completion => _run;

    /// <summary>The client ID's prefix: "edgenano-hub", or "edgenano-hub-0of2" for shard 0/2.</summary>
    public static string ClientId(HubShard shard) => shard.IsWhole ? "edgenano-hub" : "edgenano-hub-" + shard.Name;

    /// <summary>A persistent session's client ID: the prefix and 8 hex digits of the database's full path, so one file, one session.</summary>
    public static string SessionId(HubShard shard, string databasePath)
    {
        byte[] hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(databasePath)));
        return ClientId(shard) + "-" + Convert.ToHexStringLower(hash, 0, 4);
    }

    /// <summary>
    /// Opens the database and starts the hub; a CliException when the file cannot be opened or
    /// holds a twin the hub cannot take (too large, or another shard's device).
    /// </summary>
    public static HubService Start(BrokerAddress broker, string databasePath, HubLimits limits, Action<string> log, CancellationToken cancel,
        HubBatchOptions? batching = null, HubShard? shard = null, int partitions = 1, bool persistentSession = false, int messageLinesPerSecond = 0)
    {
        var service = new HubService(broker, databasePath, limits, batching ?? new HubBatchOptions(), log, shard ?? HubShard.Whole, partitions, persistentSession,
            messageLinesPerSecond);
        HubShard owned = service.Lanes.Shard;
        log($"twin hub: {(owned.IsWhole ? "" : $"shard {owned} (devices whose partition of {owned.Count} is {owned.Index}), ")}" +
            $"{(partitions > 1 ? $"{partitions} lanes, " : "")}{service.DeviceIds.Count} device(s) loaded from {Path.GetFullPath(databasePath)}");
        cancel.Register(service._stop.Cancel);
        service._run = Task.Run(service.RunAsync);
        service._status = Task.Run(service.StatusAsync);
        return service;
    }

    /// <summary>Hears every reply as it is published, after its batch's commit (the sim's view of an in-process hub); set before Start's messages flow.</summary>
    public Action<HubPublish>? Replied { get; set; }

    /// <summary>What the hub has answered and refused so far.</summary>
    public HubCounts Counts => Lanes.Counts;

    private volatile ChannelReader<Received>? _incoming;

    /// <summary>Messages received from the broker and not yet taken up by a lane: how far behind the hub is.</summary>
    public int Waiting => (_incoming is { CanCount: true } incoming ? incoming.Count : 0) + (_laneInputs?.Sum(lane => lane.Reader.Count) ?? 0);

    private volatile Channel<Received>[]? _laneInputs;

    /// <summary>The status line, every 10 s when the counters moved (a quiet hub stays quiet).</summary>
    private async Task StatusAsync()
    {
        HubCounts last = Counts;
        try
        {
            while (true)
            {
                await Task.Delay(StatusEvery, _stop.Token);
                HubCounts now = Counts;
                if (now == last) continue;
                _log($"twin hub: status: {now}, {Waiting} waiting");
                last = now;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// QoS 1 for a persistent session: the broker keeps what arrives while the hub is down, and a
    /// message is acknowledged only after its commit. QoS 0 for a clean session (the sim's
    /// in-process hub), whose messages in flight are lost with its connection at either QoS, so
    /// QoS 1 bought it nothing but the broker's per-client limits: a default mosquitto holds 20
    /// unacknowledged QoS 1 messages to a client and queues 1,000 more, and at 10,000 boards the
    /// start-up burst went over that and mosquitto dropped reports (25 boards never converged).
    /// </summary>
    private MqttQualityOfServiceLevel SubscriptionQos =>
        _sessionId != null ? MqttQualityOfServiceLevel.AtLeastOnce : MqttQualityOfServiceLevel.AtMostOnce;

    private async Task RunAsync()
    {
        CancellationToken stop = _stop.Token;
        var delay = TimeSpan.FromSeconds(1);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using MqttSession session = await MqttSession.ConnectAsync(_broker, ClientId(Lanes.Shard), MqttSession.ConnectTimeout, stop, _sessionId);
                await session.SubscribeAsync(TwinHub.SubscriptionFilters, stop, SubscriptionQos);
                await using HubOutput output = await HubOutput.ConnectAsync(session.Broker, ClientId(Lanes.Shard), Lanes.Shard, _batching.ReplySessions, stop);
                _log($"twin hub: connected to {session.Broker.FirstNode}, subscribed to {string.Join(" ", TwinHub.SubscriptionFilters)}" +
                     $" (replies on {_batching.ReplySessions} more session(s))");
                _ready.TrySetResult();
                delay = TimeSpan.FromSeconds(1);
                _incoming = session.Incoming;
                if (Lanes.Lanes.Length == 1) await ServeAsync(Lanes.Lanes[0], session.Incoming, output, stop);
                else await ServeLanesAsync(session, output, stop);
                if (!stop.IsCancellationRequested) _log($"twin hub: lost the connection to {session.Broker.FirstNode}");
                // That node may be gone: a cluster's next node first.
                _broker = session.Broker.StartingAt(1);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _log($"twin hub: {e.Message}; retrying in {delay.TotalSeconds:0.#} s");
            }
            if (stop.IsCancellationRequested) break;
            try
            {
                await Task.Delay(delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 250)), stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }
    }

    /// <summary>
    /// One lane's loop: handles its messages in order in write batches and publishes each
    /// batch's replies after its commit. Replies are published in order but not one PUBACK at a
    /// time: waiting for each broker round trip capped the hub at a few thousand replies a
    /// second, far below a fleet's start-up. Up to <see cref="MaxInFlight"/> are out at once, the
    /// oldest awaited as new ones go (a window that slides, where waiting for all of them had
    /// emptied the pipe once per window); all are awaited when the lane is idle.
    /// </summary>
    private async Task ServeAsync(TwinHub hub, ChannelReader<Received> input, HubOutput output, CancellationToken stop)
    {
        var batch = new WriteBatch(hub, _batching);
        var inFlight = new Queue<Task>();
        // A persistent session's messages of the open batch: acknowledged to the broker after its commit.
        var unacknowledged = new List<Func<Task>>();
        await foreach (Received message in input.ReadAllAsync(stop))
        {
            batch.Add(message.Topic, message.Payload);
            if (message.Acknowledge != null) unacknowledged.Add(message.Acknowledge);
            bool moreWaiting = input.TryPeek(out _);
            if (!batch.IsDue(moreWaiting)) continue;
            foreach (HubPublish reply in batch.Commit())
            {
                Replied?.Invoke(reply);
                inFlight.Enqueue(output.PublishAsync(reply, stop));
            }
            foreach (Func<Task> acknowledge in unacknowledged) inFlight.Enqueue(acknowledge());
            unacknowledged.Clear();
            while (inFlight.Count > (moreWaiting ? MaxInFlight : 0)) await inFlight.Dequeue();
        }
    }

    /// <summary>
    /// The session's messages dealt to the lanes by device, each lane on its own task. Ends when
    /// the connection does (the lanes finish what they were dealt) or a lane fails (the others
    /// are stopped and the failure goes to the reconnect loop).
    /// </summary>
    private async Task ServeLanesAsync(MqttSession session, HubOutput output, CancellationToken stop)
    {
        using var lanesStop = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var inputs = new Channel<Received>[Lanes.Lanes.Length];
        var tasks = new List<Task>();
        _laneInputs = inputs;
        for (int lane = 0; lane < inputs.Length; lane++)
        {
            // Countable (not single-reader): what waits in the lanes is part of Waiting.
            inputs[lane] = Channel.CreateUnbounded<Received>(new UnboundedChannelOptions { SingleWriter = true });
            TwinHub hub = Lanes.Lanes[lane];
            ChannelReader<Received> input = inputs[lane].Reader;
            tasks.Add(Task.Run(() => ServeAsync(hub, input, output, lanesStop.Token), CancellationToken.None));
        }
        tasks.Add(Task.Run(async () =>
        {
            try
            {
                await foreach (Received message in session.Incoming.ReadAllAsync(lanesStop.Token))
                {
                    inputs[Lanes.LaneOf(message.Topic)].Writer.TryWrite(message);
                }
            }
            finally
            {
                foreach (Channel<Received> input in inputs) input.Writer.TryComplete();
            }
        }, CancellationToken.None));
        Task first = await Task.WhenAny(tasks);
        if (first.IsFaulted) lanesStop.Cancel();
        try
        {
            await Task.WhenAll(tasks);
        }
        catch when (first.IsFaulted && !stop.IsCancellationRequested)
        {
            // The first failure is the one to report; the others are the stop it caused.
            await first;
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
        await _status;
        _log($"twin hub: status at stop: {Counts}");
        _database.Dispose();
        _stop.Dispose();
    }
}
