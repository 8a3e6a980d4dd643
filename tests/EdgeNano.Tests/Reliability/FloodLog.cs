using System.Collections.Concurrent;
using EdgeNano.Runtime;

namespace EdgeNano.Tests.Reliability;

/// <summary>The board's log during a flood: counted per level, with only the non-warning lines and the first warnings kept.</summary>
public sealed class FloodLog : ILog
{
    private const int KeptWarnings = 50;
    private int _warnings;
    private int _errors;

    public ConcurrentQueue<string> Lines { get; } = new();

    public int Warnings => Volatile.Read(ref _warnings);

    public int Errors => Volatile.Read(ref _errors);

    public void Write(int level, string source, string text)
    {
        if (level == LogLevel.Warning && Interlocked.Increment(ref _warnings) > KeptWarnings) return;
        if (level >= LogLevel.Error) Interlocked.Increment(ref _errors);
        Lines.Enqueue($"{LogLevel.Name(level)} {source}: {text}");
    }

    public bool Contains(string fragment) => Lines.Any(l => l.Contains(fragment));
}
