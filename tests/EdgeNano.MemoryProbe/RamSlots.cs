using EdgeNano.Runtime.Storage;

namespace EdgeNano.MemoryProbe
{
    /// <summary>
    /// The board's two update slots in RAM: a few named files per slot, each with a buffer made in
    /// the constructor (before the probe's baseline), so what the device downloads is not counted
    /// as device heap (on a board it lives in the flash file system).
    /// </summary>
    public sealed class RamSlots : ISlotFiles
    {
        private const int FilesPerSlot = 4;

        private readonly int _capacity;
        private readonly string[] _names = new string[2 * FilesPerSlot];
        private readonly int[] _lengths = new int[2 * FilesPerSlot];
        private readonly byte[][] _bytes = new byte[2 * FilesPerSlot][];
        private int _writes;

        /// <param name="bytesPerFile">Largest file; a slot holds FilesPerSlot of them.</param>
        public RamSlots(int bytesPerFile)
        {
            _capacity = bytesPerFile;
            for (int i = 0; i < _bytes.Length; i++) _bytes[i] = new byte[bytesPerFile];
        }

        /// <summary>Successful writes so far.</summary>
        public int Writes { get { return _writes; } }

        public int SlotCapacity { get { return _capacity; } }

        public int Length(int slot, string name)
        {
            int file = Find(slot, name);
            return file < 0 ? -1 : _lengths[file];
        }

        public bool WriteAt(int slot, string name, int offset, byte[] buffer, int start, int count)
        {
            int file = Find(slot, name);
            if (file < 0) file = Add(slot, name);
            if (file < 0 || offset < 0 || offset + count > _capacity) return false;
            // A write past the end fills the gap with zeros, as FlashSlotFiles does.
            for (int i = _lengths[file]; i < offset; i++) _bytes[file][i] = 0;
            System.Array.Copy(buffer, start, _bytes[file], offset, count);
            if (offset + count > _lengths[file]) _lengths[file] = offset + count;
            _writes++;
            return true;
        }

        public int ReadAt(int slot, string name, int offset, byte[] buffer, int start, int count)
        {
            int file = Find(slot, name);
            if (file < 0 || offset < 0) return -1;
            int available = _lengths[file] - offset;
            if (available < 0) return -1;
            if (count > available) count = available;
            System.Array.Copy(_bytes[file], offset, buffer, start, count);
            return count;
        }

        public bool Erase(int slot)
        {
            if (slot < 0 || slot > 1) return false;
            for (int i = slot * FilesPerSlot; i < (slot + 1) * FilesPerSlot; i++)
            {
                _names[i] = null;
                _lengths[i] = 0;
            }
            return true;
        }

        private int Find(int slot, string name)
        {
            if (slot < 0 || slot > 1) return -1;
            for (int i = slot * FilesPerSlot; i < (slot + 1) * FilesPerSlot; i++)
            {
                if (_names[i] == name) return i;
            }
            return -1;
        }

        private int Add(int slot, string name)
        {
            if (slot < 0 || slot > 1) return -1;
            for (int i = slot * FilesPerSlot; i < (slot + 1) * FilesPerSlot; i++)
            {
                if (_names[i] != null) continue;
                _names[i] = name;
                _lengths[i] = 0;
                return i;
            }
            return -1;
        }
    }
}
