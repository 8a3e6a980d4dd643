namespace EdgeNano.EdgeHub
{
    /// <summary>
    /// Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And
    /// Jitter"): the n-th delay is uniform in [floor, min(cap, base·2ⁿ)]. Jitter spreads a fleet
    /// that lost the same broker, so the broker does not see them all come back at once.
    /// </summary>
    public sealed class ReconnectBackoff
    {
        private readonly int _baseMs;
        private readonly int _capMs;
        private readonly int _floorMs;
        private readonly System.Random _random;
        private int _attempts;
        private int _lastCeilingMs;

        /// <param name="seed">Seed of the jitter; 0 takes one from the clock.</param>
        public ReconnectBackoff(int baseMs, int capMs, int floorMs, int seed)
        {
            if (baseMs < 1 || capMs < baseMs || floorMs < 0) throw new System.ArgumentException("backoff needs 0 <= floor, 1 <= base <= cap");
            _baseMs = baseMs;
            _capMs = capMs;
            _floorMs = floorMs;
            _random = seed == 0 ? new System.Random() : new System.Random(seed);
        }

        /// <summary>Delays drawn since the last reset.</summary>
        public int Attempts { get { return _attempts; } }

        /// <summary>The ceiling the last delay was drawn under.</summary>
        public int LastCeilingMs { get { return _lastCeilingMs; } }

        /// <summary>The ceiling of the n-th delay (0-based): min(cap, base·2ⁿ).</summary>
        public int CeilingFor(int attempt)
        {
            long ceiling = _baseMs;
            for (int i = 0; i < attempt && ceiling < _capMs; i++) ceiling *= 2;
            return ceiling > _capMs ? _capMs : (int)ceiling;
        }

        /// <summary>The next delay in ms.</summary>
        public int Next()
        {
            int ceiling = CeilingFor(_attempts);
            _attempts++;
            _lastCeilingMs = ceiling;
            int delay = _random.Next(ceiling + 1);
            return delay < _floorMs ? _floorMs : delay;
        }

        /// <summary>Back to the base ceiling (after a stable session).</summary>
        public void Reset()
        {
            _attempts = 0;
        }
    }
}
