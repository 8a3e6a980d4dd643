namespace EdgeNano.EdgeHub
{
    /// <summary>
    /// Events kept while the cloud is out of reach: a fixed ring of payload slots that drops the
    /// OLDEST event when full (the newest says more about now) and counts every drop, so the
    /// count can be reported once the session is back.
    /// </summary>
    public sealed class EventRing
    {
        private readonly string[] _topics;
        private readonly byte[][] _payloads;
        private readonly int[] _lengths;
        private int _head;
        private int _count;
        private int _dropped;
        private int _droppedUnreported;
        private int _tooLarge;

        /// <param name="capacity">Events kept.</param>
        /// <param name="maxPayload">Largest event payload; each slot is allocated this big at start-up.</param>
        public EventRing(int capacity, int maxPayload)
        {
            _topics = new string[capacity];
            _payloads = new byte[capacity][];
            _lengths = new int[capacity];
            for (int i = 0; i < capacity; i++) _payloads[i] = new byte[maxPayload];
        }

        /// <summary>Events waiting.</summary>
        public int Count { get { return _count; } }
        /// <summary>Events dropped because the ring was full (all time).</summary>
        public int Dropped { get { return _dropped; } }
        /// <summary>Drops not yet reported to the cloud.</summary>
        public int DroppedUnreported { get { return _droppedUnreported; } }
        /// <summary>Events refused because they exceed the slot size.</summary>
        public int TooLarge { get { return _tooLarge; } }

        /// <summary>Keeps an event, dropping the oldest when full. False when it is too large.</summary>
        public bool Add(string topic, byte[] payload, int offset, int length)
        {
            if (length > _payloads[0].Length)
            {
                _tooLarge++;
                return false;
            }
            if (_count == _topics.Length)
            {
                _head = (_head + 1) % _topics.Length;
                _count--;
                _dropped++;
                _droppedUnreported++;
            }
            int slot = (_head + _count) % _topics.Length;
            _topics[slot] = topic;
            System.Array.Copy(payload, offset, _payloads[slot], 0, length);
            _lengths[slot] = length;
            _count++;
            return true;
        }

        /// <summary>The oldest waiting event: topic, payload bytes (slot-sized buffer) and length. Valid while Count > 0.</summary>
        public string OldestTopic { get { return _topics[_head]; } }
        public byte[] OldestPayload { get { return _payloads[_head]; } }
        public int OldestLength { get { return _lengths[_head]; } }

        /// <summary>Forgets the oldest waiting event (after it was handed to the link).</summary>
        public void RemoveOldest()
        {
            if (_count == 0) return;
            _topics[_head] = null;
            _head = (_head + 1) % _topics.Length;
            _count--;
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
