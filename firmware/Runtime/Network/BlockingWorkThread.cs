using System.Threading;

namespace EdgeNano.Runtime.Network
{
    /// <summary>
    /// The device's <see cref="IBlockingWork"/>: one thread and a fixed queue of jobs. One thread
    /// is all an ESP32 can spare next to the dispatcher and M2Mqtt's own four.
    /// </summary>
    public sealed class BlockingWorkThread : IBlockingWork
    {
        private readonly IBlockingJob[] _jobs;
        private readonly object _gate = new object();
        private readonly AutoResetEvent _wake = new AutoResetEvent(false);
        private readonly ILog _log;
        private Thread _thread;
        private int _head;
        private int _count;
        private int _stopping;
        private int _refused;
        private int _failures;

        /// <param name="capacity">Jobs that may wait at once (a job that is already queued needs no second place).</param>
        public BlockingWorkThread(int capacity, ILog log)
        {
            if (capacity < 1) throw new System.ArgumentOutOfRangeException("capacity");
            _jobs = new IBlockingJob[capacity];
            _log = log;
        }

        /// <summary>Submits refused because the queue was full.</summary>
        public int Refused { get { return _refused; } }
        /// <summary>Jobs that threw (caught, counted, logged).</summary>
        public int Failures { get { return _failures; } }

        /// <summary>Starts the worker thread.</summary>
        public void Start()
        {
            _thread = new Thread(Loop);
            _thread.Start();
        }

        /// <summary>Ends the thread after the job that is running, if any.</summary>
        public void Stop()
        {
            Interlocked.Exchange(ref _stopping, 1);
            _wake.Set();
            if (_thread != null) _thread.Join();
        }

        /// <summary>Queues the job; false (counted in Refused) when the queue is full.</summary>
        public bool Submit(IBlockingJob job)
        {
            lock (_gate)
            {
                if (_count == _jobs.Length)
                {
                    _refused++;
                    return false;
                }
                _jobs[(_head + _count) % _jobs.Length] = job;
                _count++;
            }
            _wake.Set();
            return true;
        }

        private void Loop()
        {
            while (Interlocked.CompareExchange(ref _stopping, 0, 0) == 0)
            {
                IBlockingJob job = null;
                lock (_gate)
                {
                    if (_count > 0)
                    {
                        job = _jobs[_head];
                        _jobs[_head] = null;
                        _head = (_head + 1) % _jobs.Length;
                        _count--;
                    }
                }
                if (job == null)
                {
                    _wake.WaitOne(1000, false);
                    continue;
                }
                try
                {
                    job.Run();
                }
                catch (System.Exception e)
                {
                    _failures++;
                    if (_log != null) _log.Write(LogLevel.Error, "blocking-work", "job failed: " + e.Message);
                }
            }
        }
    }
}
