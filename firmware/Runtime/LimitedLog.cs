using System.Threading;

namespace EdgeNano.Runtime
{
    /// <summary>
    /// Keeps a flood of bad input from turning into a flood of log lines. On a board the log is
    /// the serial port (115200 baud: about 11 KB/s), so thousands of "refused" lines a second
    /// would hold the dispatcher in Console.WriteLine; here lines beyond a token bucket
    /// (lines per second, with a burst) are counted and dropped, and the next line that gets
    /// through is preceded by "log: N lines suppressed". Errors pass too but are counted against
    /// the same bucket. Thread-safe: modules, the network thread and link callbacks all log.
    /// </summary>
    public sealed class LimitedLog : ILog
    {
        private readonly ILog _inner;
        private readonly IClock _clock;
        private readonly int _perSecond;
        private readonly int _burst;
        private readonly object _gate = new object();
        private long _tokensMilli;
        private long _lastMs;
        private int _suppressedSinceLast;
        private int _suppressed;

        /// <param name="inner">Where lines that pass go.</param>
        /// <param name="perSecond">Sustained lines per second; 0 lets every line through.</param>
        /// <param name="burst">Lines that may come at once after a quiet spell.</param>
        public LimitedLog(ILog inner, IClock clock, int perSecond, int burst)
        {
            if (inner == null || clock == null) throw new System.ArgumentNullException("inner");
            _inner = inner;
            _clock = clock;
            _perSecond = perSecond;
            _burst = burst < 1 ? 1 : burst;
            _tokensMilli = (long)_burst * 1000;
            _lastMs = clock.NowMs;
        }

        /// <summary>Lines dropped so far.</summary>
        public int Suppressed { get { return Interlocked.CompareExchange(ref _suppressed, 0, 0); } }

        public void Write(int level, string source, string text)
        {
            if (_perSecond <= 0)
            {
                _inner.Write(level, source, text);
                return;
            }
            int dropped;
            lock (_gate)
            {
                long now = _clock.NowMs;
                long elapsed = now - _lastMs;
                _lastMs = now;
                if (elapsed > 0)
                {
                    _tokensMilli += elapsed * _perSecond;
                    long cap = (long)_burst * 1000;
                    if (_tokensMilli > cap) _tokensMilli = cap;
                }
                if (_tokensMilli < 1000)
                {
                    _suppressedSinceLast++;
                    Interlocked.Increment(ref _suppressed);
                    return;
                }
                _tokensMilli -= 1000;
                dropped = _suppressedSinceLast;
                _suppressedSinceLast = 0;
            }
            if (dropped > 0) _inner.Write(LogLevel.Warning, "log", dropped.ToString() + " lines suppressed (more than " + _perSecond.ToString() + " a second)");
            _inner.Write(level, source, text);
        }
    }
}
