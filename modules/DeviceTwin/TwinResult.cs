namespace EdgeNano.DeviceTwin
{
    /// <summary>
    /// What one twin operation did, for the devicetwin module to publish: the status (KubeEdge's
    /// code and reason), one entry per property the operation touched with the property's state
    /// before it (the document's "last"; "current" is the store's row now), and the device's delta.
    /// Owned by the store, refilled by every change: read it before the next change is made.
    /// </summary>
    public sealed class TwinResult
    {
        /// <summary>The property was created by this operation (document last is null).</summary>
        public const int Added = 1;
        /// <summary>The property was deleted by this operation (result renders null, document current is null).</summary>
        public const int Deleted = 2;
        /// <summary>The expected value was set or cleared.</summary>
        public const int ExpectedChanged = 4;
        /// <summary>The actual value was set or cleared.</summary>
        public const int ActualChanged = 8;
        /// <summary>optional went from true to false.</summary>
        public const int OptionalChanged = 16;
        /// <summary>metadata.type changed (a new property, or a deleted one brought back).</summary>
        public const int TypeChanged = 32;
        /// <summary>A cloud sync lost on versions: the edge kept its value and replies with its own value and versions.</summary>
        public const int Rejected = 64;
        /// <summary>A cloud sync moved a version pair without changing the value (worth persisting, nothing to publish).</summary>
        public const int VersionsChanged = 128;

        private const int LastPresentFlag = 1;
        private const int LastOptionalFlag = 2;
        private const int LastHasExpectedVersionFlag = 4;
        private const int LastHasActualVersionFlag = 8;

        private readonly ValueArena _arena;
        private readonly int[] _slots;
        private readonly int[] _what;
        private readonly string[] _rejectReasons;
        private readonly int[] _lastFlags;
        private readonly int[] _lastTypes;
        private readonly int[] _lastExpectedHandles;
        private readonly int[] _lastActualHandles;
        private readonly long[] _lastNumbers; // 6 per entry: expected ts, actual ts, expected cloud/edge, actual cloud/edge
        private readonly int[] _deltaSlots;
        private int _count;
        private int _deltaCount;

        internal TwinResult(ValueArena arena, int capacity)
        {
            _arena = arena;
            _slots = new int[capacity];
            _what = new int[capacity];
            _rejectReasons = new string[capacity];
            _lastFlags = new int[capacity];
            _lastTypes = new int[capacity];
            _lastExpectedHandles = new int[capacity];
            _lastActualHandles = new int[capacity];
            _lastNumbers = new long[capacity * 6];
            _deltaSlots = new int[capacity];
        }

        /// <summary>TwinStatus.Ok, BadRequest, NotFound or InternalError.</summary>
        public int Status { get; private set; }

        /// <summary>Why the operation failed (edgecore's wording where it has one); null on success.</summary>
        public string Reason { get; private set; }

        /// <summary>Index in the TwinUpdate of the change that failed, -1 when no single change is to blame.</summary>
        public int FailedChange { get; private set; }

        /// <summary>True when the operation succeeded and changed nothing (an unchanged report): nothing to publish.</summary>
        public bool NoChange
        {
            get { return Status == TwinStatus.Ok && _count == 0; }
        }

        /// <summary>Properties this operation changed or (cloud sync) refused.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>The store slot of entry i (read the current state from the store with it).</summary>
        public int Slot(int entry) { return _slots[entry]; }

        /// <summary>What happened to entry i: a combination of Added, Deleted, ExpectedChanged, ... Rejected.</summary>
        public int What(int entry) { return _what[entry]; }

        /// <summary>True when entry i has the given flag (e.g. TwinResult.ExpectedChanged).</summary>
        public bool Has(int entry, int flag) { return (_what[entry] & flag) != 0; }

        /// <summary>For a Rejected entry: the version rule it lost on.</summary>
        public string RejectReason(int entry) { return _rejectReasons[entry]; }

        /// <summary>False when the document's "last" is null (the property was new or deleted before).</summary>
        public bool LastPresent(int entry) { return (_lastFlags[entry] & LastPresentFlag) != 0; }
        /// <summary>The property's type, optional flag, values (as arena offsets), timestamps and version pairs before the change.</summary>
        public int LastType(int entry) { return _lastTypes[entry]; }
        public bool LastOptional(int entry) { return (_lastFlags[entry] & LastOptionalFlag) != 0; }
        public bool LastHasExpected(int entry) { return _lastExpectedHandles[entry] >= 0; }
        public bool LastHasActual(int entry) { return _lastActualHandles[entry] >= 0; }
        /// <summary>Where the last expected value starts in <see cref="ArenaBytes"/>.</summary>
        public int LastExpectedOffset(int entry) { return _arena.Offset(_lastExpectedHandles[entry]); }
        public int LastExpectedLength(int entry) { return _arena.Length(_lastExpectedHandles[entry]); }
        public int LastActualOffset(int entry) { return _arena.Offset(_lastActualHandles[entry]); }
        public int LastActualLength(int entry) { return _arena.Length(_lastActualHandles[entry]); }
        public long LastExpectedTimestamp(int entry) { return _lastNumbers[entry * 6]; }
        public long LastActualTimestamp(int entry) { return _lastNumbers[entry * 6 + 1]; }
        public bool LastHasExpectedVersion(int entry) { return (_lastFlags[entry] & LastHasExpectedVersionFlag) != 0; }
        public long LastExpectedCloudVersion(int entry) { return _lastNumbers[entry * 6 + 2]; }
        public long LastExpectedEdgeVersion(int entry) { return _lastNumbers[entry * 6 + 3]; }
        public bool LastHasActualVersion(int entry) { return (_lastFlags[entry] & LastHasActualVersionFlag) != 0; }
        public long LastActualCloudVersion(int entry) { return _lastNumbers[entry * 6 + 4]; }
        public long LastActualEdgeVersion(int entry) { return _lastNumbers[entry * 6 + 5]; }

        /// <summary>The bytes the Last*Offset values point into (valid until the next change).</summary>
        public byte[] ArenaBytes
        {
            get { return _arena.Bytes; }
        }

        /// <summary>Properties of the device whose expected value differs from actual; 0 means no delta to publish.</summary>
        public int DeltaCount
        {
            get { return _deltaCount; }
        }

        /// <summary>The store slot of delta entry i (delta[key] = its expected value).</summary>
        public int DeltaSlot(int index) { return _deltaSlots[index]; }

        internal void Reset()
        {
            _count = 0;
            _deltaCount = 0;
            Status = TwinStatus.Ok;
            Reason = null;
            FailedChange = -1;
        }

        internal void Fail(int status, string reason, int change)
        {
            _count = 0;
            _deltaCount = 0;
            Status = status;
            Reason = reason;
            FailedChange = change;
        }

        internal int Find(int slot)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_slots[i] == slot) return i;
            }
            return -1;
        }

        /// <summary>Opens an entry for a slot, recording its state before the change.</summary>
        internal int Open(int slot, bool present, int type, bool optional, int expectedHandle, int actualHandle,
            long expectedTs, long actualTs, bool hasExpectedVersion, long ec, long ee, bool hasActualVersion, long ac, long ae)
        {
            int i = _count++;
            _slots[i] = slot;
            _what[i] = 0;
            _rejectReasons[i] = null;
            int flags = 0;
            if (present) flags |= LastPresentFlag;
            if (optional) flags |= LastOptionalFlag;
            if (hasExpectedVersion) flags |= LastHasExpectedVersionFlag;
            if (hasActualVersion) flags |= LastHasActualVersionFlag;
            _lastFlags[i] = flags;
            _lastTypes[i] = type;
            _lastExpectedHandles[i] = expectedHandle;
            _lastActualHandles[i] = actualHandle;
            int n = i * 6;
            _lastNumbers[n] = expectedTs;
            _lastNumbers[n + 1] = actualTs;
            _lastNumbers[n + 2] = ec;
            _lastNumbers[n + 3] = ee;
            _lastNumbers[n + 4] = ac;
            _lastNumbers[n + 5] = ae;
            return i;
        }

        internal void Mark(int entry, int flag) { _what[entry] |= flag; }

        internal void Reject(int entry, string reason)
        {
            _what[entry] |= Rejected;
            _rejectReasons[entry] = reason;
        }

        internal int LastExpectedHandle(int entry) { return _lastExpectedHandles[entry]; }
        internal int LastActualHandle(int entry) { return _lastActualHandles[entry]; }
        internal void SetLastExpectedHandle(int entry, int handle) { _lastExpectedHandles[entry] = handle; }
        internal void SetLastActualHandle(int entry, int handle) { _lastActualHandles[entry] = handle; }

        /// <summary>Drops an entry that turned out to change nothing (the last one opened).</summary>
        internal void DropLast()
        {
            _count--;
        }

        internal void AddDelta(int slot)
        {
            _deltaSlots[_deltaCount++] = slot;
        }
    }
}
