using EdgeNano.Runtime.Storage;

namespace EdgeNano.MemoryProbe
{
    /// <summary>
    /// The board's flash as fixed RAM slots. Every buffer is allocated in the constructor, before
    /// the probe's baseline, so what the device writes to "flash" is not counted as device heap
    /// (on a board it lives in the flash file system).
    /// </summary>
    public sealed class RamStore : IStore
    {
        private readonly string[] _keys;
        private readonly byte[][] _values;
        private readonly int[] _lengths;
        private int _replaces;

        public RamStore(int slots, int bytesPerValue)
        {
            _keys = new string[slots];
            _values = new byte[slots][];
            _lengths = new int[slots];
            for (int i = 0; i < slots; i++) _values[i] = new byte[bytesPerValue];
        }

        /// <summary>Successful writes so far.</summary>
        public int Replaces { get { return _replaces; } }

        public StoreResult Read(string key, byte[] buffer, out int length)
        {
            length = 0;
            if (!StoreKey.IsValid(key)) return StoreResult.InvalidKey;
            int slot = Find(key);
            if (slot < 0) return StoreResult.Missing;
            length = _lengths[slot];
            if (length > buffer.Length) return StoreResult.TooLarge;
            System.Array.Copy(_values[slot], buffer, length);
            return StoreResult.Ok;
        }

        public StoreResult Replace(string key, byte[] buffer, int count)
        {
            if (!StoreKey.IsValid(key)) return StoreResult.InvalidKey;
            int slot = Find(key);
            if (slot < 0) slot = Find(null);
            if (slot < 0 || count > _values[slot].Length) return StoreResult.Failed;
            System.Array.Copy(buffer, _values[slot], count);
            _lengths[slot] = count;
            _keys[slot] = key;
            _replaces++;
            return StoreResult.Ok;
        }

        public StoreResult Delete(string key)
        {
            if (!StoreKey.IsValid(key)) return StoreResult.InvalidKey;
            int slot = Find(key);
            if (slot < 0) return StoreResult.Missing;
            _keys[slot] = null;
            _lengths[slot] = 0;
            return StoreResult.Ok;
        }

        public StoreResult Size(string key, out int length)
        {
            length = 0;
            if (!StoreKey.IsValid(key)) return StoreResult.InvalidKey;
            int slot = Find(key);
            if (slot < 0) return StoreResult.Missing;
            length = _lengths[slot];
            return StoreResult.Ok;
        }

        // Null finds a free slot. Empty slots are tested by reference: comparing a never-assigned
        // string[] element with the string == operator crashes the Linux nanoCLR.
        private int Find(string key)
        {
            for (int i = 0; i < _keys.Length; i++)
            {
                string held = _keys[i];
                if ((object)held == null)
                {
                    if ((object)key == null) return i;
                    continue;
                }
                if ((object)key != null && key.Equals(held)) return i;
            }
            return -1;
        }
    }
}
