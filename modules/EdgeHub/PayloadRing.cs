namespace EdgeNano.EdgeHub
{
    /// <summary>
    /// Payloads waiting in line, first in first out, back to back in one byte array: a ring of
    /// at most Capacity entries and a fixed number of bytes together. One array sized for what waits
    /// at once costs far less heap than a payload-sized slot per entry (eight 1.5 KB slots were
    /// 12 KB for what is usually a few hundred bytes). An entry is never split: when the end of
    /// the array is too short for it, it starts again at 0 and the short tail waits unused until
    /// the entries before it are gone.
    /// </summary>
    public sealed class PayloadRing
    {
        private readonly byte[] _bytes;
        private readonly int[] _offsets;
        private readonly int[] _lengths;
        private int _head;
        private int _count;
        private int _end;
        // True when the newest entries start again at 0, before the oldest one.
        private bool _wrapped;

        /// <param name="capacity">Entries that may wait at once.</param>
        /// <param name="bytes">Their bytes together; the largest payload the ring can ever take.</param>
        public PayloadRing(int capacity, int bytes)
        {
            if (capacity < 1) throw new System.ArgumentOutOfRangeException("capacity");
            if (bytes < 1) throw new System.ArgumentOutOfRangeException("bytes");
            _bytes = new byte[bytes];
            _offsets = new int[capacity];
            _lengths = new int[capacity];
        }

        /// <summary>Entries waiting.</summary>
        public int Count { get { return _count; } }
        /// <summary>Entries that may wait at once.</summary>
        public int Capacity { get { return _offsets.Length; } }
        /// <summary>The array every entry's bytes are in.</summary>
        public byte[] Bytes { get { return _bytes; } }

        /// <summary>Where the oldest entry's bytes start in <see cref="Bytes"/>. Valid while Count > 0.</summary>
        public int OldestOffset { get { return _offsets[_head]; } }
        /// <summary>The oldest entry's length. Valid while Count > 0.</summary>
        public int OldestLength { get { return _lengths[_head]; } }
        /// <summary>The oldest entry's place (0 .. Capacity-1), for callers that keep per-entry fields beside the ring.</summary>
        public int OldestPlace { get { return _head; } }

        /// <summary>
        /// Copies a payload in behind the others. Its place (0 .. Capacity-1), or -1 when there
        /// are Capacity entries already or not enough contiguous bytes free.
        /// </summary>
        public int TryAdd(byte[] source, int offset, int length)
        {
            if (length < 0 || _count == _offsets.Length) return -1;
            int at = Allocate(length);
            if (at < 0) return -1;
            System.Array.Copy(source, offset, _bytes, at, length);
            int place = (_head + _count) % _offsets.Length;
            _offsets[place] = at;
            _lengths[place] = length;
            _count++;
            _end = at + length;
            return place;
        }

        /// <summary>Forgets the oldest entry.</summary>
        public void RemoveOldest()
        {
            if (_count == 0) return;
            int oldStart = _offsets[_head];
            _head = (_head + 1) % _offsets.Length;
            _count--;
            if (_count == 0)
            {
                _head = 0;
                _end = 0;
                _wrapped = false;
            }
            else if (_wrapped && _offsets[_head] < oldStart)
            {
                // The oldest entry is now one of those that started again at 0.
                _wrapped = false;
            }
        }

        // Where length contiguous bytes are free, or -1.
        private int Allocate(int length)
        {
            if (_count == 0) return length <= _bytes.Length ? 0 : -1;
            int start = _offsets[_head];
            if (_wrapped) return _end + length <= start ? _end : -1;
            if (_end + length <= _bytes.Length) return _end;
            if (length <= start)
            {
                _wrapped = true;
                return 0;
            }
            return -1;
        }
    }
}
