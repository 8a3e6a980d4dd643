using EdgeNano.Runtime;

namespace EdgeNano.Cli.Sim;

/// <summary>
/// Finds devices that stopped working, which convergence alone can miss when they had nothing
/// to change: a runtime that is no longer running, messages queued that nobody dispatches (the
/// dispatcher stopped for it), or no report since the last fault that hit it although its
/// inputs changed after it.
/// </summary>
internal sealed class StuckWatch(FaultRunner faults)
{
    /// <summary>How long queued messages may wait without a single one dispatched before the runtime counts as stuck.</summary>
    private const long DispatchPatienceMs = 3000;

    private readonly Dictionary<SimDevice, (long Received, long SinceMs)> _progress = [];

    /// <summary>Why the device is stuck, or null when it is not.</summary>
    public string? Check(DeviceTrack track, long nowMs)
    {
        ModuleHost? host = track.Board.Device?.Host;
        if (host == null) return null; // off: the convergence check says so
        if (!host.IsRunning) return "stuck: its runtime stopped";
        long received = 0;
        int queued = 0;
        for (int m = 0; m < host.ModuleCount; m++)
        {
            string name = host.ModuleName(m);
            received += host.Counters(name)?.Received ?? 0;
            queued += host.QueuedFor(name);
        }
        if (!_progress.TryGetValue(track.Board, out var last) || last.Received != received || queued == 0)
        {
            _progress[track.Board] = (received, nowMs);
        }
        else if (nowMs - last.SinceMs >= DispatchPatienceMs)
        {
            return $"stuck: {queued} message(s) queued and none dispatched for {(nowMs - last.SinceMs) / 1000.0:0.0} s";
        }
        var hit = faults.LastHit(track.Board);
        if (hit != null && track.LastInputAtMs > hit.Value.AtMs && track.Board.Totals.Reports == hit.Value.Reports)
        {
            return $"stuck: no report since the last fault at {hit.Value.AtMs / 1000.0:0.0} s, though its inputs changed at {track.LastInputAtMs / 1000.0:0.0} s";
        }
        return null;
    }
}
