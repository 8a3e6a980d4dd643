using EdgeNano.Boards.Host;
using EdgeNano.Cli.Common;

namespace EdgeNano.Cli.Hub;

/// <summary>
/// The twin hub on a broker: opens the SQLite file, connects, subscribes as edgecore's eventbus
/// does, and answers every message through <see cref="TwinHub"/> in write batches
/// (<see cref="WriteBatch"/>: one transaction per batch, replies after its commit). A lost
/// connection is retried with backoff (1 s doubling to 30 s, with jitter) until stopped.
/// </summary>
internal sealed class HubService : IAsyncDisposable
{
    /// <summary>Replies published before the hub waits for their acknowledgements.</summary>
    private const int MaxInFlight = 256;

    // A cluster's node list, the node to try first at its head.
    private BrokerAddress _broker;
    private readonly Action<string> _log;
    private readonly TwinDatabase _database;
    private readonly HubBatchOptions _batching;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _run = Task.CompletedTask;

    private HubService(BrokerAddress broker, string databasePath, HubLimits limits, HubBatchOptions batching, Action<string> log)
    {
        _broker = broker;
        _batching = batching;
        _log = log;
        _database = TwinDatabase.Open(databasePath);
        try
        {
            Hub = new TwinHub(_database, new HostClock(), limits, log);
        }
        catch
        {
            _database.Dispose();
            throw;
        }
    }

    public TwinHub Hub { get; }

    /// <summary>Completes once the hub is subscribed for the first time.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Runs until stopped (Dispose) or cancel.</summary>
    public Task Completion => _run;

    public static HubService Start(BrokerAddress broker, string databasePath, HubLimits limits, Action<string> log, CancellationToken cancel,
        HubBatchOptions? batching = null)
    {
        var service = new HubService(broker, databasePath, limits, batching ?? new HubBatchOptions(), log);
        log($"twin hub: {service.Hub.DeviceIds.Count} device(s) loaded from {Path.GetFullPath(databasePath)}");
        cancel.Register(service._stop.Cancel);
        service._run = Task.Run(service.RunAsync);
        return service;
    }

    private async Task RunAsync()
    {
        CancellationToken stop = _stop.Token;
        var delay = TimeSpan.FromSeconds(1);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using MqttSession session = await MqttSession.ConnectAsync(_broker, "edgenano-hub", MqttSession.ConnectTimeout, stop);
                await session.SubscribeAsync(TwinHub.SubscriptionFilters, stop);
                _log($"twin hub: connected to {session.Broker.FirstNode}, subscribed to {string.Join(" ", TwinHub.SubscriptionFilters)}");
                _ready.TrySetResult();
                delay = TimeSpan.FromSeconds(1);
                // Replies are published in order but not one PUBACK at a time: waiting for each
                // broker round trip capped the hub at a few thousand replies a second, far below
                // a fleet's start-up. They are awaited when many are out or the hub is idle.
                var batch = new WriteBatch(Hub, _batching);
                var inFlight = new List<Task>();
                await foreach (Received message in session.Incoming.ReadAllAsync(stop))
                {
                    batch.Add(message.Topic, message.Payload);
                    bool moreWaiting = session.Incoming.TryPeek(out _);
                    if (!batch.IsDue(moreWaiting)) continue;
                    foreach (HubPublish reply in batch.Commit())
                    {
                        inFlight.Add(session.PublishAsync(reply.Topic, reply.Payload, stop));
                    }
                    if (inFlight.Count >= MaxInFlight || !moreWaiting)
                    {
                        await Task.WhenAll(inFlight);
                        inFlight.Clear();
                    }
                }
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
        _database.Dispose();
        _stop.Dispose();
    }
}
