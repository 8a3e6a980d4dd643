using EdgeNano.Cli.Sim;
using EdgeNano.Runtime;

namespace EdgeNano.Tests.Cli;

/// <summary>
/// The sim's end summary shows the boards' last warnings even when the fleet converged. The
/// in-process hub logs a line for every update it applies; at 10,000 boards those lines used to
/// push every warning out of the one queue the summary read, so 6,458 warnings showed as a
/// count and nothing else.
/// </summary>
public sealed class SimLogTests
{
    [Fact]
    public void The_boards_warnings_survive_thousands_of_hub_lines_after_them()
    {
        var log = new SimLog();
        log.Write(LogLevel.Warning, "edgehub", "twin/get not answered for every device; flushing anyway");
        log.Write(LogLevel.Info, "edgehub", "state resyncing -> synced");
        for (int i = 0; i < 5000; i++) log.Hub($"default/demo-{i:0000}: twin/update applied (button actual=true)");

        string[] warnings = log.RecentWarnings();

        Assert.Equal(1, log.Warnings);
        Assert.Equal(["warn edgehub: twin/get not answered for every device; flushing anyway"], warnings.Select(w => w[(w.IndexOf(' ') + 1)..]));
        Assert.DoesNotContain(log.Recent(), line => line.Contains("flushing anyway"));
    }
}
