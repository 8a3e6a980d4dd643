namespace EdgeNano.Tests.Reliability;

/// <summary>Managed heap after full collections: before, during (every half second) and after a flood.</summary>
public readonly record struct HeapFigures(long Baseline, long Min, long Max, long After, int Samples);

/// <summary>
/// Samples the process's managed heap on its own thread with GC.GetTotalMemory(true), so each
/// figure is live data, not garbage waiting for a collection. The process also holds the hub
/// and the test's clients: the figures bound the board's heap from above.
/// </summary>
public sealed class HeapSampler
{
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();
    private readonly long _baseline;
    private long _min = long.MaxValue;
    private long _max;
    private int _samples;

    private HeapSampler()
    {
        _baseline = GC.GetTotalMemory(true);
        _thread = new Thread(Sample) { IsBackground = true, Name = "heap-sampler" };
        _thread.Start();
    }

    public static HeapSampler Start() => new();

    public HeapFigures Stop()
    {
        _stop.Set();
        _thread.Join();
        long after = GC.GetTotalMemory(true);
        return new HeapFigures(_baseline, Math.Min(_min, after), Math.Max(_max, after), after, _samples);
    }

    private void Sample()
    {
        while (!_stop.Wait(500))
        {
            long bytes = GC.GetTotalMemory(true);
            _min = Math.Min(_min, bytes);
            _max = Math.Max(_max, bytes);
            _samples++;
        }
    }
}
