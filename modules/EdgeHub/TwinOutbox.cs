namespace EdgeNano.EdgeHub
{
    /// <summary>
    /// The offline outbox for twin reports: a fixed table of (device, property key) markers that
    /// say "not yet delivered". It holds no values: the twin store already keeps the latest one,
    /// so a flush asks devicetwin to report each marked property again with its current value.
    /// A thousand changes of one property are one marker, and the value that reaches the cloud
    /// is the last. When the table is full the device is marked "report everything", so the
    /// final state is still never lost, only superseded.
    /// </summary>
    public sealed class TwinOutbox
    {
        private readonly int[] _devices;
        private readonly int[] _keyLengths;
        private readonly byte[] _keys;
        private readonly int _maxKey;
        private readonly bool[] _everything;
        private int _count;
        private int _everythingCount;
        private int _marked;
        private int _coalesced;
        private int _overflows;

        /// <param name="capacity">Markers held.</param>
        /// <param name="maxKeyLength">Longest key a marker keeps; a longer one marks the whole device.</param>
        /// <param name="deviceCount">Devices of the board (one "report everything" flag each).</param>
        public TwinOutbox(int capacity, int maxKeyLength, int deviceCount)
        {
            _devices = new int[capacity];
            _keyLengths = new int[capacity];
            _keys = new byte[capacity * maxKeyLength];
            _maxKey = maxKeyLength;
            _everything = new bool[deviceCount];
        }

        /// <summary>Markers waiting (a "report everything" device counts as one).</summary>
        public int Count { get { return _count + _everythingCount; } }
        /// <summary>Markers set (each new one).</summary>
        public int Marked { get { return _marked; } }
        /// <summary>Changes that found their property already marked: superseded, not lost.</summary>
        public int Coalesced { get { return _coalesced; } }
        /// <summary>Marks that found the table full (or the key too long) and fell back to "report everything".</summary>
        public int Overflows { get { return _overflows; } }

        /// <summary>Marks the device's property as not yet delivered.</summary>
        public void Mark(int device, byte[] key, int offset, int length)
        {
            if (_everything[device])
            {
                _coalesced++;
                return;
            }
            for (int i = 0; i < _count; i++)
            {
                if (_devices[i] == device && SameKey(i, key, offset, length))
                {
                    _coalesced++;
                    return;
                }
            }
            if (_count == _devices.Length || length > _maxKey || length == 0)
            {
                _overflows++;
                MarkEverything(device);
                return;
            }
            _devices[_count] = device;
            _keyLengths[_count] = length;
            System.Array.Copy(key, offset, _keys, _count * _maxKey, length);
            _count++;
            _marked++;
        }

        /// <summary>Marks every property of the device (and drops its single markers).</summary>
        public void MarkEverything(int device)
        {
            if (_everything[device]) return;
            _everything[device] = true;
            _everythingCount++;
            int i = 0;
            while (i < _count)
            {
                if (_devices[i] == device) RemoveAt(i);
                else i++;
            }
        }

        /// <summary>
        /// Takes one marker: writes its key into destination and returns the key length (0 means
        /// every property of the device), or -1 when the outbox is empty.
        /// </summary>
        public int Take(byte[] destination, out int device)
        {
            for (int d = 0; d < _everything.Length; d++)
            {
                if (!_everything[d]) continue;
                _everything[d] = false;
                _everythingCount--;
                device = d;
                return 0;
            }
            if (_count == 0)
            {
                device = -1;
                return -1;
            }
            int last = _count - 1;
            device = _devices[last];
            int length = _keyLengths[last];
            System.Array.Copy(_keys, last * _maxKey, destination, 0, length);
            _count--;
            return length;
        }

        /// <summary>
        /// Takes another marker of the same device whose key fits destination[offset .. limit):
        /// writes the key there and returns its length, or -1 when the device has no other
        /// marker that fits. So a flush asks for several of a device's properties at once.
        /// </summary>
        public int TakeMore(int device, byte[] destination, int offset, int limit)
        {
            for (int i = _count - 1; i >= 0; i--)
            {
                if (_devices[i] != device) continue;
                int length = _keyLengths[i];
                if (length > limit - offset) continue;
                System.Array.Copy(_keys, i * _maxKey, destination, offset, length);
                RemoveAt(i);
                return length;
            }
            return -1;
        }

        /// <summary>True when the device has a single-key marker waiting.</summary>
        public bool HasKeysOf(int device)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_devices[i] == device) return true;
            }
            return false;
        }

        private bool SameKey(int index, byte[] key, int offset, int length)
        {
            if (_keyLengths[index] != length) return false;
            int start = index * _maxKey;
            for (int i = 0; i < length; i++)
            {
                if (_keys[start + i] != key[offset + i]) return false;
            }
            return true;
        }

        private void RemoveAt(int index)
        {
            int last = _count - 1;
            if (index != last)
            {
                _devices[index] = _devices[last];
                _keyLengths[index] = _keyLengths[last];
                System.Array.Copy(_keys, last * _maxKey, _keys, index * _maxKey, _keyLengths[last]);
            }
            _count--;
        }
    }
}
