using EdgeNano.Runtime;

namespace EdgeNano.Tests;

/// <summary>The one test clock: moved by hand (Advance) or set outright (NowMs = …), safe across threads.</summary>
public sealed class ManualClock(long startMs = 1_700_000_000_000) : IClock
{
    private long _now = startMs;

    public long NowMs
    {
        get => Interlocked.Read(ref _now);
        set => Interlocked.Exchange(ref _now, value);
    }

    public void Advance(long ms) => Interlocked.Add(ref _now, ms);
}
