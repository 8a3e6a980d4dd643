namespace EdgeNano.Cli.Sim;

/// <summary>Round-trip times in ms, kept whole (a run has at most a few hundred thousand) for exact percentiles. Thread-safe.</summary>
internal sealed class Latencies
{
    private readonly List<double> _values = [];

    public void Add(double ms)
    {
        lock (_values) _values.Add(ms);
    }

    public int Count
    {
        get { lock (_values) return _values.Count; }
    }

    /// <summary>The p-th percentile (0..100) by nearest rank; NaN when empty.</summary>
    public double Percentile(double p)
    {
        double[] sorted;
        lock (_values) sorted = [.. _values];
        if (sorted.Length == 0) return double.NaN;
        Array.Sort(sorted);
        int rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public double Max
    {
        get { lock (_values) return _values.Count == 0 ? double.NaN : _values.Max(); }
    }
}
