using System.Threading;

namespace EdgeNano.Runtime
{
    /// <summary>
    /// How modules talk (beehive's context, reduced): unicast, group send, request/response.
    /// Every send takes ownership of the message, whatever the result: on failure the bus
    /// returns it to the pool and counts the failure. No send ever waits for room.
    /// </summary>
    public sealed class Bus
    {
        private readonly ModuleHost _host;
        private readonly MessagePool _pool;
        private readonly PendingRequests _pending;
        private readonly IClock _clock;
        private int _lastId;
        private int _unknownDestinations;
        private int _pendingTableFull;
        private int _lateRepliesToCallers;

        internal Bus(ModuleHost host, MessagePool pool, PendingRequests pending, IClock clock)
        {
            _host = host;
            _pool = pool;
            _pending = pending;
            _clock = clock;
        }

        public MessagePool Pool
        {
            get { return _pool; }
        }

        /// <summary>Sends to a destination nobody runs under that name.</summary>
        public int UnknownDestinations { get { return _unknownDestinations; } }
        /// <summary>Requests refused because the pending-request table was full.</summary>
        public int PendingTableFull { get { return _pendingTableFull; } }
        /// <summary>Replies to blocking callers (Call) that came after the caller gave up.</summary>
        public int LateRepliesToCallers { get { return _lateRepliesToCallers; } }

        /// <summary>A message from the pool, or null (counted on the pool) when all are in use.</summary>
        public Message Rent()
        {
            return _pool.Rent();
        }

        /// <summary>A message whose content holds capacity bytes (a payload array when needed), or null (counted on the pool).</summary>
        public Message Rent(int capacity)
        {
            return _pool.Rent(capacity);
        }

        /// <summary>
        /// A message for a whole twin payload a module makes: the largest content the pool has.
        /// Null (counted) when none is free, or only the payload array kept for what arrives
        /// from the network (<see cref="MessagePool.RentForPayload"/>).
        /// </summary>
        public Message RentForPayload()
        {
            return _pool.RentForPayload();
        }

        /// <summary>
        /// Hands the message being handled on to one more module, without copying its content:
        /// the route is rewritten and it is sent as a new message (not a request or reply). A
        /// router's way to save a payload-sized copy per hop. Only for a message the caller holds
        /// alone (not one of a group send); otherwise NoMessage and nothing changes, and the
        /// caller copies instead. The caller must not touch the message afterwards.
        /// </summary>
        public SendResult Pass(Message message, string source, string destination, string operation, string resource)
        {
            if (message == null || Interlocked.CompareExchange(ref message.References, 2, 1) != 1) return SendResult.NoMessage;
            // The dispatcher still releases its hold when the handler returns; the hold added
            // above is the one that travels.
            message.Source = source;
            message.Destination = destination;
            message.Operation = operation;
            message.Resource = resource;
            message.Sync = false;
            message.IsReply = false;
            message.ParentId = 0;
            message.Id = 0;
            message.Timestamp = 0;
            return Send(message);
        }

        /// <summary>
        /// Keeps the message being handled after the handler returns: the dispatcher's release
        /// then no longer returns it to the pool. The module gives it back with
        /// <see cref="MessagePool.Release"/> when done. For a module that must hold what arrived
        /// across dispatcher turns without a buffer of its own (the updates module keeps a
        /// manifest while its signature is checked on another thread); the pool is one message
        /// (and payload array) short meanwhile, so keep briefly.
        /// </summary>
        public void Keep(Message message)
        {
            if (message != null) MessagePool.AddReference(message);
        }

        /// <summary>Sends to the module named in message.Destination.</summary>
        public SendResult Send(Message message)
        {
            if (message == null) return SendResult.NoMessage;
            if (!_host.AcceptsSends)
            {
                MessagePool.Release(message);
                return SendResult.NotRunning;
            }
            ModuleSlot destination = _host.FindRunnable(message.Destination);
            if (destination == null)
            {
                Interlocked.Increment(ref _unknownDestinations);
                MessagePool.Release(message);
                return SendResult.UnknownDestination;
            }
            Stamp(message);
            return Enqueue(destination, message);
        }

        /// <summary>
        /// Sends one message to every module of message.Group. Returns how many members refused it
        /// (full ring) and writes their names into refused (when given, as far as it reaches).
        /// No member at all gives UnknownDestination through the return value -1.
        /// </summary>
        public int SendToGroup(Message message, string[] refused)
        {
            if (message == null) return -1;
            if (!_host.AcceptsSends)
            {
                MessagePool.Release(message);
                return -1;
            }
            Stamp(message);
            int members = 0;
            int refusals = 0;
            int count = _host.SlotCount;
            for (int i = 0; i < count; i++)
            {
                ModuleSlot slot = _host.SlotAt(i);
                if (!slot.AcceptsMessages || slot.Module.Group != message.Group) continue;
                members++;
                MessagePool.AddReference(message);
                if (Enqueue(slot, message) != SendResult.Accepted)
                {
                    if (refused != null && refusals < refused.Length) refused[refusals] = slot.Module.Name;
                    refusals++;
                }
            }
            MessagePool.Release(message); // the sender's own hold
            if (members == 0)
            {
                Interlocked.Increment(ref _unknownDestinations);
                return -1;
            }
            return refusals;
        }

        /// <summary>
        /// Sends a request from a module; the reply arrives later at the requester's Handle (its
        /// ParentId is the request's Id), or HandleRequestTimeout is called. Never blocks.
        /// </summary>
        public SendResult Request(Message request, int timeoutMs)
        {
            if (request == null) return SendResult.NoMessage;
            ModuleSlot requester = _host.FindRunnable(request.Source);
            if (requester == null)
            {
                MessagePool.Release(request);
                throw new System.ArgumentException("Request needs a running module as Source; threads outside the runtime use Call");
            }
            request.Sync = true;
            Stamp(request);
            int entry = _pending.Add(request.Id, requester.Index, _clock.NowMs + timeoutMs);
            if (entry < 0)
            {
                Interlocked.Increment(ref _pendingTableFull);
                MessagePool.Release(request);
                return SendResult.PendingTableFull;
            }
            SendResult result = Send(request);
            if (result != SendResult.Accepted) _pending.Remove(entry);
            else _host.TimerAdded(_clock.NowMs + timeoutMs);
            return result;
        }

        /// <summary>
        /// Sends a request and blocks the calling thread for the reply: for threads outside the
        /// runtime (a board's network thread, a test). Returns the reply, which the caller must
        /// release, or null on timeout or refusal. Calling it from a handler would deadlock the
        /// dispatcher, so that throws.
        /// </summary>
        public Message Call(Message request, int timeoutMs)
        {
            if (request == null) return null;
            if (_host.IsDispatcherThread)
            {
                MessagePool.Release(request);
                throw new System.InvalidOperationException("Call from a module handler would block the dispatcher; use Request");
            }
            request.Sync = true;
            Stamp(request);
            int entry = _pending.Add(request.Id, PendingRequests.BlockingCaller, _clock.NowMs + timeoutMs);
            if (entry < 0)
            {
                Interlocked.Increment(ref _pendingTableFull);
                MessagePool.Release(request);
                return null;
            }
            if (Send(request) != SendResult.Accepted)
            {
                _pending.Remove(entry);
                return null;
            }
            return _pending.WaitForReply(entry, timeoutMs);
        }

        /// <summary>
        /// Answers a request: the reply goes to whoever asked, correlated by the request's Id. A
        /// reply to a request that already timed out is dropped and counted as late.
        /// </summary>
        public SendResult Respond(Message request, Message reply)
        {
            return Respond(request.Id, request.Source, reply);
        }

        /// <summary>Answers a request after its Handle has returned: keep its Id and Source, not the message.</summary>
        public SendResult Respond(long requestId, string requester, Message reply)
        {
            if (reply == null) return SendResult.NoMessage;
            reply.ParentId = requestId;
            reply.IsReply = true;
            reply.Destination = requester;
            if (!_host.AcceptsSends)
            {
                MessagePool.Release(reply);
                return SendResult.NotRunning;
            }
            Stamp(reply);
            int waiting = _pending.Complete(reply);
            if (waiting == PendingRequests.BlockingCaller) return SendResult.Accepted;
            if (waiting < 0)
            {
                ModuleSlot waiter = _host.FindRunnable(requester);
                if (waiter != null) ModuleCounters.Add(ref waiter.Counters.lateReplies);
                else Interlocked.Increment(ref _lateRepliesToCallers);
                MessagePool.Release(reply);
                return SendResult.LateReply;
            }
            return Enqueue(_host.SlotAt(waiting), reply);
        }

        private SendResult Enqueue(ModuleSlot destination, Message message)
        {
            // Look the source up first: once in the ring, the message may be handled and recycled.
            ModuleSlot source = message.Source == null ? null : _host.FindRunnable(message.Source);
            if (!destination.Ring.TryAdd(message))
            {
                ModuleCounters.Add(ref destination.Counters.ringFull);
                MessagePool.Release(message);
                return SendResult.RingFull;
            }
            if (source != null) ModuleCounters.Add(ref source.Counters.sent);
            _host.WorkAdded();
            return SendResult.Accepted;
        }

        private void Stamp(Message message)
        {
            if (message.Id == 0) message.Id = NextId();
            if (message.Timestamp == 0) message.Timestamp = _clock.NowMs;
        }

        private long NextId()
        {
            // nanoFramework's Interlocked has no long overload; an unsigned 32-bit sequence is
            // unique far longer than any request waits (4 billion messages), and skips 0,
            // which means "no id".
            long id = (uint)Interlocked.Increment(ref _lastId);
            return id != 0 ? id : (uint)Interlocked.Increment(ref _lastId);
        }
    }
}
