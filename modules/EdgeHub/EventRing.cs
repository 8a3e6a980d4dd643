namespace EdgeNano.EdgeHub
{
    /// <summary>
    /// Events kept while the cloud is out of reach, in a <see cref="PayloadRing"/>: when it is
    /// full (in entries or in bytes) the OLDEST events are dropped (the newest says more about
    /// now) and every drop is counted, so the count can be reported once the session is back.
    /// </summary>
    public sealed class EventRing
    {
        private readonly PayloadRing _ring;
        private readonly string[] _topics;
        private int _dropped;
        private int _droppedUnreported;
        private int _tooLarge;

        /// <param name="capacity">Events kept.</param>
        /// <param name="maxPayload">Largest event payload; the ring holds capacity of them.</param>
        public EventRing(int capacity, int maxPayload) : this(capacity, maxPayload, capacity * maxPayload)
        {
        }

        /// <param name="capacity">Events kept at most.</param>
        /// <param name="maxPayload">Largest event payload accepted.</param>
        /// <param name="bytes">Bytes of all kept events together (at least maxPayload).</param>
        public EventRing(int capacity, int maxPayload, int bytes)
        {
            if (bytes < maxPayload) throw new System.ArgumentOutOfRangeException("bytes");
            _ring = new PayloadRing(capacity, bytes);
            _topics = new string[capacity];
            MaxPayload = maxPayload;
        }

        /// <summary>Largest event payload accepted.</summary>
        public readonly int MaxPayload;
        /// <summary>Events waiting.</summary>
        public int Count { get { return _ring.Count; } }
        /// <summary>Events dropped because the ring was full (all time).</summary>
        public int Dropped { get { return _dropped; } }
        /// <summary>Drops not yet reported to the cloud.</summary>
        public int DroppedUnreported { get { return _droppedUnreported; } }
        /// <summary>Events refused because they exceed the largest payload.</summary>
        public int TooLarge { get { return _tooLarge; } }

        /// <summary>Keeps an event, dropping the oldest ones until it fits. False when it is too large.</summary>
        public bool Add(string topic, byte[] payload, int offset, int length)
        {
            if (length > MaxPayload)
            {
                _tooLarge++;
                return false;
            }
            int place;
            while ((place = _ring.TryAdd(payload, offset, length)) < 0)
            {
                RemoveOldest();
                _dropped++;
                _droppedUnreported++;
            }
            _topics[place] = topic;
            return true;
        }

        /// <summary>The oldest waiting event: topic, and its payload as OldestLength bytes of OldestPayload from OldestOffset. Valid while Count > 0.</summary>
        public string OldestTopic { get { return _topics[_ring.OldestPlace]; } }
        public byte[] OldestPayload { get { return _ring.Bytes; } }
        public int OldestOffset { get { return _ring.OldestOffset; } }
        public int OldestLength { get { return _ring.OldestLength; } }

        /// <summary>Forgets the oldest waiting event (after it was handed to the link).</summary>
        public void RemoveOldest()
        {
            if (_ring.Count == 0) return;
            _topics[_ring.OldestPlace] = null;
            _ring.RemoveOldest();
        }

        /// <summary>Takes the drop count to report, and zeroes it.</summary>
        public int TakeDroppedToReport()
        {
            int dropped = _droppedUnreported;
            _droppedUnreported = 0;
            return dropped;
        }
    }
}
