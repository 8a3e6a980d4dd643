using EdgeNano.Runtime.Network;

namespace EdgeNano.MemoryProbe
{
    /// <summary>
    /// The board's blocking-work thread without a thread: jobs wait in a fixed queue (8 places,
    /// as Program.cs gives its BlockingWorkThread) and the probe runs them between dispatch
    /// rounds, so link calls happen outside the dispatcher as on a device.
    /// </summary>
    public sealed class QueuedWork : IBlockingWork
    {
        private readonly IBlockingJob[] _jobs;
        private int _head;
        private int _count;
        private int _refused;

        public QueuedWork(int capacity)
        {
            _jobs = new IBlockingJob[capacity];
        }

        public int Refused { get { return _refused; } }

        public bool Submit(IBlockingJob job)
        {
            if (_count == _jobs.Length)
            {
                _refused++;
                return false;
            }
            _jobs[(_head + _count) % _jobs.Length] = job;
            _count++;
            return true;
        }

        /// <summary>Runs every queued job (and those they queue); returns how many ran.</summary>
        public int RunAll()
        {
            int ran = 0;
            while (_count > 0)
            {
                IBlockingJob job = _jobs[_head];
                _jobs[_head] = null;
                _head = (_head + 1) % _jobs.Length;
                _count--;
                job.Run();
                ran++;
            }
            return ran;
        }
    }
}
