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

    /// <summary>The p-th percentile (0..100) by nearest rank of the values from the from-th on (all by default); NaN when none.</summary>
    public double Percentile(double p, int from = 0)
    {
        double[] sorted;
        lock (_values) sorted = from <= 0 ? [.. _values] : from >= _values.Count ? [] : _values.GetRange(from, _values.Count - from).ToArray();
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
