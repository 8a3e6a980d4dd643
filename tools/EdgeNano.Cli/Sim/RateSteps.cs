namespace EdgeNano.Cli.Sim;

/// <summary>
/// The load-limit run (--rate-steps): every device's desired value changes at a rate that rises
/// step by step, each step held for the same time. Each desired value is counted in the step it
/// was first sent in: its round trip when the owner's twin shows it as actual, or as overtaken
/// when the next value replaced it before it came back (it did not keep up). The limit is the
/// highest rate whose round trip p99 stays within twice the first step's p99 and whose
/// overtaken share stays under 1 %: counting a value that never came back as infinitely late,
/// that is the p99 over every value sent.
/// </summary>
internal sealed class RateSteps
{
    /// <summary>One step: its rate, when it started, and what it measured.</summary>
    internal sealed class Step(double ratePerDevice, long startMs)
    {
        public double RatePerDevice { get; } = ratePerDevice;
        public long StartMs { get; } = startMs;
        public Latencies RoundTrips { get; } = new();
        public long Sent;
        public long Overtaken;

        /// <summary>Round trips not back before the next value: the share of this step's values.</summary>
        public double OvertakenShare => Sent == 0 ? 0 : (double)Interlocked.Read(ref Overtaken) / Interlocked.Read(ref Sent);
    }

    private readonly double[] _rates;
    private readonly long _stepMs;
    private readonly List<Step> _steps = [];

    public RateSteps(double[] ratesPerDevice, TimeSpan step)
    {
        if (ratesPerDevice.Length == 0 || ratesPerDevice.Any(r => r <= 0)) throw new ArgumentException("rates must be positive", nameof(ratesPerDevice));
        _rates = ratesPerDevice;
        _stepMs = (long)step.TotalMilliseconds;
    }

    /// <summary>The first step's period per device: the fleet's first values are spread over it, not sent at once.</summary>
    public int FirstEveryMs => Math.Max(1, (int)Math.Round(1000 / _rates[0]));

    /// <summary>The highest rate asked for.</summary>
    public double MaxRate => _rates.Max();

    /// <summary>The whole run: every step once.</summary>
    public TimeSpan Duration => TimeSpan.FromMilliseconds(_stepMs * _rates.Length);

    public IReadOnlyList<Step> Steps
    {
        get { lock (_steps) return [.. _steps]; }
    }

    /// <summary>The desired-value period per device at this point of the run (elapsed since the load started), starting the step when it is new.</summary>
    public int EveryMs(long elapsedMs, long nowMs)
    {
        int index = (int)Math.Min(_rates.Length - 1, elapsedMs / _stepMs);
        lock (_steps)
        {
            while (_steps.Count <= index) _steps.Add(new Step(_rates[_steps.Count], nowMs));
        }
        return Math.Max(1, (int)Math.Round(1000 / _rates[index]));
    }

    /// <summary>The step a value first sent at this time belongs to, or null before the first.</summary>
    public Step? At(long firstSentMs)
    {
        lock (_steps)
        {
            for (int i = _steps.Count - 1; i >= 0; i--)
            {
                if (firstSentMs >= _steps[i].StartMs) return _steps[i];
            }
        }
        return null;
    }

    /// <summary>
    /// The highest step within the limit (see the class summary), or null when none is. Steps at
    /// the lowest rate may repeat as warm-up: the baseline is the lowest p99 among them, and the
    /// scan goes on through the higher rates in order, stopping at the first that fails.
    /// </summary>
    public Step? Limit()
    {
        List<Step> steps = [.. Steps];
        if (steps.Count == 0) return null;
        double lowest = steps.Min(s => s.RatePerDevice);
        double baseline = BaselineP99;
        bool Within(Step step)
        {
            double p99 = step.RoundTrips.Percentile(99);
            return !double.IsNaN(p99) && p99 <= 2 * baseline && step.OvertakenShare < 0.01;
        }
        Step? best = steps.LastOrDefault(s => s.RatePerDevice == lowest && Within(s));
        if (best == null) return null;
        foreach (Step step in steps.Where(s => s.RatePerDevice > lowest))
        {
            if (!Within(step)) break;
            best = step;
        }
        return best;
    }

    /// <summary>What "doubles" is measured against: the lowest p99 among the steps at the lowest rate.</summary>
    public double BaselineP99
    {
        get
        {
            List<Step> steps = [.. Steps];
            if (steps.Count == 0) return double.NaN;
            double lowest = steps.Min(s => s.RatePerDevice);
            double[] p99s = [.. steps.Where(s => s.RatePerDevice == lowest).Select(s => s.RoundTrips.Percentile(99)).Where(p => !double.IsNaN(p))];
            return p99s.Length == 0 ? double.NaN : p99s.Min();
        }
    }
}
