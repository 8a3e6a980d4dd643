using EdgeNano.Runtime;

namespace EdgeNano.DeviceTwin
{
    /// <summary>
    /// The device twins of one board, kept by KubeEdge's rules (edgecore's devicetwin): per
    /// property a key, type, optional flag, expected and actual values with timestamps, and the
    /// expected/actual version pairs {cloud, edge}. Everything is allocated when the store is
    /// built: rows are parallel arrays (a nanoFramework object field costs a 12-byte heap block,
    /// an array element only its own size), and keys and values live in one <see cref="ValueArena"/>.
    /// A property is addressed by its slot: device * PropertiesPerDevice + row.
    /// Changes (edge updates, cloud syncs, merges, snapshot loads) are serialised by a lock;
    /// each fills the store's one <see cref="Result"/>, valid until the next change.
    /// </summary>
    public sealed partial class TwinStore : ITwinProperties
    {
        private const int OptionalFlag = 1;
        private const int HasExpectedVersionFlag = 2;
        private const int HasActualVersionFlag = 4;

        // Per-slot numbers, 6 each.
        private const int ExpectedTs = 0;
        private const int ActualTs = 1;
        private const int ExpectedCloud = 2;
        private const int ExpectedEdge = 3;
        private const int ActualCloud = 4;
        private const int ActualEdge = 5;

        private readonly int _perDevice;
        private readonly string[] _deviceIds;
        // The same ids as UTF-8, made once at registration: received ids and snapshots are bytes.
        private readonly byte[][] _deviceIdBytes;
        private readonly int[] _rowCounts;
        private readonly int[] _snapshotRows; // rows per device a snapshot being checked would give
        private readonly byte[] _types;
        private readonly byte[] _flags;
        private readonly long[] _numbers;
        private readonly int[] _changeSequences;
        private readonly ValueArena _arena;
        private readonly int _retiredBase;
        private readonly int _retiredCount;
        private readonly TwinResult _result;
        private readonly TwinResult _refusedInsideListener;
        private readonly TwinUpdate _single;
        private readonly ITwinExpectedListener[] _listeners;
        private readonly IClock _clock;
        private readonly object _gate = new object();
        private int _deviceCount;
        private int _listenerCount;
        private int _retiredUsed;
        private int _sequence;
        private bool _notifying;
        private int _tableFull;
        private int _storageFull;
        private int _listenerFailures;

        /// <summary>A store with the capacities of config, stamping value timestamps from clock.</summary>
        public TwinStore(TwinConfig config, IClock clock)
        {
            if (config == null) throw new System.ArgumentNullException("config");
            if (clock == null) throw new System.ArgumentNullException("clock");
            if (config.MaxDevices < 1) throw new System.ArgumentOutOfRangeException("config.MaxDevices");
            if (config.PropertiesPerDevice < 1) throw new System.ArgumentOutOfRangeException("config.PropertiesPerDevice");
            _clock = clock;
            _perDevice = config.PropertiesPerDevice;
            int slots = config.MaxDevices * config.PropertiesPerDevice;
            _deviceIds = new string[config.MaxDevices];
            _deviceIdBytes = new byte[config.MaxDevices][];
            _rowCounts = new int[config.MaxDevices];
            _snapshotRows = new int[config.MaxDevices];
            _types = new byte[slots];
            _flags = new byte[slots];
            _numbers = new long[slots * 6];
            _changeSequences = new int[slots];
            // Handles: key, expected, actual per slot, then two per property of one update for the
            // values it replaced (kept for the result's "last" state until the next change).
            _retiredBase = slots * 3;
            _retiredCount = config.PropertiesPerDevice * 2;
            _arena = new ValueArena(config.ArenaBytes, _retiredBase + _retiredCount);
            _result = new TwinResult(_arena, config.PropertiesPerDevice);
            _refusedInsideListener = new TwinResult(_arena, 1);
            _refusedInsideListener.Fail(TwinStatus.InternalError, TwinReasons.Reentrant, -1);
            _single = new TwinUpdate(1);
            _listeners = new ITwinExpectedListener[config.ListenerCapacity < 0 ? 0 : config.ListenerCapacity];
        }

        /// <summary>What the last change did. Refilled by every change; read it before making the next.</summary>
        public TwinResult Result
        {
            get { return _result; }
        }

        /// <summary>Rows one device can hold.</summary>
        public int PropertiesPerDevice
        {
            get { return _perDevice; }
        }

        /// <summary>The keys and values; offsets from the *Offset methods point into it (valid until the next change).</summary>
        public byte[] ArenaBytes
        {
            get { return _arena.Bytes; }
        }

        /// <summary>The key and value storage, for its size and fill level.</summary>
        public ValueArena Arena
        {
            get { return _arena; }
        }

        /// <summary>Changes refused because a device had no free row, or no device place was left.</summary>
        public int TableFullCount
        {
            get { return _tableFull; }
        }

        /// <summary>Changes refused because the key and value storage was full.</summary>
        public int StorageFullCount
        {
            get { return _storageFull; }
        }

        /// <summary>Exceptions thrown by expected-value listeners (caught so the others still hear).</summary>
        public int ListenerFailureCount
        {
            get { return _listenerFailures; }
        }

        // ---- Devices ----

        /// <summary>
        /// Registers a device ("namespace/name") at start-up and returns its index (the existing
        /// one when already registered), or -1 when every device place is taken (counted).
        /// </summary>
        public int RegisterDevice(string deviceId)
        {
            if (deviceId == null) throw new System.ArgumentNullException("deviceId");
            lock (_gate)
            {
                int existing = FindDevice(deviceId);
                if (existing >= 0) return existing;
                if (_deviceCount == _deviceIds.Length)
                {
                    _tableFull++;
                    return -1;
                }
                _deviceIds[_deviceCount] = deviceId;
                _deviceIdBytes[_deviceCount] = Json.Utf8.Bytes(deviceId);
                _rowCounts[_deviceCount] = 0;
                return _deviceCount++;
            }
        }

        /// <summary>Registered devices.</summary>
        public int DeviceCount
        {
            get { return _deviceCount; }
        }

        /// <summary>The id of device i.</summary>
        public string DeviceId(int device)
        {
            return _deviceIds[device];
        }

        /// <summary>The index of a registered device, -1 when unknown.</summary>
        public int FindDevice(TwinText deviceId)
        {
            for (int d = 0; d < _deviceCount; d++)
            {
                byte[] id = _deviceIdBytes[d];
                if (Json.Utf8.BytesEqual(id, 0, id.Length, deviceId.Bytes, deviceId.Offset, deviceId.Length)) return d;
            }
            return -1;
        }

        /// <summary>
        /// FindDevice for an id given as a string, as messages carry it in their Resource:
        /// compared whole with ==, so nothing is encoded or allocated per message.
        /// </summary>
        public int FindDevice(string deviceId)
        {
            if (deviceId == null) return -1;
            for (int d = 0; d < _deviceCount; d++)
            {
                if (_deviceIds[d] == deviceId) return d;
            }
            return -1;
        }

        // ---- Properties: lookup and reads ----

        /// <summary>Rows in use by the device (deleted rows included).</summary>
        public int PropertyCount(int device)
        {
            return _rowCounts[device];
        }

        /// <summary>The slot of a device's row.</summary>
        public int Slot(int device, int row)
        {
            return device * _perDevice + row;
        }

        /// <summary>The device a slot belongs to.</summary>
        public int DeviceOf(int slot)
        {
            return slot / _perDevice;
        }

        /// <summary>The slot of a device's property (deleted rows too), -1 when the device has no such key.</summary>
        public int FindProperty(int device, TwinText key)
        {
            if (device < 0 || device >= _deviceCount) return -1;
            int first = device * _perDevice;
            int end = first + _rowCounts[device];
            for (int slot = first; slot < end; slot++)
            {
                if (_arena.Equals(KeyHandle(slot), key)) return slot;
            }
            return -1;
        }

        /// <summary>Where the key starts in ArenaBytes, and its length.</summary>
        public int KeyOffset(int slot) { return _arena.Offset(KeyHandle(slot)); }
        public int KeyLength(int slot) { return _arena.Length(KeyHandle(slot)); }
        /// <summary>The TwinType code of the property.</summary>
        public int Type(int slot) { return _types[slot]; }
        /// <summary>True for a deleted row (type "deleted"): get and delta skip it.</summary>
        public bool IsDeleted(int slot) { return _types[slot] == TwinType.Deleted; }
        /// <summary>Whether a null in an edge update may delete the property.</summary>
        public bool Optional(int slot) { return (_flags[slot] & OptionalFlag) != 0; }

        /// <summary>The expected value: present?, where in ArenaBytes, length, when set, and its {cloud, edge} pair.</summary>
        public bool HasExpected(int slot) { return _arena.Has(ExpectedHandle(slot)); }
        public int ExpectedOffset(int slot) { return _arena.Offset(ExpectedHandle(slot)); }
        public int ExpectedLength(int slot) { return _arena.Length(ExpectedHandle(slot)); }
        public long ExpectedTimestamp(int slot) { return _numbers[slot * 6 + ExpectedTs]; }
        public bool HasExpectedVersion(int slot) { return (_flags[slot] & HasExpectedVersionFlag) != 0; }
        public long ExpectedCloudVersion(int slot) { return _numbers[slot * 6 + ExpectedCloud]; }
        public long ExpectedEdgeVersion(int slot) { return _numbers[slot * 6 + ExpectedEdge]; }

        /// <summary>The actual value: present?, where in ArenaBytes, length, when set, and its {cloud, edge} pair.</summary>
        public bool HasActual(int slot) { return _arena.Has(ActualHandle(slot)); }
        public int ActualOffset(int slot) { return _arena.Offset(ActualHandle(slot)); }
        public int ActualLength(int slot) { return _arena.Length(ActualHandle(slot)); }
        public long ActualTimestamp(int slot) { return _numbers[slot * 6 + ActualTs]; }
        public bool HasActualVersion(int slot) { return (_flags[slot] & HasActualVersionFlag) != 0; }
        public long ActualCloudVersion(int slot) { return _numbers[slot * 6 + ActualCloud]; }
        public long ActualEdgeVersion(int slot) { return _numbers[slot * 6 + ActualEdge]; }

        /// <summary>Rises whenever the property changes; a reporter compares it with what it last sent.</summary>
        public int ChangeSequence(int slot) { return _changeSequences[slot]; }

        /// <summary>Value comparisons and copies for other modules (see ITwinProperties).</summary>
        public bool ExpectedIs(int slot, TwinText value) { return _arena.Equals(ExpectedHandle(slot), value); }
        public bool ActualIs(int slot, TwinText value) { return _arena.Equals(ActualHandle(slot), value); }
        public int CopyExpected(int slot, byte[] buffer, int offset) { return Copy(ExpectedHandle(slot), buffer, offset); }
        public int CopyActual(int slot, byte[] buffer, int offset) { return Copy(ActualHandle(slot), buffer, offset); }

        /// <summary>
        /// KubeEdge's delta rule for one property: not deleted, a non-empty expected value, and
        /// expected differs from actual (a missing actual counts as "").
        /// </summary>
        public bool InDelta(int slot)
        {
            if (IsDeleted(slot)) return false;
            int expected = ExpectedHandle(slot);
            int length = _arena.Length(expected);
            if (length == 0) return false;
            int actual = ActualHandle(slot);
            if (_arena.Length(actual) != length) return true;
            byte[] bytes = _arena.Bytes;
            int e = _arena.Offset(expected);
            int a = _arena.Offset(actual);
            for (int i = 0; i < length; i++)
            {
                if (bytes[e + i] != bytes[a + i]) return true;
            }
            return false;
        }

        /// <summary>True when the property belongs in KubeEdge's delta message's twin section (not deleted, non-empty expected).</summary>
        public bool InDeltaTwin(int slot)
        {
            return !IsDeleted(slot) && ExpectedLength(slot) > 0;
        }

        /// <summary>Adds a listener for expected-value changes; false when all listener places are taken.</summary>
        public bool AddExpectedListener(ITwinExpectedListener listener)
        {
            if (listener == null) throw new System.ArgumentNullException("listener");
            lock (_gate)
            {
                if (_listenerCount == _listeners.Length) return false;
                _listeners[_listenerCount++] = listener;
                return true;
            }
        }

        // ---- Shared machinery of changes ----

        private static int KeyHandle(int slot) { return slot * 3; }
        private static int ExpectedHandle(int slot) { return slot * 3 + 1; }
        private static int ActualHandle(int slot) { return slot * 3 + 2; }

        private int Copy(int handle, byte[] buffer, int offset)
        {
            if (!_arena.Has(handle)) return -1;
            int length = _arena.Length(handle);
            if (offset < 0 || offset + length > buffer.Length) return -1;
            System.Array.Copy(_arena.Bytes, _arena.Offset(handle), buffer, offset, length);
            return length;
        }

        /// <summary>
        /// Starts a change: the previous result's kept values are let go. False when called from
        /// a listener; the change is then answered with a fixed 500 result, leaving the result
        /// being notified intact.
        /// </summary>
        private bool Begin()
        {
            if (_notifying) return false;
            for (int i = 0; i < _retiredUsed; i++) _arena.Free(_retiredBase + i);
            _retiredUsed = 0;
            _result.Reset();
            return true;
        }

        /// <summary>Rejects what edgecore rejects while decoding (key and value patterns) and what EdgeNano cannot hold.</summary>
        private bool CheckMessage(int device, TwinUpdate update)
        {
            if (device < 0 || device >= _deviceCount)
            {
                _result.Fail(TwinStatus.NotFound, TwinReasons.DeviceMissing, -1);
                return false;
            }
            if (update.Count > _perDevice)
            {
                _tableFull++;
                _result.Fail(TwinStatus.InternalError, TwinReasons.TooManyChanges, -1);
                return false;
            }
            for (int c = 0; c < update.Count; c++)
            {
                TwinText key = update.Key(c);
                if (!TwinRules.IsValidKey(key)) return Refuse(TwinReasons.BadKey, c);
                if (update.HasExpected(c) && !TwinRules.IsValidValue(update.Expected(c))) return Refuse(TwinReasons.BadValue, c);
                if (update.HasActual(c) && !TwinRules.IsValidValue(update.Actual(c))) return Refuse(TwinReasons.BadValue, c);
                if (update.HasMetadata(c) && TwinType.Parse(update.Type(c)) == TwinType.Unknown) return Refuse(TwinReasons.TypeNotAllowed, c);
                for (int earlier = 0; earlier < c; earlier++)
                {
                    if (update.Key(earlier).SameAs(key)) return Refuse(TwinReasons.DuplicateKey, c);
                }
            }
            return true;
        }

        private bool Refuse(string reason, int change)
        {
            _result.Fail(TwinStatus.BadRequest, reason, change);
            return false;
        }

        /// <summary>Refuses the whole change when the new rows or text would not fit (nothing applied yet).</summary>
        private bool CheckRoom(int device, int newRows, int textBytes, int blocks)
        {
            if (_rowCounts[device] + newRows > _perDevice)
            {
                _tableFull++;
                _result.Fail(TwinStatus.InternalError, TwinReasons.TooManyProperties, -1);
                return false;
            }
            if (!_arena.CanFit(textBytes, blocks))
            {
                _storageFull++;
                _result.Fail(TwinStatus.InternalError, TwinReasons.StorageFull, -1);
                return false;
            }
            return true;
        }

        /// <summary>A new row for the key, optional by default, type string until told otherwise.</summary>
        private int NewRow(int device, TwinText key)
        {
            int slot = device * _perDevice + _rowCounts[device];
            _rowCounts[device]++;
            _types[slot] = TwinType.String;
            _flags[slot] = OptionalFlag;
            for (int n = 0; n < 6; n++) _numbers[slot * 6 + n] = 0;
            _arena.Free(ExpectedHandle(slot));
            _arena.Free(ActualHandle(slot));
            StoreText(KeyHandle(slot), key);
            return slot;
        }

        /// <summary>Opens the result entry of a slot, recording its state before the change.</summary>
        private int Open(int slot, bool isNew)
        {
            int n = slot * 6;
            int flags = _flags[slot];
            bool present = !isNew && _types[slot] != TwinType.Deleted;
            return _result.Open(slot, present, isNew ? TwinType.String : _types[slot], (flags & OptionalFlag) != 0,
                !isNew && HasExpected(slot) ? ExpectedHandle(slot) : -1,
                !isNew && HasActual(slot) ? ActualHandle(slot) : -1,
                _numbers[n + ExpectedTs], _numbers[n + ActualTs],
                (flags & HasExpectedVersionFlag) != 0, _numbers[n + ExpectedCloud], _numbers[n + ExpectedEdge],
                (flags & HasActualVersionFlag) != 0, _numbers[n + ActualCloud], _numbers[n + ActualEdge]);
        }

        /// <summary>
        /// Sets (hasValue) or clears one of the slot's values. The value it replaces stays in the
        /// arena under a retired handle while the result still shows it as the "last" state.
        /// </summary>
        private void ReplaceValue(int entry, int handle, bool expected, bool hasValue, TwinText value)
        {
            int last = expected ? _result.LastExpectedHandle(entry) : _result.LastActualHandle(entry);
            if (last == handle && _arena.Has(handle))
            {
                int retired = _retiredBase + _retiredUsed++;
                _arena.Move(handle, retired);
                if (expected) _result.SetLastExpectedHandle(entry, retired);
                else _result.SetLastActualHandle(entry, retired);
            }
            if (hasValue) StoreText(handle, value);
            else _arena.Free(handle);
        }

        private void StoreText(int handle, TwinText text)
        {
            // Room was checked before anything changed; failing here would be a sizing bug.
            if (!_arena.Store(handle, text)) _storageFull++;
        }

        private void SetPair(int slot, bool expected, long cloud, long edge)
        {
            int n = slot * 6;
            if (expected)
            {
                _numbers[n + ExpectedCloud] = cloud;
                _numbers[n + ExpectedEdge] = edge;
                _flags[slot] |= HasExpectedVersionFlag;
            }
            else
            {
                _numbers[n + ActualCloud] = cloud;
                _numbers[n + ActualEdge] = edge;
                _flags[slot] |= HasActualVersionFlag;
            }
        }

        /// <summary>Closes an entry: dropped when nothing changed; a real change raises the slot's change sequence.</summary>
        private void Close(int entry, int slot)
        {
            int what = _result.What(entry);
            if (what == 0)
            {
                _result.DropLast();
                return;
            }
            if ((what & ~TwinResult.Rejected) != 0) _changeSequences[slot] = ++_sequence;
        }

        /// <summary>Ends a successful change: the device's delta, then the expected-value listeners.</summary>
        private void Finish(int device)
        {
            int first = device * _perDevice;
            int end = first + _rowCounts[device];
            for (int slot = first; slot < end; slot++)
            {
                if (InDelta(slot)) _result.AddDelta(slot);
            }
            if (_listenerCount == 0) return;
            _notifying = true;
            try
            {
                for (int i = 0; i < _result.Count; i++)
                {
                    if (!_result.Has(i, TwinResult.ExpectedChanged)) continue;
                    for (int l = 0; l < _listenerCount; l++)
                    {
                        try
                        {
                            _listeners[l].ExpectedChanged(this, device, _result.Slot(i));
                        }
                        catch (System.Exception)
                        {
                            _listenerFailures++;
                        }
                    }
                }
            }
            finally
            {
                _notifying = false;
            }
        }
    }
}
