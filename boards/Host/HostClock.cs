using System.Diagnostics;
using EdgeNano.Runtime;

namespace EdgeNano.Boards.Host;

/// <summary>
/// Wall-clock milliseconds for runtimes on a PC, read from the monotonic high-resolution
/// counter plus an offset. DateTime.UtcNow costs about 100 ns on this class of VM, which would
/// be the largest cost of a bus send; the counter costs a fraction of that. The offset is taken
/// again every second so the clock follows NTP steps of the system clock.
/// </summary>
public sealed class HostClock : IClock
{
    private static readonly long TicksPerSecond = Stopwatch.Frequency;
    private long _offsetMs;
    private long _nextResync;

    public HostClock() => Resync(Stopwatch.GetTimestamp());

    public long NowMs
    {
        get
        {
            long ticks = Stopwatch.GetTimestamp();
            if (ticks >= Volatile.Read(ref _nextResync)) Resync(ticks);
            return Volatile.Read(ref _offsetMs) + ticks * 1000 / TicksPerSecond;
        }
    }

    private void Resync(long ticks)
    {
        Volatile.Write(ref _offsetMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - ticks * 1000 / TicksPerSecond);
        Volatile.Write(ref _nextResync, ticks + TicksPerSecond);
    }
}
