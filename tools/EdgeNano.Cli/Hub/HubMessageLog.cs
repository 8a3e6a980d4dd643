using EdgeNano.Boards.Host;
using EdgeNano.Runtime;

namespace EdgeNano.Cli.Hub;

/// <summary>
/// The hub's per-message lines (a new device, an update applied, a state change, a refusal) at
/// most so many a second, through the device runtime's own <see cref="LimitedLog"/>: a fleet
/// sends thousands of updates a second, and `edgenano hub` printing a line for each buried its
/// status lines and cost a core of the terminal. What is held back is counted in one line before
/// the next that passes; the 10 s status line still counts every message. The hub's own lines
/// (connected, lost, status) do not go through it.
/// </summary>
internal static class HubMessageLog
{
    /// <summary>log itself when perSecond is 0; otherwise log behind a bucket of perSecond lines a second (a burst of 4 seconds' worth).</summary>
    public static Action<string> Limit(Action<string> log, int perSecond)
    {
        if (perSecond <= 0) return log;
        var limited = new LimitedLog(new Lines(log), new HostClock(), perSecond, perSecond * 4);
        return line => limited.Write(LogLevel.Info, "hub", line);
    }

    private sealed class Lines(Action<string> log) : ILog
    {
        // LimitedLog's count of what it held back comes from the source "log".
        public void Write(int level, string source, string text) =>
            log(source == "log" ? $"twin hub: {text} (per-message lines; the status line counts every message)" : text);
    }
}
