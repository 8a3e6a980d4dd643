namespace EdgeNano.EdgeHub
{
    /// <summary>
    /// Outbound rate limit: a bucket of burst tokens refilled at rate per second, one token per
    /// message. Kept in thousandths of a token so integer ms arithmetic refills exactly.
    /// </summary>
    public sealed class TokenBucket
    {
        private const long Unit = 1000;
        private readonly long _capacity;
        private readonly long _perMs;
        private long _tokens;
        private long _lastMs;
        private int _allowed;
        private int _deferred;

        /// <param name="nowMs">The runtime clock now; the bucket starts full.</param>
        public TokenBucket(int ratePerSecond, int burst, long nowMs)
        {
            if (ratePerSecond < 1 || burst < 1) throw new System.ArgumentException("rate and burst must be at least 1");
            _capacity = burst * Unit;
            _perMs = ratePerSecond; // rate tokens/s = rate thousandths per ms
            _tokens = _capacity;
            _lastMs = nowMs;
        }

        /// <summary>Messages the bucket let through.</summary>
        public int Allowed { get { return _allowed; } }
        /// <summary>Times a message had to wait for a token.</summary>
        public int Deferred { get { return _deferred; } }

        /// <summary>Takes a token when one is there.</summary>
        public bool TryTake(long nowMs)
        {
            Refill(nowMs);
            if (_tokens < Unit)
            {
                _deferred++;
                return false;
            }
            _tokens -= Unit;
            _allowed++;
            return true;
        }

        /// <summary>Whole tokens available now.</summary>
        public int Available(long nowMs)
        {
            Refill(nowMs);
            return (int)(_tokens / Unit);
        }

        /// <summary>Ms until the next whole token (0 when one is there).</summary>
        public int MsUntilToken(long nowMs)
        {
            Refill(nowMs);
            if (_tokens >= Unit) return 0;
            return (int)((Unit - _tokens + _perMs - 1) / _perMs);
        }

        private void Refill(long nowMs)
        {
            long elapsed = nowMs - _lastMs;
            if (elapsed <= 0) return;
            _lastMs = nowMs;
            long tokens = _tokens + elapsed * _perMs;
            _tokens = tokens > _capacity ? _capacity : tokens;
        }
    }
}
