using System.Collections.Concurrent;

namespace EdgeNano.Cli.Sim;

/// <summary>Faults injected so far, by kind; boards are counted once per hit.</summary>
internal sealed record FaultCounts(int BrokerOutages, int Reboots, int PowerCuts, int StorePowerCutsArmed, int StorePowerCuts,
    IReadOnlyDictionary<string, int> StoreCutPoints, int Skipped)
{
    public static readonly FaultCounts None = new(0, 0, 0, 0, 0, new Dictionary<string, int>(), 0);
}

/// <summary>
/// Runs the scenario's faults on the fleet: each fault at its time and again every everyMs, on the
/// first boards or random ones (seeded), never on a board another fault holds (off, or armed for a
/// store power cut). A store power cut holds its board from arming until the board is back on,
/// durationMs after its cut fired. Remembers when each board was last hit, so the end can tell
/// a device that never recovered from one that had nothing to say.
/// </summary>
internal sealed class FaultRunner
{
    private sealed record Occurrence(Fault Fault, long EndsAtMs, List<SimDevice> Boards);

    private readonly List<Fault> _faults;
    private readonly long[] _nextAtMs;
    private readonly ISimBroker? _broker;
    private readonly IReadOnlyList<SimDevice> _boards;
    private readonly Action<string> _log;
    private readonly Func<long> _clock;
    private readonly Random _random;
    private readonly List<Occurrence> _active = [];
    private readonly HashSet<SimDevice> _held = [];
    private readonly Dictionary<SimDevice, Fault> _armed = [];
    private readonly List<(SimDevice Board, long OnAtMs)> _cutOff = [];
    private readonly ConcurrentQueue<(SimDevice Board, string Point, long AtMs)> _fired = new();
    private readonly Dictionary<SimDevice, (long AtMs, long Reports)> _lastHit = [];
    private readonly Dictionary<string, int> _cutPoints = new(StringComparer.Ordinal);
    private int _brokerOutages, _reboots, _powerCuts, _armedCount, _cuts, _skipped;
    private bool _brokerDown;

    public FaultRunner(Scenario scenario, ISimBroker? broker, IReadOnlyList<SimDevice> boards, Action<string> log, Func<long> clock)
    {
        _faults = [.. scenario.Faults.OrderBy(f => f.AtMs)];
        _nextAtMs = [.. _faults.Select(f => (long)f.AtMs)];
        _broker = broker;
        _boards = boards;
        _log = log;
        _clock = clock;
        _random = new Random(scenario.Seed);
        foreach (SimDevice board in boards) board.StorePowerLost += (b, point) => _fired.Enqueue((b, point, _clock()));
    }

    /// <summary>When a fault last touched the board (it came back on, or the broker did; sim clock) and its report count then; null if never.</summary>
    public (long AtMs, long Reports)? LastHit(SimDevice board)
    {
        lock (_lastHit) return _lastHit.TryGetValue(board, out var hit) ? hit : null;
    }

    public FaultCounts Counts
    {
        get
        {
            lock (_cutPoints) return new(_brokerOutages, _reboots, _powerCuts, _armedCount, _cuts, new Dictionary<string, int>(_cutPoints), _skipped);
        }
    }

    /// <summary>One turn: fired cuts noted, due faults ended, boards due back powered on, due faults begun.</summary>
    public void Run(long elapsedMs)
    {
        long now = _clock();
        NoteFiredCuts();
        for (int i = _active.Count - 1; i >= 0; i--)
        {
            if (now < _active[i].EndsAtMs) continue;
            End(_active[i]);
            _active.RemoveAt(i);
        }
        for (int i = _cutOff.Count - 1; i >= 0; i--)
        {
            if (now < _cutOff[i].OnAtMs) continue;
            PowerOn(_cutOff[i].Board);
            _cutOff.RemoveAt(i);
        }
        for (int i = 0; i < _faults.Count; i++)
        {
            while (elapsedMs >= _nextAtMs[i])
            {
                Begin(_faults[i], now);
                _nextAtMs[i] = _faults[i].EveryMs > 0 ? _nextAtMs[i] + _faults[i].EveryMs : long.MaxValue;
            }
        }
    }

    /// <summary>The end of the run: armed cuts taken back, every board on, the broker up, so the fleet can converge.</summary>
    public void EndAll()
    {
        NoteFiredCuts();
        foreach (SimDevice board in _armed.Keys) board.DisarmStorePowerCut(); // one that fired meanwhile is started below anyway
        _armed.Clear();
        foreach (Occurrence occurrence in _active) End(occurrence);
        _active.Clear();
        foreach (SimDevice board in _held.ToList()) PowerOn(board);
        _cutOff.Clear();
        _held.Clear();
    }

    private void NoteFiredCuts()
    {
        while (_fired.TryDequeue(out var cut))
        {
            if (!_armed.Remove(cut.Board, out Fault? fault)) continue;
            lock (_cutPoints)
            {
                _cuts++;
                _cutPoints[cut.Point] = _cutPoints.GetValueOrDefault(cut.Point) + 1;
            }
            _cutOff.Add((cut.Board, cut.AtMs + fault.DurationMs));
        }
    }

    private void Begin(Fault fault, long now)
    {
        switch (fault.Kind)
        {
            case Fault.BrokerOutage:
                if (_brokerDown)
                {
                    _skipped++;
                    return;
                }
                _log($"sim: fault: broker outage for {fault.DurationMs} ms");
                _brokerDown = true;
                lock (_cutPoints) _brokerOutages++;
                _broker!.Stop();
                _active.Add(new Occurrence(fault, now + fault.DurationMs, []));
                break;
            case Fault.Reboot:
            case Fault.PowerCut:
            {
                List<SimDevice> boards = Pick(fault);
                bool reboot = fault.Kind == Fault.Reboot;
                _log($"sim: fault: {(reboot ? "rebooting" : "power cut on")} {boards.Count} board(s) for {fault.DurationMs} ms");
                foreach (SimDevice board in boards)
                {
                    if (reboot) board.Stop();
                    else board.CutPower();
                    _held.Add(board);
                }
                lock (_cutPoints)
                {
                    if (reboot) _reboots += boards.Count;
                    else _powerCuts += boards.Count;
                }
                _active.Add(new Occurrence(fault, now + fault.DurationMs, boards));
                break;
            }
            case Fault.StorePowerCut:
            {
                List<SimDevice> boards = Pick(fault);
                int armed = 0;
                foreach (SimDevice board in boards)
                {
                    if (!board.ArmStorePowerCut(_random.Next())) continue;
                    _armed[board] = fault;
                    _held.Add(board);
                    armed++;
                }
                lock (_cutPoints) _armedCount += armed;
                _log($"sim: fault: store power cut armed on {armed} board(s); each is off for {fault.DurationMs} ms after its cut");
                break;
            }
        }
    }

    private void End(Occurrence occurrence)
    {
        if (occurrence.Fault.Kind == Fault.BrokerOutage)
        {
            _broker!.Start();
            _brokerDown = false;
            long now = _clock();
            lock (_lastHit)
            {
                foreach (SimDevice board in _boards) _lastHit[board] = (now, board.Totals.Reports);
            }
            _log("sim: fault over: broker back");
            return;
        }
        foreach (SimDevice board in occurrence.Boards) PowerOn(board);
        _log($"sim: fault over: {occurrence.Boards.Count} board(s) powered on again");
    }

    private void PowerOn(SimDevice board)
    {
        board.Start();
        _held.Remove(board);
        lock (_lastHit) _lastHit[board] = (_clock(), board.Totals.Reports);
    }

    /// <summary>The fault's boards: the first ones, or random ones, in both cases only those running and not held by another fault.</summary>
    private List<SimDevice> Pick(Fault fault)
    {
        List<SimDevice> free = [.. _boards.Where(b => !_held.Contains(b) && b.IsRunning)];
        if (!fault.Random) return [.. free.Take(fault.Devices)];
        int count = Math.Min(fault.Devices, free.Count);
        for (int i = 0; i < count; i++)
        {
            int j = _random.Next(i, free.Count);
            (free[i], free[j]) = (free[j], free[i]);
        }
        return free.GetRange(0, count);
    }
}
