using EdgeNano.Runtime;

namespace EdgeNano.MemoryProbe
{
    /// <summary>A clock the probe moves by hand, so timers fire when the probe decides and every run is the same.</summary>
    public sealed class ManualClock : IClock
    {
        private long _nowMs;

        public ManualClock(long startMs)
        {
            _nowMs = startMs;
        }

        public long NowMs
        {
            get { return _nowMs; }
        }

        public void Advance(long ms)
        {
            _nowMs += ms;
        }
    }
}
