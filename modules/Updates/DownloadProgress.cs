using EdgeNano.Runtime.Storage;

namespace EdgeNano.Updates
{
    /// <summary>
    /// Which blocks of the package being downloaded are written to the staging slot: a bitmap
    /// over every file's blocks in manifest order, saved in the store under "ota-dl" with the
    /// package id and block size, so a reboot or a new announcement resumes where it stopped.
    /// A block is marked only after ISlotFiles made it durable, and the record is replaced whole,
    /// so after a power cut the bitmap never claims a block that is not in flash (it may forget a
    /// few, which are fetched again). Buffers are allocated once, for the most blocks a slot holds.
    /// </summary>
    public sealed class DownloadProgress
    {
        /// <summary>The store key of the record.</summary>
        public const string StoreKey = "ota-dl";

        private const int IdAt = SnapshotRecord.PayloadOffset;
        private const int BlockSizeAt = IdAt + 32;
        private const int TotalAt = BlockSizeAt + 4;
        private const int DoneAt = TotalAt + 4;
        private const int BitsAt = DoneAt + 4;

        private readonly IStore _store;
        private readonly byte[] _bits;
        private readonly byte[] _record;
        private readonly byte[] _id = new byte[32];
        private int _blockSize;
        private int _total;
        private int _done;

        /// <param name="maxBlocks">Most blocks one package can have (slot capacity / block size, plus one per file for the short last blocks).</param>
        public DownloadProgress(IStore store, int maxBlocks)
        {
            _store = store;
            _bits = new byte[(maxBlocks + 7) / 8];
            _record = new byte[BitsAt + _bits.Length];
        }

        /// <summary>Most blocks a package may have here.</summary>
        public int Capacity { get { return _bits.Length * 8; } }
        /// <summary>Blocks in the package.</summary>
        public int Total { get { return _total; } }
        /// <summary>Blocks written so far.</summary>
        public int Done { get { return _done; } }
        /// <summary>True when every block is written.</summary>
        public bool IsComplete { get { return _done >= _total; } }

        /// <summary>
        /// Takes up the package: resumes from the saved record when it is for the same package id
        /// and block size (true), otherwise starts with no block written (false).
        /// </summary>
        public bool Begin(byte[] packageId, int blockSize, int totalBlocks)
        {
            System.Array.Copy(packageId, _id, 32);
            _blockSize = blockSize;
            _total = totalBlocks;
            if (Resume()) return true;
            System.Array.Clear(_bits, 0, _bits.Length);
            _done = 0;
            return false;
        }

        private bool Resume()
        {
            int payload;
            if (SnapshotRecord.Load(_store, StoreKey, _record, out payload) != StoreResult.Ok || payload != _record.Length - IdAt) return false;
            for (int i = 0; i < 32; i++)
            {
                if (_record[IdAt + i] != _id[i]) return false;
            }
            if (SnapshotRecord.ReadInt32(_record, BlockSizeAt) != _blockSize || SnapshotRecord.ReadInt32(_record, TotalAt) != _total) return false;
            System.Array.Copy(_record, BitsAt, _bits, 0, _bits.Length);
            // Counted again from the bits: the count in the record is only a cross-check.
            _done = 0;
            for (int b = 0; b < _total; b++)
            {
                if (IsWritten(b)) _done++;
            }
            return _done == SnapshotRecord.ReadInt32(_record, DoneAt);
        }

        public bool IsWritten(int block)
        {
            return (_bits[block >> 3] & (1 << (block & 7))) != 0;
        }

        /// <summary>Marks a block written (after its bytes are durable in the slot).</summary>
        public void Mark(int block)
        {
            if (IsWritten(block)) return;
            _bits[block >> 3] |= (byte)(1 << (block & 7));
            _done++;
        }

        /// <summary>The first block not yet written at or after from (wrapping round), or -1 when all are.</summary>
        public int NextMissing(int from)
        {
            for (int i = 0; i < _total; i++)
            {
                int b = (from + i) % _total;
                if (!IsWritten(b)) return b;
            }
            return -1;
        }

        /// <summary>Saves the bitmap (whole record replaced: a power cut leaves the old or the new one).</summary>
        public StoreResult Save()
        {
            System.Array.Copy(_id, 0, _record, IdAt, 32);
            SnapshotRecord.WriteInt32(_record, BlockSizeAt, _blockSize);
            SnapshotRecord.WriteInt32(_record, TotalAt, _total);
            SnapshotRecord.WriteInt32(_record, DoneAt, _done);
            System.Array.Copy(_bits, 0, _record, BitsAt, _bits.Length);
            int length = SnapshotRecord.Seal(_record, _record.Length - IdAt);
            return _store.Replace(StoreKey, _record, length);
        }

        /// <summary>Forgets the saved record (before the staging slot is erased for another package).</summary>
        public StoreResult Forget()
        {
            StoreResult result = _store.Delete(StoreKey);
            return result == StoreResult.Missing ? StoreResult.Ok : result;
        }
    }
}
