using System.Threading;

namespace EdgeNano.Runtime
{
    /// <summary>
    /// All the messages a runtime will ever use, allocated once at start-up. Taking from an
    /// empty pool returns null and is counted: the caller reports it, nothing blocks.
    /// A message may sit in several rings at once (group send); it goes back to the pool
    /// when the last holder releases it.
    /// <para>
    /// Two sizes, because most messages are small (a key, a pin's report, a request) and only
    /// a few carry a whole twin payload at once: every message has a small content array of
    /// its own, and <see cref="Rent(int)"/> lends one of a few payload-sized arrays for the
    /// time a message is rented. Sixteen 1.5 KB messages were 25 KB of a plain ESP32's heap.
    /// </para>
    /// </summary>
    public sealed class MessagePool
    {
        private readonly Message[] _free;
        private int _freeCount;
        private readonly byte[][] _freePayloads;
        private int _freePayloadCount;
        private readonly int _contentCapacity;
        private readonly int _payloadCapacity;
        private readonly object _gate = new object();
        private int _exhausted;
        private int _payloadsExhausted;
        private int _tooLarge;

        /// <summary>A pool of size messages whose content holds contentCapacity bytes, without payload arrays.</summary>
        public MessagePool(int size, int contentCapacity) : this(size, contentCapacity, 0, 0)
        {
        }

        /// <param name="size">Messages.</param>
        /// <param name="contentCapacity">Content bytes each message has of its own.</param>
        /// <param name="payloadArrays">Payload-sized arrays lent by Rent(int) to messages that need more than contentCapacity.</param>
        /// <param name="payloadCapacity">Bytes of each payload array.</param>
        public MessagePool(int size, int contentCapacity, int payloadArrays, int payloadCapacity)
        {
            if (size < 1) throw new System.ArgumentOutOfRangeException("size");
            if (contentCapacity < 0) throw new System.ArgumentOutOfRangeException("contentCapacity");
            if (payloadArrays < 0) throw new System.ArgumentOutOfRangeException("payloadArrays");
            if (payloadArrays > 0 && payloadCapacity <= contentCapacity) throw new System.ArgumentOutOfRangeException("payloadCapacity");
            _free = new Message[size];
            for (int i = 0; i < size; i++) _free[i] = new Message(this, contentCapacity);
            _freeCount = size;
            _freePayloads = new byte[payloadArrays][];
            for (int i = 0; i < payloadArrays; i++) _freePayloads[i] = new byte[payloadCapacity];
            _freePayloadCount = payloadArrays;
            _contentCapacity = contentCapacity;
            _payloadCapacity = payloadArrays > 0 ? payloadCapacity : contentCapacity;
        }

        /// <summary>The largest content a rented message can hold (a payload array's, or the messages' own).</summary>
        public int MaxContent
        {
            get { return _payloadCapacity; }
        }

        /// <summary>Payload arrays the pool lends.</summary>
        public int PayloadArrays
        {
            get { return _freePayloads.Length; }
        }

        /// <summary>How many times Rent(int) found a message but no free payload array.</summary>
        public int PayloadsExhaustedCount
        {
            get { return _payloadsExhausted; }
        }

        /// <summary>How many times Rent(int) was asked for more than any message can hold.</summary>
        public int TooLargeCount
        {
            get { return _tooLarge; }
        }

        public int Size
        {
            get { return _free.Length; }
        }

        public int Available
        {
            get { lock (_gate) return _freeCount; }
        }

        /// <summary>
        /// Whole payloads that can be rented now: free payload arrays, or with none configured,
        /// free messages (each of which holds a payload then).
        /// </summary>
        public int PayloadsAvailable
        {
            get { lock (_gate) return _freePayloads.Length > 0 ? _freePayloadCount : _freeCount; }
        }

        /// <summary>
        /// Whole payloads a module can rent now with <see cref="RentForPayload"/>: as
        /// <see cref="PayloadsAvailable"/>, less the payload array kept for the network when the
        /// pool has more than one. With a single array (or none) nothing is kept back.
        /// </summary>
        public int PayloadsForModules
        {
            get
            {
                lock (_gate)
                {
                    if (_freePayloads.Length == 0) return _freeCount;
                    int keep = NetworkReserve;
                    return _freePayloadCount > keep ? _freePayloadCount - keep : 0;
                }
            }
        }

        /// <summary>How many times Rent found the pool empty.</summary>
        public int ExhaustedCount
        {
            get { return _exhausted; }
        }

        /// <summary>A cleared message owned by the caller, or null when every message is in use.</summary>
        public Message Rent()
        {
            Message message = null;
            lock (_gate)
            {
                if (_freeCount > 0)
                {
                    _freeCount--;
                    message = _free[_freeCount];
                    _free[_freeCount] = null;
                }
            }
            if (message == null)
            {
                Interlocked.Increment(ref _exhausted);
                return null;
            }
            message.References = 1;
            return message;
        }

        /// <summary>
        /// A cleared message whose content holds at least capacity bytes: its own array when that
        /// is enough, else a payload array lent until the message is released. Null (counted)
        /// when no message or no payload array is free, or capacity exceeds <see cref="MaxContent"/>.
        /// </summary>
        public Message Rent(int capacity)
        {
            return Rent(capacity, 0);
        }

        /// <summary>
        /// A message for a whole payload a module makes (a report, a reply, a note). It leaves
        /// the last free payload array, when the pool has more than one, to <see cref="Rent(int)"/>:
        /// what arrives from the network comes in through that, and a burst of reports must not
        /// starve a resync's get/result. Null (counted as PayloadsExhaustedCount) when only that
        /// one is left; the module's own retry (outbox, renotify) takes it up later.
        /// </summary>
        public Message RentForPayload()
        {
            return Rent(MaxContent, NetworkReserve);
        }

        // Payload arrays RentForPayload leaves for Rent(int), what arrives from the network: one
        // when the pool has more than one, none otherwise (a module must be able to rent the only one).
        private int NetworkReserve
        {
            get { return _freePayloads.Length > 1 ? 1 : 0; }
        }

        private Message Rent(int capacity, int keep)
        {
            if (capacity <= _contentCapacity) return Rent();
            if (capacity > _payloadCapacity)
            {
                Interlocked.Increment(ref _tooLarge);
                return null;
            }
            byte[] payload = null;
            lock (_gate)
            {
                if (_freePayloadCount > keep)
                {
                    _freePayloadCount--;
                    payload = _freePayloads[_freePayloadCount];
                    _freePayloads[_freePayloadCount] = null;
                }
            }
            if (payload == null)
            {
                Interlocked.Increment(ref _payloadsExhausted);
                return null;
            }
            Message message = Rent();
            if (message == null)
            {
                ReturnPayload(payload);
                return null;
            }
            message.UsePayloadArray(payload);
            return message;
        }

        /// <summary>Gives up one hold on the message; the last hold returns it to the pool.</summary>
        public static void Release(Message message)
        {
            if (message == null) return;
            if (Interlocked.Decrement(ref message.References) != 0) return;
            message.Clear();
            if (message.HoldsPayloadArray) message.Owner.ReturnPayload(message.ReturnPayloadArray());
            message.Owner.Return(message);
        }

        internal static void AddReference(Message message)
        {
            Interlocked.Increment(ref message.References);
        }

        private void ReturnPayload(byte[] payload)
        {
            lock (_gate)
            {
                _freePayloads[_freePayloadCount] = payload;
                _freePayloadCount++;
            }
        }

        private void Return(Message message)
        {
            lock (_gate)
            {
                if (_freeCount == _free.Length)
                    throw new System.InvalidOperationException("message released twice");
                _free[_freeCount] = message;
                _freeCount++;
            }
        }
    }
}
