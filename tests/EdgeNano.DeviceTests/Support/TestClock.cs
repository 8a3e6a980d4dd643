using EdgeNano.Runtime;

namespace EdgeNano.DeviceTests.Support
{
    /// <summary>A clock the test sets by hand.</summary>
    public sealed class TestClock : IClock
    {
        public long Now;

        public TestClock(long nowMs)
        {
            Now = nowMs;
        }

        public long NowMs
        {
            get { return Now; }
        }
    }

    /// <summary>A log that keeps nothing (the runtime logs module starts and failures).</summary>
    public sealed class SilentLog : ILog
    {
        public void Write(int level, string source, string text)
        {
        }
    }
}
