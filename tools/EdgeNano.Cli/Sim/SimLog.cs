using EdgeNano.Runtime;

namespace EdgeNano.Cli.Sim;

/// <summary>
/// Where the fleet's device and hub log lines go: counted, and the last few warnings and errors
/// kept for the summary (ten thousand boards printing would drown the table).
/// </summary>
internal sealed class SimLog : ILog
{
    private readonly Queue<string> _recent = new();
    private int _warnings;
    private int _errors;

    public int Warnings => Volatile.Read(ref _warnings);
    public int Errors => Volatile.Read(ref _errors);

    public void Write(int level, string source, string text)
    {
        if (level < LogLevel.Warning) return;
        if (level == LogLevel.Warning) Interlocked.Increment(ref _warnings);
        else Interlocked.Increment(ref _errors);
        Keep($"{LogLevel.Name(level)} {source}: {text}");
    }

    /// <summary>A hub or observer line: kept, not counted (reconnect notices during an outage are expected).</summary>
    public void Hub(string line) => Keep(line);

    private void Keep(string line)
    {
        lock (_recent)
        {
            _recent.Enqueue($"{DateTime.Now:HH:mm:ss.fff} {line}");
            while (_recent.Count > 20) _recent.Dequeue();
        }
    }

    public string[] Recent()
    {
        lock (_recent) return [.. _recent];
    }
}
