namespace EdgeNano.Runtime
{
    /// <summary>Time for the runtime and modules; tests substitute a clock they advance by hand.</summary>
    public interface IClock
    {
        /// <summary>Milliseconds since the Unix epoch.</summary>
        long NowMs { get; }
    }

    /// <summary>The wall clock (on a device, set by SNTP or the RTC).</summary>
    public sealed class SystemClock : IClock
    {
        private const long UnixEpochTicks = 621355968000000000L;
        private const long TicksPerMillisecond = 10000L;

        public long NowMs
        {
            get { return (System.DateTime.UtcNow.Ticks - UnixEpochTicks) / TicksPerMillisecond; }
        }
    }
}
