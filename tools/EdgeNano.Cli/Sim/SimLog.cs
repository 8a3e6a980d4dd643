using EdgeNano.Runtime;

namespace EdgeNano.Cli.Sim;

/// <summary>
/// Where the fleet's device and hub log lines go: counted, and the last few warnings and errors
/// kept for the summary (ten thousand boards printing would drown the table).
/// </summary>
internal sealed class SimLog : ILog
{
    private readonly Queue<string> _recent = new();
    // The boards' own warnings and errors, apart: the in-process hub logs a line per applied
    // update, and at 10,000 boards those pushed every warning out of the shared queue.
    private readonly Queue<string> _recentWarnings = new();
    private int _warnings;
    private int _errors;

    public int Warnings => Volatile.Read(ref _warnings);
    public int Errors => Volatile.Read(ref _errors);

    public void Write(int level, string source, string text)
    {
        if (level < LogLevel.Warning) return;
        if (level == LogLevel.Warning) Interlocked.Increment(ref _warnings);
        else Interlocked.Increment(ref _errors);
        string line = $"{DateTime.Now:HH:mm:ss.fff} {LogLevel.Name(level)} {source}: {text}";
        Keep(_recent, line);
        Keep(_recentWarnings, line);
    }

    /// <summary>A hub or observer line: kept, not counted (reconnect notices during an outage are expected).</summary>
    public void Hub(string line) => Keep(_recent, $"{DateTime.Now:HH:mm:ss.fff} {line}");

    /// <summary>Adds a stamped line to one of the queues, keeping its last 20.</summary>
    private static void Keep(Queue<string> queue, string line)
    {
        lock (queue)
        {
            queue.Enqueue(line);
            while (queue.Count > 20) queue.Dequeue();
        }
    }

    /// <summary>The last 20 lines of the boards, the hub and the sim's view, interleaved.</summary>
    public string[] Recent()
    {
        lock (_recent) return [.. _recent];
    }

    /// <summary>The boards' last 20 warnings and errors.</summary>
    public string[] RecentWarnings()
    {
        lock (_recentWarnings) return [.. _recentWarnings];
    }
}
