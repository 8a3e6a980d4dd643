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
    public double Percentile(double p) => Rank(Sorted(0), p);

    /// <summary>The median and the 99th percentile of the values from the from-th on (all by default), from one sorted copy; NaN when none.</summary>
    public (double P50, double P99) P50AndP99(int from = 0)
    {
        double[] sorted = Sorted(from);
        return (Rank(sorted, 50), Rank(sorted, 99));
    }

    private double[] Sorted(int from)
    {
        double[] sorted;
        lock (_values) sorted = from <= 0 ? [.. _values] : from >= _values.Count ? [] : _values.GetRange(from, _values.Count - from).ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    private static double Rank(double[] sorted, double p)
    {
        if (sorted.Length == 0) return double.NaN;
        int rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public double Max
    {
        get { lock (_values) return _values.Count == 0 ? double.NaN : _values.Max(); }
    }
}
