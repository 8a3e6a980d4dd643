using EdgeNano.Fuzz;

namespace EdgeNano.Tests.Fuzz;

/// <summary>How the fuzz harness judges an input: only exceptions, broken invariants and hangs are findings.</summary>
public class FuzzHarnessTests
{
    private sealed class Scripted(Action<byte[]> run) : FuzzTarget
    {
        public override string Name => "scripted";
        public override string Description => "a target for the harness tests";
        public override void Run(ReadOnlySpan<byte> input) => run(input.ToArray());
    }

    [Fact]
    public void An_exception_a_broken_invariant_and_a_hang_are_findings_and_a_normal_return_is_not()
    {
        var timeout = TimeSpan.FromMilliseconds(300);
        Assert.Null(InputReplay.Run(new Scripted(_ => { }), [1], timeout));
        Assert.Contains("IndexOutOfRangeException", InputReplay.Run(new Scripted(b => _ = b[5]), [1], timeout));
        Assert.Contains("InvariantBroken: round trip", InputReplay.Run(new Scripted(_ => throw new InvariantBroken("round trip")), [1], timeout));
        var release = new ManualResetEventSlim();
        Assert.StartsWith("HANG", InputReplay.Run(new Scripted(_ => release.Wait()), [1], timeout));
        release.Set();
    }

    [Fact]
    public void Dictionary_words_reach_afl_byte_for_byte_with_quotes_backslashes_and_non_ascii_escaped()
    {
        string text = AflDictionary.Format(["{", "\"twin\"", "a\\b", "\u00e9\n", "{"]);
        Assert.Equal("w0=\"{\"\nw1=\"\\\"twin\\\"\"\nw2=\"a\\\\b\"\nw3=\"\\xC3\\xA9\\x0A\"\n", text);
    }
}
