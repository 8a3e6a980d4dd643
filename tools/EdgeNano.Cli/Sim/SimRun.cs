using System.Diagnostics;
using EdgeNano.Board;
using EdgeNano.Boards.Host;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Cli.Common;
using EdgeNano.Cli.Hub;
using EdgeNano.Runtime;

namespace EdgeNano.Cli.Sim;

/// <summary>
/// One run of the simulated fleet: the embedded broker (unless an external one is given), the
/// twin hub in-process (unless --no-hub), N boards on one shared dispatcher and one blocking-work
/// pool, the load (inputs and desired values), the faults of the scenario, and at the end the
/// convergence check. Every part is the product's own code; only the pins are simulated.
/// </summary>
internal sealed class SimRun : IAsyncDisposable
{
    private readonly SimOptions _options;
    private readonly Action<string> _log;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _temporary = [];
    private readonly SimLog _deviceLog = new();
    private SharedDispatcher? _dispatcher;
    private BlockingWorkPool? _work;
    private ISimBroker? _broker;
    private HubService? _hub;
    private TwinObserver? _observer;
    private readonly List<SimDevice> _boards = [];
    private readonly List<DeviceTrack> _tracks = [];
    private readonly Dictionary<string, DeviceTrack> _byId = new(StringComparer.Ordinal);
    private readonly Latencies _latencies = new();
    private FaultRunner? _faults;
    private StuckWatch? _stuck;

    public SimRun(SimOptions options, Action<string> log)
    {
        _options = options;
        _log = log;
    }

    public SimOptions Options => _options;
    public BrokerAddress Broker { get; private set; } = new("127.0.0.1", 0, false, null, null);
    public IReadOnlyList<DeviceTrack> Tracks => _tracks;
    public IReadOnlyList<SimDevice> Boards => _boards;
    public Latencies Latencies => _latencies;
    public SimLog DeviceLog => _deviceLog;
    public TimeSpan StartupTime { get; private set; }

    /// <summary>When every board was synced (or the wait gave up); StartupTime also waits for the in-process hub to catch up.</summary>
    public TimeSpan SyncedTime { get; private set; }
    public int ThreadCount => (_dispatcher?.ThreadCount ?? 0) + _options.BlockingThreads;
    public long NowMs => _clock.ElapsedMilliseconds;
    public long DesiredSent;
    public long InputChanges;

    /// <summary>Reads the board, starts broker, hub and observer; throws a CliException with the board's error line when it is invalid.</summary>
    public async Task PrepareAsync(CancellationToken cancel)
    {
        byte[] boardJson;
        try
        {
            boardJson = File.ReadAllBytes(_options.BoardFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{_options.BoardFile}: {e.Message}");
        }
        BoardDescription board = BoardParser.Parse(_options.BoardFile, boardJson);
        if (!board.IsValid) throw new CliException(board.ErrorText());
        if (board.DeviceCount < 1) throw new CliException($"{_options.BoardFile}: the board has no devices");
        _boardJson = boardJson;
        PlanBoards(board);

        if (_options.Mosquitto != null)
        {
            var mosquitto = new MosquittoProcess(_options.Mosquitto, _options.Devices);
            _broker = mosquitto;
            mosquitto.Start();
            Broker = new BrokerAddress(_broker.Host, _broker.Port, false, null, null);
        }
        else if (_options.Broker == null)
        {
            _broker = new EmbeddedSimBroker(EmbeddedBroker.Start(_options.Port));
            Broker = new BrokerAddress(_broker.Host, _broker.Port, false, null, null);
        }
        else
        {
            if (_options.Scenario.Faults.Any(f => f.Kind == Fault.BrokerOutage))
                throw new CliException("a brokerOutage fault needs a broker the sim runs (leave out --broker, or use --mosquitto)");
            Broker = _options.Broker;
        }
        _log($"sim: broker {Broker}{(_broker != null ? $" ({_broker.Name})" : "")}");

        if (_options.RunHub)
        {
            string db = _options.DatabasePath ?? Path.Combine(TempFolder("edgenano-sim-hub-"), "hub.db");
            // Not stopped by Ctrl+C: the end's convergence check still needs the hub; DisposeAsync stops it.
            _hub = HubService.Start(Broker, db, new HubLimits(), _deviceLog.Hub, CancellationToken.None, _options.HubBatching, _options.Shard, _options.HubPartitions);
            await ReadyAsync(_hub.Ready, "the in-process twin hub", cancel);
        }
        // With the hub in this process the view is fed its replies as they go out, rather than
        // through a session reading the whole fleet's documents back from the broker.
        _observer = new TwinObserver(Broker, _deviceLog.Hub, watch: _hub == null);
        if (_hub != null) _hub.Replied = reply => _observer.TakeReply(reply.Topic, reply.Payload);
        _observer.View.ActualSeen = ActualSeen;
        _observer.Start();
        await ReadyAsync(_observer.Ready, "the sim's own session", cancel);

        _dispatcher = new SharedDispatcher(_options.Workers);
        _work = new BlockingWorkPool(_options.BlockingThreads, Math.Max(4096, _options.Devices * 4));
    }

    private byte[] _boardJson = [];

    /// <summary>Waits for a part to be connected; a clear line (not a TimeoutException) when the broker never takes it.</summary>
    private async Task ReadyAsync(Task ready, string part, CancellationToken cancel)
    {
        try
        {
            await ready.WaitAsync(ConnectPatience, cancel);
        }
        catch (TimeoutException)
        {
            throw new CliException($"{part} could not connect to the broker {Broker} within {ConnectPatience.TotalSeconds:0} s (is it running and reachable?)");
        }
    }

    private static readonly TimeSpan ConnectPatience = TimeSpan.FromSeconds(15);

    /// <summary>The boards this process runs, by fleet index and first device ID: all --devices, or those of its --shard.</summary>
    public IReadOnlyList<(int Index, string Id)> PlannedBoards { get; private set; } = [];

    /// <summary>The in-process hub's counters; null with --no-hub.</summary>
    public HubCounts? HubCounts => _hub?.Counts;

    /// <summary>
    /// Names the fleet's boards ({namespace}/{prefix}0001...) and keeps this shard's. A board is
    /// placed by its first device's ID; the other devices of a board with several are answered
    /// by whichever hub shard owns each.
    /// </summary>
    private void PlanBoards(BoardDescription template)
    {
        int width = Math.Max(4, _options.Devices.ToString().Length);
        string first = template.DeviceAt(0).Id;
        string ns = first.Contains('/') ? first[..first.IndexOf('/')] : "default";
        var planned = new List<(int, string)>();
        for (int i = 0; i < _options.Devices; i++)
        {
            string id = $"{ns}/{_options.IdPrefix}{(i + 1).ToString().PadLeft(width, '0')}";
            if (_options.Shard.Owns(id)) planned.Add((i, id));
        }
        PlannedBoards = planned;
        if (!_options.Shard.IsWhole) _log($"sim: shard {_options.Shard}: {planned.Count} of the fleet's {_options.Devices} boards run here");
    }

    /// <summary>Composes and starts every planned board; progress gets (started, total).</summary>
    public void StartDevices(Action<int, int> progress)
    {
        string store = _options.StoreFolder ?? TempFolder("edgenano-sim-store-");
        long started = _clock.ElapsedMilliseconds;
        MemoryBeforeDevices = ManagedBytes();
        int done = 0;
        foreach (var (i, id) in PlannedBoards)
        {
            string folder = Path.Combine(store, id.Replace('/', '_'));
            byte[][]? keys = _options.OtaKeys;
            var board = new SimDevice(i, id, _options.BoardFile, _boardJson, folder, Broker, _dispatcher!, _work!, _deviceLog)
            {
                Configure = keys == null ? null : settings => settings.Ota.Keys = keys,
                StoreSyncToDisk = _options.StoreFsync,
                FlashInMemory = _options.StoreFolder == null,
            };
            board.Start();
            _boards.Add(board);
            for (int d = 0; d < board.Board.DeviceCount; d++)
            {
                var track = new DeviceTrack(board, board.Board.DeviceAt(d));
                _tracks.Add(track);
                _byId[track.DeviceId] = track;
            }
            progress(++done, PlannedBoards.Count);
        }
        StartupTime = TimeSpan.FromMilliseconds(_clock.ElapsedMilliseconds - started);
        _faults = new FaultRunner(_options.Scenario, _broker, _boards, _log, () => NowMs);
        _stuck = new StuckWatch(_faults);
    }

    /// <summary>The faults injected so far.</summary>
    public FaultCounts Faults => _faults?.Counts ?? FaultCounts.None;

    /// <summary>
    /// Waits until every board is synced with the owner and, with the hub in this process, until
    /// the hub has answered what the boards sent while coming up, or the timeout; the number synced.
    /// </summary>
    public async Task<int> WaitSyncedAsync(TimeSpan timeout, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            int synced = _boards.Count(b => b.IsSynced);
            if (synced == _boards.Count) break;
            await Task.Delay(100, cancel);
        }
        SyncedTime = TimeSpan.FromMilliseconds(NowMs);
        // A board is synced once its twin/get is answered; its first reports and outbox flush
        // come after. At 20,000 boards 24,000 of those still waited for the hub when the last
        // board synced, and the load's first desired values queued behind them for seconds:
        // start-up, not the round trip the load measures.
        if (_hub != null) await WaitHubCaughtUpAsync(deadline, cancel);
        StartupTime = TimeSpan.FromMilliseconds(NowMs);
        MemoryWithDevices = ManagedBytes();
        return _boards.Count(b => b.IsSynced);
    }

    /// <summary>Until nothing waits for the in-process hub on three checks 100 ms apart, or the deadline.</summary>
    private async Task WaitHubCaughtUpAsync(DateTime deadline, CancellationToken cancel)
    {
        int quietChecks = 0;
        while (quietChecks < 3 && DateTime.UtcNow < deadline)
        {
            quietChecks = _hub!.Waiting == 0 ? quietChecks + 1 : 0;
            if (quietChecks < 3) await Task.Delay(100, cancel);
        }
    }

    /// <summary>
    /// Spreads every device's first input changes and desired value over one period from now, so
    /// the fleet does not change in lock step. At the load's start, not at each board's: starting
    /// 10,000 boards takes longer than a period, and due times set then were all past at once.
    /// </summary>
    public void BeginLoad()
    {
        long now = NowMs;
        foreach (DeviceTrack track in _tracks)
        {
            for (int k = 0; k < track.InputKeys.Length; k++)
            {
                int every = _options.Scenario.WaveFor(track.InputKeys[k])?.EveryMs ?? 0;
                track.InputDueMs[k] = every > 0 ? now + Random.Shared.Next(0, every) : long.MaxValue;
            }
            track.NextDesiredAtMs = now + Random.Shared.Next(0, Math.Max(1, _options.RateSteps?.FirstEveryMs ?? _options.Scenario.Desired.EveryMs));
        }
    }

    /// <summary>One turn of the load: due input changes, due desired values, re-sends, due faults.</summary>
    public async Task DriveAsync(long runStartMs, CancellationToken cancel)
    {
        long now = NowMs;
        _faults!.Run(now - runStartMs);
        var sends = new List<Task>();
        int everyMs = _options.RateSteps?.EveryMs(now - runStartMs, now) ?? _options.Scenario.Desired.EveryMs;
        foreach (DeviceTrack track in _tracks)
        {
            DriveInputs(track, now);
            // A faster rate step starts at its own pace: a value due a slow period away is
            // brought in to within the new period (spread, so devices do not send in lock step).
            if (everyMs > 0 && track.NextDesiredAtMs > now + everyMs) track.NextDesiredAtMs = now + Random.Shared.Next(0, everyMs);
            if (everyMs > 0 && now >= track.NextDesiredAtMs && track.Board.IsRunning)
            {
                // Steady pace: the next one is due a period after this one was, not after now (a late turn does not slow the rate).
                track.NextDesiredAtMs = Math.Max(track.NextDesiredAtMs + everyMs, now - everyMs);
                foreach (string key in track.OutputKeys)
                {
                    string next = track.Desired.TryGetValue(key, out var last) && last.Value == "true" ? "false" : "true";
                    var pending = new PendingDesired(next, now);
                    lock (track)
                    {
                        if (last is { Reported: false } && _options.RateSteps?.At(last.FirstSentMs) is { } overtaken) Interlocked.Increment(ref overtaken.Overtaken);
                        track.Desired[key] = pending;
                    }
                    if (_options.RateSteps?.At(now) is { } step) Interlocked.Increment(ref step.Sent);
                    sends.Add(SendAsync(track, key, pending, cancel));
                }
            }
        }
        // Twice a second, not every turn: a re-send waits at least a second anyway, and the pass
        // over every device's values was a tenth of the sim's CPU at 10,000 boards.
        if (now >= _nextResendCheckMs)
        {
            _nextResendCheckMs = now + ResendCheckEveryMs;
            ResendDue(sends, cancel);
        }
        // Not awaited: each publish waits for its PUBACK, which comes late when the broker and
        // the owner are busy, and the load (inputs, faults, figures) must keep its pace. The
        // outcome is kept on the pending value (event id, or none: re-sent).
        await Task.CompletedTask;
    }

    private const int ResendCheckEveryMs = 500;
    private long _nextResendCheckMs;

    private void DriveInputs(DeviceTrack track, long now)
    {
        for (int i = 0; i < track.InputKeys.Length; i++)
        {
            if (now < track.InputDueMs[i]) continue;
            InputWave? wave = _options.Scenario.WaveFor(track.InputKeys[i]);
            if (wave == null || wave.EveryMs <= 0)
            {
                track.InputDueMs[i] = long.MaxValue;
                continue;
            }
            // Keep each input's own phase: due a period after it was due, not after now. A late
            // turn (a GC pause, a busy machine) would otherwise bring every input it found due into
            // step, and at 10,000 boards the whole fleet ended up changing in the same second.
            track.InputDueMs[i] = NextInPhase(track.InputDueMs[i], wave.EveryMs, now);
            if (!track.Board.DriveInput(track.DeviceId, track.InputKeys[i], wave.Pulses)) continue;
            Interlocked.Increment(ref InputChanges);
            track.LastInputAtMs = now;
        }
    }

    /// <summary>The first due time after now on due's own period (due, due + every, ...).</summary>
    internal static long NextInPhase(long due, int everyMs, long now)
    {
        long missed = (now - due) / everyMs + 1;
        return due + missed * everyMs;
    }

    private async Task SendAsync(DeviceTrack track, string key, PendingDesired pending, CancellationToken cancel)
    {
        pending.LastSentMs = NowMs;
        pending.Sends++;
        pending.InFlight = true;
        pending.SentInGeneration = _observer!.Generation;
        string? eventId;
        try
        {
            eventId = await _observer.SetDesiredAsync(track.DeviceId, key, pending.Value, cancel);
        }
        catch (OperationCanceledException)
        {
            eventId = null;
        }
        lock (track)
        {
            pending.EventId = eventId;
            pending.InFlight = false;
        }
        if (eventId != null) Interlocked.Increment(ref DesiredSent);
    }

    /// <summary>
    /// A desired value the owner has not confirmed is sent again when it may have been lost: it
    /// was never published, the sim's session reconnected since (a broker outage), or no answer
    /// came in 5 s, then 10, 20, 40 (the owner itself was away). Not sooner: a busy owner
    /// answers late, and re-sending to it only makes it later. A confirmed value whose owner's
    /// twin later shows another expected value is unconfirmed and sent again: the view the sim
    /// confirmed it from was stale (documents are watched at QoS 0 and a broker restart loses
    /// some), and the set itself may have been lost with the broker.
    /// </summary>
    private void ResendDue(List<Task> sends, CancellationToken cancel)
    {
        long now = NowMs;
        int generation = _observer!.Generation;
        foreach (DeviceTrack track in _tracks)
        {
            lock (track)
            {
                foreach (var (key, pending) in track.Desired)
                {
                    string? owner = _observer.View.Expected(track.DeviceId, key);
                    if (owner == pending.Value || (pending.Reported && owner == null))
                    {
                        // The owner's twin shows the value as expected (or as actual): it was applied.
                        pending.Confirmed = true;
                        continue;
                    }
                    if (pending.InFlight) continue;
                    bool lost = pending.EventId == null || pending.SentInGeneration != generation || pending.Confirmed;
                    if (pending.Confirmed)
                    {
                        pending.Confirmed = false;
                        Interlocked.Increment(ref Unconfirmed);
                    }
                    long patience = Math.Min(40000, 5000L << Math.Min(3, pending.Sends - 1));
                    lost |= now - pending.LastSentMs >= patience;
                    if (lost && now - pending.LastSentMs >= 1000) sends.Add(SendAsync(track, key, pending, cancel));
                }
            }
        }
    }

    /// <summary>Desired values the sim had taken as applied until the owner's twin showed another value; each was sent again.</summary>
    public long Unconfirmed;

    private void ActualSeen(string device, string key, string value)
    {
        if (!_byId.TryGetValue(device, out var track)) return;
        lock (track)
        {
            if (!track.Desired.TryGetValue(key, out var pending) || pending.Reported || pending.Value != value) return;
            pending.Reported = true;
            double ms = NowMs - pending.FirstSentMs;
            track.Latency.Add(ms);
            track.RoundTrips++;
            _latencies.Add(ms);
            _options.RateSteps?.At(pending.FirstSentMs)?.RoundTrips.Add(ms);
        }
    }

    /// <summary>Ends pending faults (boards back on, broker up, armed cuts taken back) so the fleet can converge.</summary>
    public void EndFaults() => _faults?.EndAll();

    /// <summary>Twin gets the end's check sends per turn at most: asking a whole fleet at once only made a busy owner later.</summary>
    private const int TwinRequestsPerCheck = 100;

    /// <summary>
    /// Checks every device; a device still apart 5 s after its last ask gets its twin asked again
    /// (a document may have been lost in an outage), at most <see cref="TwinRequestsPerCheck"/> per call.
    /// </summary>
    public async Task<int> CheckConvergenceAsync(CancellationToken cancel)
    {
        ResendDue([], cancel);
        int converged = 0;
        int asked = 0;
        long now = NowMs;
        foreach (DeviceTrack track in _tracks)
        {
            track.Mismatch = Mismatch(track);
            track.Stuck = _stuck?.Check(track, now);
            track.Converged = track.Mismatch == null && track.Stuck == null;
            if (track.Converged)
            {
                converged++;
            }
            else if (now - track.LastTwinRequestMs > 5000 && track.Board.IsSynced && asked < TwinRequestsPerCheck)
            {
                asked++;
                track.LastTwinRequestMs = now;
                _ = _observer!.RequestTwinAsync(track.DeviceId, cancel); // the answer lands in the view; not waited for
            }
        }
        return converged;
    }

    private string? Mismatch(DeviceTrack track)
    {
        if (!track.Board.IsRunning) return "the board is off";
        if (!track.Board.IsSynced) return "not synced with the twin owner";
        lock (track)
        {
            foreach (var (key, pending) in track.Desired)
            {
                if (!pending.Confirmed) return $"desired {key}={pending.Value} not confirmed by the twin owner";
                string? local = track.Board.LocalActual(track.DeviceId, key);
                if (local != pending.Value) return $"desired {key}={pending.Value} but the device has {local ?? "nothing"} ({DeviceSide(track, key)})";
            }
        }
        foreach (string key in track.ReportedKeys)
        {
            string? local = track.Board.LocalActual(track.DeviceId, key);
            string? owner = _observer!.View.Actual(track.DeviceId, key);
            if (local == null) return $"{key}: the device has no actual value";
            if (local != owner) return $"{key}: device has {local}, twin owner has {owner ?? "nothing"} ({DeviceSide(track, key)})";
        }
        return null;
    }

    /// <summary>The device twin's own view of a key (expected value and versions), to tell in the summary where a difference lies.</summary>
    private string DeviceSide(DeviceTrack track, string key)
    {
        var store = track.Board.Device?.Twin.Store;
        if (store == null) return "the board is off";
        try
        {
            int slot = store.FindProperty(store.FindDevice(track.DeviceId), key);
            if (slot < 0) return "no such property on the device";
            string expected = store.HasExpected(slot)
                ? System.Text.Encoding.UTF8.GetString(store.ArenaBytes, store.ExpectedOffset(slot), store.ExpectedLength(slot))
                : "none";
            return $"device expects {expected}, expected version {store.ExpectedCloudVersion(slot)}/{store.ExpectedEdgeVersion(slot)}, " +
                   $"actual version {store.ActualCloudVersion(slot)}/{store.ActualEdgeVersion(slot)}; owner expects {_observer!.View.Expected(track.DeviceId, key) ?? "nothing"}";
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException)
        {
            return "the device's twin moved while read";
        }
    }

    /// <summary>Managed heap after a full collection: what the boards hold, without garbage.</summary>
    private static long ManagedBytes() => GC.GetTotalMemory(forceFullCollection: true);

    public long MemoryBeforeDevices { get; private set; }
    public long MemoryWithDevices { get; private set; }

    /// <summary>Managed bytes each board holds once started and synced.</summary>
    public double BytesPerBoard => _boards.Count == 0 ? 0 : (double)(MemoryWithDevices - MemoryBeforeDevices) / _boards.Count;

    /// <summary>The most threads the process had at a snapshot.</summary>
    public int PeakThreads { get; private set; }

    private int _measuredAtLastSnapshot;

    /// <summary>The fleet now; the round trips since the last snapshot are its recent ones (take one snapshot per period).</summary>
    public FleetSnapshot Snapshot()
    {
        using (var self = System.Diagnostics.Process.GetCurrentProcess())
        {
            PeakThreads = Math.Max(PeakThreads, self.Threads.Count);
            ProcessThreads = self.Threads.Count;
            WorkingSetBytes = self.WorkingSet64;
            CpuTime = self.TotalProcessorTime;
        }
        LifeCounters totals = default;
        int online = 0, synced = 0;
        foreach (SimDevice board in _boards)
        {
            totals = totals.Add(board.Totals);
            if (board.IsOnline) online++;
            if (board.IsSynced) synced++;
        }
        int measured = _latencies.Count;
        var (recentP50, recentP99) = _latencies.P50AndP99(_measuredAtLastSnapshot);
        var recent = new RecentRoundTrips(measured - _measuredAtLastSnapshot, recentP50, recentP99);
        _measuredAtLastSnapshot = measured;
        var (p50, p99) = _latencies.P50AndP99();
        return new FleetSnapshot(NowMs, _boards.Count, online, synced, totals, measured,
            p50, p99, Interlocked.Read(ref DesiredSent), Faults,
            _work?.Failures ?? 0, _deviceLog.Warnings, _deviceLog.Errors, ProcessFigures.Now(ProcessThreads, CpuTime),
            _hub?.Counts.Answered ?? 0, _hub?.Waiting ?? 0, _observer?.Waiting ?? 0, recent);
    }

    public int ProcessThreads { get; private set; }
    public long WorkingSetBytes { get; private set; }
    public TimeSpan CpuTime { get; private set; }

    private string TempFolder(string prefix)
    {
        string path = Directory.CreateTempSubdirectory(prefix).FullName;
        _temporary.Add(path);
        return path;
    }

    /// <summary>How long the end stops boards one by one before it cuts the rest off.</summary>
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(15);

    public async ValueTask DisposeAsync()
    {
        // Side by side, and within a time: each board's stop runs its modules' Stop on threads of
        // their own and waits for them; one after another, 10,000 boards kept the process from
        // ending for minutes. Boards not reached in time lose their power instead (no goodbye; the
        // broker publishes their wills).
        var stopping = Stopwatch.StartNew();
        int cut = 0;
        Parallel.ForEach(_boards, new ParallelOptions { MaxDegreeOfParallelism = 8 }, board =>
        {
            if (stopping.Elapsed < StopPatience) board.Stop();
            else
            {
                board.CutPower();
                Interlocked.Increment(ref cut);
            }
        });
        if (cut > 0) _log($"sim: {_boards.Count - cut} board(s) stopped, {cut} cut off after {StopPatience.TotalSeconds:0} s of stopping");
        if (_observer != null) await _observer.DisposeAsync();
        if (_hub != null) await _hub.DisposeAsync();
        _dispatcher?.Dispose();
        _work?.Dispose();
        _broker?.Dispose();
        foreach (string folder in _temporary)
        {
            try
            {
                Directory.Delete(folder, true);
            }
            catch (IOException)
            {
            }
        }
    }
}

/// <summary>The fleet at one moment, for the live table, the plain lines and the report.</summary>
internal sealed record FleetSnapshot(long AtMs, int Boards, int Online, int Synced, LifeCounters Totals, int RoundTrips,
    double RoundTripP50Ms, double RoundTripP99Ms, long DesiredSent, FaultCounts Faults, int WorkFailures, int LogWarnings, int LogErrors,
    ProcessFigures Process, long HubAnswered, int HubWaiting, int ObserverWaiting, RecentRoundTrips Recent)
{
    public int BrokerOutages => Faults.BrokerOutages;
}

/// <summary>Round trips measured since the previous snapshot: how the fleet does now, where the run's percentiles carry its past.</summary>
internal readonly record struct RecentRoundTrips(int Count, double P50Ms, double P99Ms);

/// <summary>The sim process at one moment: threads, CPU used and the .NET garbage collector's pauses and collections so far.</summary>
internal readonly record struct ProcessFigures(int Threads, TimeSpan Cpu, TimeSpan GcPauses, int Gen0, int Gen1, int Gen2)
{
    public static ProcessFigures Now(int threads, TimeSpan cpu) =>
        new(threads, cpu, GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
}
