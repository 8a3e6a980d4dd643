namespace EdgeNano.Runtime
{
    /// <summary>
    /// A module's inbox: a fixed-size first-in-first-out ring. Any thread may add; only the
    /// dispatcher takes. Adding to a full ring fails at once, it never waits.
    /// </summary>
    public sealed class MessageRing
    {
        private readonly Message[] _items;
        private int _head;
        private int _count;
        private readonly object _gate = new object();

        public MessageRing(int capacity)
        {
            if (capacity < 1) throw new System.ArgumentOutOfRangeException("capacity");
            _items = new Message[capacity];
        }

        public int Capacity
        {
            get { return _items.Length; }
        }

        /// <summary>Messages queued. A full-barrier read rather than the lock: the dispatcher asks often.</summary>
        public int Count
        {
            get { return System.Threading.Interlocked.CompareExchange(ref _count, 0, 0); }
        }

        public bool TryAdd(Message message)
        {
            lock (_gate)
            {
                if (_count == _items.Length) return false;
                int tail = _head + _count;
                if (tail >= _items.Length) tail -= _items.Length;
                _items[tail] = message;
                _count++;
                return true;
            }
        }

        /// <summary>
        /// The message index places after the oldest, without taking it: for the one consumer,
        /// which learned from Count that it is there. Producers only write behind the queued
        /// messages, so reading these slots needs no lock; Consume then removes them.
        /// </summary>
        public Message Peek(int index)
        {
            int at = _head + index;
            if (at >= _items.Length) at -= _items.Length;
            return _items[at];
        }

        /// <summary>Removes the count oldest messages that the consumer has peeked and handled.</summary>
        public void Consume(int count)
        {
            lock (_gate)
            {
                if (count > _count) throw new System.InvalidOperationException("consumed more than was queued");
                for (int i = 0; i < count; i++)
                {
                    _items[_head] = null;
                    _head++;
                    if (_head == _items.Length) _head = 0;
                }
                _count -= count;
            }
        }

        /// <summary>The oldest message, or null when empty.</summary>
        public Message TryTake()
        {
            lock (_gate)
            {
                if (_count == 0) return null;
                Message message = _items[_head];
                _items[_head] = null;
                _head++;
                if (_head == _items.Length) _head = 0;
                _count--;
                return message;
            }
        }
    }
}
