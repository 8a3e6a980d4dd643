using EdgeNano.Runtime.Storage;

namespace EdgeNano.Updates
{
    /// <summary>
    /// What the device remembers of past packages, in the store under "ota-seen": the sequence of
    /// the last package it activated (an older manifest replayed is refused), that package's id
    /// (its retained announcement is not downloaded again after the restart), and the ids of the
    /// last few packages it refused (a bad package announced again is not fetched again and again).
    /// </summary>
    public sealed class OtaMemory
    {
        /// <summary>The store key of the record.</summary>
        public const string StoreKey = "ota-seen";
        /// <summary>Refused package ids remembered (the oldest is forgotten first).</summary>
        public const int RefusedCapacity = 4;

        private const int SequenceAt = SnapshotRecord.PayloadOffset;
        private const int ActivatedAt = SequenceAt + 4;
        private const int NextRefusedAt = ActivatedAt + 32;
        private const int RefusedAt = NextRefusedAt + 4;
        private const int PayloadLength = RefusedAt + RefusedCapacity * 32 - SnapshotRecord.PayloadOffset;

        private readonly IStore _store;
        private readonly byte[] _record = new byte[SnapshotRecord.PayloadOffset + PayloadLength];

        public OtaMemory(IStore store)
        {
            _store = store;
        }

        /// <summary>The last activated package's sequence (0: none yet).</summary>
        public int LastSequence { get { return SnapshotRecord.ReadInt32(_record, SequenceAt); } }

        /// <summary>Reads the record; a missing or damaged one leaves everything forgotten (the result says which).</summary>
        public StoreResult Load()
        {
            int payload;
            StoreResult result = SnapshotRecord.Load(_store, StoreKey, _record, out payload);
            if (result != StoreResult.Ok || payload != PayloadLength)
            {
                System.Array.Clear(_record, 0, _record.Length);
                return result == StoreResult.Ok ? StoreResult.Corrupt : result;
            }
            return StoreResult.Ok;
        }

        /// <summary>True when the package was activated here before (whether it stayed or was rolled back).</summary>
        public bool WasActivated(byte[] packageId)
        {
            return Same(ActivatedAt, packageId);
        }

        /// <summary>True when the package was refused here before.</summary>
        public bool WasRefused(byte[] packageId)
        {
            for (int i = 0; i < RefusedCapacity; i++)
            {
                if (Same(RefusedAt + i * 32, packageId)) return true;
            }
            return false;
        }

        /// <summary>Remembers a refused package (replacing the oldest remembered).</summary>
        public StoreResult Refuse(byte[] packageId)
        {
            if (WasRefused(packageId)) return StoreResult.Ok;
            int next = SnapshotRecord.ReadInt32(_record, NextRefusedAt) % RefusedCapacity;
            System.Array.Copy(packageId, 0, _record, RefusedAt + next * 32, 32);
            SnapshotRecord.WriteInt32(_record, NextRefusedAt, next + 1);
            return Save();
        }

        /// <summary>Remembers the package being activated and its sequence.</summary>
        public StoreResult Activated(byte[] packageId, int sequence)
        {
            SnapshotRecord.WriteInt32(_record, SequenceAt, sequence);
            System.Array.Copy(packageId, 0, _record, ActivatedAt, 32);
            return Save();
        }

        private StoreResult Save()
        {
            int length = SnapshotRecord.Seal(_record, PayloadLength);
            return _store.Replace(StoreKey, _record, length);
        }

        private bool Same(int at, byte[] packageId)
        {
            bool allZero = true;
            for (int i = 0; i < 32; i++)
            {
                if (_record[at + i] != packageId[i]) return false;
                if (packageId[i] != 0) allZero = false;
            }
            return !allZero;
        }
    }
}
