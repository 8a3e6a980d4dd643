using System.Threading;

namespace EdgeNano.Runtime
{
    /// <summary>
    /// Device mode: one thread drains every module's ring. It sleeps until a send or the next
    /// timer wakes it, so an idle board costs no CPU.
    /// </summary>
    public sealed class DeviceDispatcher : IDispatchSignal
    {
        private const int LongestSleepMs = 1000;

        private readonly ModuleHost _host;
        private readonly int _budgetPerRound;
        private readonly AutoResetEvent _wake = new AutoResetEvent(false);
        private Thread _thread;
        // An int through Interlocked: nanoFramework's mscorlib has no 'volatile' support.
        private int _stopping;

        /// <param name="budgetPerRound">Messages dispatched between checks of timers and restarts.</param>
        public DeviceDispatcher(ModuleHost host, int budgetPerRound)
        {
            _host = host;
            _budgetPerRound = budgetPerRound < 1 ? 1 : budgetPerRound;
            host.AttachDispatcher(this);
        }

        public void Start()
        {
            _thread = new Thread(Loop);
            _thread.Start();
        }

        /// <summary>Ends the dispatch thread (the host's Stop then drains on the caller's thread).</summary>
        public void Stop()
        {
            Interlocked.Exchange(ref _stopping, 1);
            _wake.Set();
            if (_thread != null) _thread.Join();
        }

        public void WorkAvailable(ModuleHost host)
        {
            _wake.Set();
        }

        public void TimerDue(ModuleHost host, long dueMs)
        {
            _wake.Set();
        }

        private void Loop()
        {
            while (Interlocked.CompareExchange(ref _stopping, 0, 0) == 0)
            {
                if (_host.RunOnce(_budgetPerRound)) continue;
                long wait = _host.NextDeadline - _host.Clock.NowMs;
                if (wait <= 0) continue;
                if (wait > LongestSleepMs) wait = LongestSleepMs;
                _wake.WaitOne((int)wait, false);
            }
        }
    }
}
