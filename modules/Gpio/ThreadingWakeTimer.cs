using System.Threading;
using EdgeNano.Runtime;

namespace EdgeNano.Gpio
{
    /// <summary>
    /// The wake timer on a System.Threading.Timer (on the device and on the host). One-shot:
    /// each round of the module re-arms it for the next thing due, so an idle board sets no
    /// timer at all.
    /// </summary>
    public sealed class ThreadingWakeTimer : IWakeTimer
    {
        private readonly GpioModule _module;
        private readonly IClock _clock;
        private readonly Timer _timer;

        public ThreadingWakeTimer(GpioModule module, IClock clock)
        {
            _module = module;
            _clock = clock;
            _timer = new Timer(Fire, null, Timeout.Infinite, Timeout.Infinite);
        }

        public void WakeAt(long dueMs)
        {
            if (dueMs == long.MaxValue)
            {
                _timer.Change(Timeout.Infinite, Timeout.Infinite);
                return;
            }
            long delay = dueMs - _clock.NowMs;
            if (delay < 0) delay = 0;
            if (delay > int.MaxValue) delay = int.MaxValue;
            _timer.Change((int)delay, Timeout.Infinite);
        }

        /// <summary>Stops the timer for good.</summary>
        public void Dispose()
        {
            _timer.Dispose();
        }

        private void Fire(object state)
        {
            _module.Wake();
        }
    }
}
