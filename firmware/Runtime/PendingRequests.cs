using System.Threading;

namespace EdgeNano.Runtime
{
    /// <summary>
    /// Requests waiting for replies, in a fixed table. A reply finds its request by its ParentId;
    /// once a request has timed out or been answered its entry is gone, so a late reply can
    /// never reach the wrong waiter: it is dropped and counted.
    /// </summary>
    internal sealed class PendingRequests
    {
        /// <summary>Requester index of a thread blocked in Bus.Call rather than a module.</summary>
        public const int BlockingCaller = -1;

        private readonly long[] _requestIds;
        private readonly int[] _requesters;
        private readonly long[] _deadlines;
        private readonly Message[] _replies;
        private readonly AutoResetEvent[] _replyArrived;
        private readonly object _gate = new object();
        private int _inUse;

        public PendingRequests(int capacity)
        {
            if (capacity < 1) throw new System.ArgumentOutOfRangeException("capacity");
            _requestIds = new long[capacity];
            _requesters = new int[capacity];
            _deadlines = new long[capacity];
            _replies = new Message[capacity];
            _replyArrived = new AutoResetEvent[capacity];
            for (int i = 0; i < capacity; i++) _replyArrived[i] = new AutoResetEvent(false);
        }

        /// <summary>Entries in use. Read without the lock: an int read is atomic, and a stale
        /// answer only delays a timeout check to the next dispatch round.</summary>
        public int InUse
        {
            get { return _inUse; }
        }

        /// <summary>The entry index, or -1 when the table is full.</summary>
        public int Add(long requestId, int requester, long deadlineMs)
        {
            lock (_gate)
            {
                for (int i = 0; i < _requestIds.Length; i++)
                {
                    if (_requestIds[i] != 0) continue;
                    _requestIds[i] = requestId;
                    _requesters[i] = requester;
                    _deadlines[i] = deadlineMs;
                    _replies[i] = null;
                    _replyArrived[i].Reset();
                    _inUse++;
                    return i;
                }
                return -1;
            }
        }

        public void Remove(int entry)
        {
            lock (_gate) Free(entry);
        }

        /// <summary>
        /// Matches a reply to its request. For a module requester the entry is freed and the
        /// requester's index returned; for a blocking caller the reply is handed over and
        /// BlockingCaller returned. -2 when no request waits for it (late or unknown).
        /// </summary>
        public int Complete(Message reply)
        {
            lock (_gate)
            {
                for (int i = 0; i < _requestIds.Length; i++)
                {
                    if (_requestIds[i] != reply.ParentId) continue;
                    int requester = _requesters[i];
                    if (requester == BlockingCaller)
                    {
                        if (_replies[i] != null) return -2;
                        _replies[i] = reply;
                        _replyArrived[i].Set();
                    }
                    else
                    {
                        Free(i);
                    }
                    return requester;
                }
                return -2;
            }
        }

        /// <summary>Blocks the calling thread until the entry's reply arrives or the time is up; frees the entry.</summary>
        public Message WaitForReply(int entry, int timeoutMs)
        {
            _replyArrived[entry].WaitOne(timeoutMs, false);
            lock (_gate)
            {
                Message reply = _replies[entry];
                Free(entry);
                return reply;
            }
        }

        /// <summary>
        /// Takes out the first module request whose deadline has passed. Returns false when none.
        /// Blocking callers time themselves out and are skipped.
        /// </summary>
        public bool TakeExpired(long nowMs, out long requestId, out int requester)
        {
            lock (_gate)
            {
                for (int i = 0; i < _requestIds.Length; i++)
                {
                    if (_requestIds[i] == 0 || _requesters[i] == BlockingCaller) continue;
                    if (_deadlines[i] > nowMs) continue;
                    requestId = _requestIds[i];
                    requester = _requesters[i];
                    Free(i);
                    return true;
                }
            }
            requestId = 0;
            requester = 0;
            return false;
        }

        /// <summary>The earliest module-request deadline, or long.MaxValue.</summary>
        public long NextDeadline()
        {
            long next = long.MaxValue;
            lock (_gate)
            {
                for (int i = 0; i < _requestIds.Length; i++)
                {
                    if (_requestIds[i] == 0 || _requesters[i] == BlockingCaller) continue;
                    if (_deadlines[i] < next) next = _deadlines[i];
                }
            }
            return next;
        }

        /// <summary>At shutdown: wakes every blocked caller (they get no reply) and forgets module requests.</summary>
        public void CancelAll()
        {
            lock (_gate)
            {
                for (int i = 0; i < _requestIds.Length; i++)
                {
                    if (_requestIds[i] == 0) continue;
                    if (_requesters[i] == BlockingCaller) _replyArrived[i].Set();
                    else Free(i);
                }
            }
        }

        private void Free(int entry)
        {
            if (_requestIds[entry] == 0) return;
            _requestIds[entry] = 0;
            _replies[entry] = null;
            _inUse--;
        }
    }
}
