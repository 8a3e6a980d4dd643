using EdgeNano.Runtime;

namespace EdgeNano.Tests.Storage;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(long startMs = 1_000_000) : IClock
{
    public long NowMs { get; set; } = startMs;

    public void Advance(long ms) => NowMs += ms;
}
