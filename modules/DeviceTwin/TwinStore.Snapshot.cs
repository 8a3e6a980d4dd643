namespace EdgeNano.DeviceTwin
{
    /// <summary>
    /// The twin state as bytes for persistence (the store module writes and coalesces them).
    /// Format 1, little-endian:
    ///   "ENTW" | format (1) | devices (2) | per device: id length (2), id (ASCII), rows (2),
    ///   per row: type (1), flags (1), key length (1), key, [expected length (2), expected],
    ///   [actual length (2), actual], expected ts, actual ts, expected cloud, expected edge,
    ///   actual cloud, actual edge (8 each) | FNV-1a 32 of everything before it (4).
    /// A device of the snapshot that is not registered any more is skipped.
    /// </summary>
    public sealed partial class TwinStore
    {
        private const int SnapshotFormat = 1;
        private const int RowHasExpected = 8;
        private const int RowHasActual = 16;
        private const int RowFlagMask = OptionalFlag | HasExpectedVersionFlag | HasActualVersionFlag | RowHasExpected | RowHasActual;

        /// <summary>
        /// The most bytes a snapshot can take with the devices registered now, whatever their
        /// properties hold: every key and value lives in the arena, and a row adds its numbers.
        /// Persistence sizes its buffer with this once, at start-up.
        /// </summary>
        public int MaxSnapshotSize()
        {
            lock (_gate)
            {
                int size = 4 + 1 + 2 + 4 + _arena.Capacity;
                for (int d = 0; d < _deviceCount; d++) size += 2 + _deviceIdBytes[d].Length + 2 + _perDevice * (3 + 2 + 2 + 48);
                return size;
            }
        }

        /// <summary>Bytes WriteSnapshot needs for the current state.</summary>
        public int SnapshotSize()
        {
            lock (_gate)
            {
                int size = 4 + 1 + 2 + 4;
                for (int d = 0; d < _deviceCount; d++)
                {
                    size += 2 + _deviceIdBytes[d].Length + 2;
                    int first = d * _perDevice;
                    for (int slot = first; slot < first + _rowCounts[d]; slot++)
                    {
                        size += 3 + KeyLength(slot) + 48;
                        if (HasExpected(slot)) size += 2 + ExpectedLength(slot);
                        if (HasActual(slot)) size += 2 + ActualLength(slot);
                    }
                }
                return size;
            }
        }

        /// <summary>Writes the whole twin state into buffer; returns its length, or -1 when the buffer is too small (see SnapshotSize).</summary>
        public int WriteSnapshot(byte[] buffer)
        {
            if (buffer == null) throw new System.ArgumentNullException("buffer");
            return WriteSnapshot(buffer, 0, buffer.Length);
        }

        /// <summary>
        /// Writes the whole twin state into buffer[offset..offset+capacity) — where a storage
        /// record wants its payload — and returns its length, or -1 when it does not fit.
        /// </summary>
        public int WriteSnapshot(byte[] buffer, int offset, int capacity)
        {
            if (buffer == null) throw new System.ArgumentNullException("buffer");
            if (offset < 0 || capacity < 0 || offset + capacity > buffer.Length) throw new System.ArgumentOutOfRangeException("capacity");
            lock (_gate)
            {
                if (capacity < SnapshotSize()) return -1;
                int at = offset;
                buffer[at++] = (byte)'E';
                buffer[at++] = (byte)'N';
                buffer[at++] = (byte)'T';
                buffer[at++] = (byte)'W';
                buffer[at++] = SnapshotFormat;
                at = PutShort(buffer, at, _deviceCount);
                byte[] bytes = _arena.Bytes;
                for (int d = 0; d < _deviceCount; d++)
                {
                    byte[] id = _deviceIdBytes[d];
                    at = PutShort(buffer, at, id.Length);
                    System.Array.Copy(id, 0, buffer, at, id.Length);
                    at += id.Length;
                    at = PutShort(buffer, at, _rowCounts[d]);
                    int first = d * _perDevice;
                    for (int slot = first; slot < first + _rowCounts[d]; slot++)
                    {
                        int flags = _flags[slot];
                        if (HasExpected(slot)) flags |= RowHasExpected;
                        if (HasActual(slot)) flags |= RowHasActual;
                        buffer[at++] = _types[slot];
                        buffer[at++] = (byte)flags;
                        buffer[at++] = (byte)KeyLength(slot);
                        System.Array.Copy(bytes, KeyOffset(slot), buffer, at, KeyLength(slot));
                        at += KeyLength(slot);
                        if (HasExpected(slot))
                        {
                            at = PutShort(buffer, at, ExpectedLength(slot));
                            System.Array.Copy(bytes, ExpectedOffset(slot), buffer, at, ExpectedLength(slot));
                            at += ExpectedLength(slot);
                        }
                        if (HasActual(slot))
                        {
                            at = PutShort(buffer, at, ActualLength(slot));
                            System.Array.Copy(bytes, ActualOffset(slot), buffer, at, ActualLength(slot));
                            at += ActualLength(slot);
                        }
                        for (int n = 0; n < 6; n++) at = PutLong(buffer, at, _numbers[slot * 6 + n]);
                    }
                }
                uint sum = Fnv1a(buffer, offset, at - offset);
                at = PutShort(buffer, at, (int)(sum & 0xFFFF));
                at = PutShort(buffer, at, (int)(sum >> 16));
                return at - offset;
            }
        }

        /// <summary>
        /// Replaces the twin state with a snapshot's. The whole snapshot is checked before
        /// anything changes, so a bad one (SnapshotStatus.Corrupt or TooLarge) leaves the store
        /// as it was; it never throws on bad bytes. Listeners are not called, and a load from
        /// inside one is refused (SnapshotStatus.Refused).
        /// </summary>
        public int LoadSnapshot(byte[] buffer, int length)
        {
            if (buffer == null || length < 11 || length > buffer.Length) return SnapshotStatus.Corrupt;
            lock (_gate)
            {
                if (_notifying) return SnapshotStatus.Refused;
                int verdict = ReadSnapshot(buffer, length, false);
                if (verdict != SnapshotStatus.Loaded) return verdict;
                Begin();
                for (int d = 0; d < _deviceCount; d++) _rowCounts[d] = 0;
                _arena.Clear();
                ReadSnapshot(buffer, length, true);
                return SnapshotStatus.Loaded;
            }
        }

        /// <summary>Walks a snapshot; checks it when apply is false, copies it into the store when true.</summary>
        private int ReadSnapshot(byte[] b, int length, bool apply)
        {
            int end = length - 4;
            if (b[0] != 'E' || b[1] != 'N' || b[2] != 'T' || b[3] != 'W' || b[4] != SnapshotFormat) return SnapshotStatus.Corrupt;
            uint sum = (uint)(GetShort(b, end) | (GetShort(b, end + 2) << 16));
            if (sum != Fnv1a(b, 0, end)) return SnapshotStatus.Corrupt;
            int at = 5;
            int devices = GetShort(b, at);
            at += 2;
            long text = 0;
            bool tooLarge = false;
            for (int d = 0; d < _deviceCount; d++) _snapshotRows[d] = 0;
            for (int d = 0; d < devices; d++)
            {
                if (at + 2 > end) return SnapshotStatus.Corrupt;
                int idLength = GetShort(b, at);
                at += 2;
                if (at + idLength + 2 > end) return SnapshotStatus.Corrupt;
                int device = FindDevice(TwinText.Of(b, at, idLength));
                at += idLength;
                int rows = GetShort(b, at);
                at += 2;
                if (device >= 0)
                {
                    // Counted across entries, so a device named twice cannot overflow its rows.
                    _snapshotRows[device] += rows;
                    if (_snapshotRows[device] > _perDevice) tooLarge = true;
                }
                for (int r = 0; r < rows; r++)
                {
                    if (at + 3 > end) return SnapshotStatus.Corrupt;
                    int type = b[at];
                    int flags = b[at + 1];
                    int keyLength = b[at + 2];
                    at += 3;
                    if (type > TwinType.Last || (flags & ~RowFlagMask) != 0) return SnapshotStatus.Corrupt;
                    if (at + keyLength > end || !TwinRules.IsValidKey(TwinText.Of(b, at, keyLength))) return SnapshotStatus.Corrupt;
                    int keyAt = at;
                    at += keyLength;
                    int expectedAt = -1, expectedLength = 0, actualAt = -1, actualLength = 0;
                    if ((flags & RowHasExpected) != 0)
                    {
                        if (!ReadValue(b, ref at, end, out expectedAt, out expectedLength)) return SnapshotStatus.Corrupt;
                    }
                    if ((flags & RowHasActual) != 0)
                    {
                        if (!ReadValue(b, ref at, end, out actualAt, out actualLength)) return SnapshotStatus.Corrupt;
                    }
                    if (at + 48 > end) return SnapshotStatus.Corrupt;
                    if (device >= 0)
                    {
                        if (!apply)
                        {
                            text += keyLength + ValueArena.HeaderBytes;
                            if (expectedAt >= 0) text += expectedLength + ValueArena.HeaderBytes;
                            if (actualAt >= 0) text += actualLength + ValueArena.HeaderBytes;
                        }
                        else if (FindProperty(device, TwinText.Of(b, keyAt, keyLength)) < 0) // a repeated key: the first wins
                        {
                            int slot = NewRow(device, TwinText.Of(b, keyAt, keyLength));
                            _types[slot] = (byte)type;
                            _flags[slot] = (byte)(flags & (OptionalFlag | HasExpectedVersionFlag | HasActualVersionFlag));
                            if (expectedAt >= 0) StoreText(ExpectedHandle(slot), TwinText.Of(b, expectedAt, expectedLength));
                            if (actualAt >= 0) StoreText(ActualHandle(slot), TwinText.Of(b, actualAt, actualLength));
                            for (int n = 0; n < 6; n++) _numbers[slot * 6 + n] = GetLong(b, at + n * 8);
                            _changeSequences[slot] = ++_sequence;
                        }
                    }
                    at += 48;
                }
            }
            if (at != end) return SnapshotStatus.Corrupt;
            if (tooLarge || text > _arena.Capacity) return SnapshotStatus.TooLarge;
            return SnapshotStatus.Loaded;
        }

        private static bool ReadValue(byte[] b, ref int at, int end, out int valueAt, out int valueLength)
        {
            valueAt = -1;
            valueLength = 0;
            if (at + 2 > end) return false;
            valueLength = GetShort(b, at);
            at += 2;
            if (valueLength > TwinRules.MaxValueLength || at + valueLength > end) return false;
            if (!TwinRules.IsValidValue(TwinText.Of(b, at, valueLength))) return false;
            valueAt = at;
            at += valueLength;
            return true;
        }

        private static int PutShort(byte[] b, int at, int value)
        {
            b[at] = (byte)value;
            b[at + 1] = (byte)(value >> 8);
            return at + 2;
        }

        private static int GetShort(byte[] b, int at)
        {
            return b[at] | (b[at + 1] << 8);
        }

        private static int PutLong(byte[] b, int at, long value)
        {
            for (int i = 0; i < 8; i++) b[at + i] = (byte)(value >> (8 * i));
            return at + 8;
        }

        private static long GetLong(byte[] b, int at)
        {
            long value = 0;
            for (int i = 7; i >= 0; i--) value = (value << 8) | b[at + i];
            return value;
        }

        private static uint Fnv1a(byte[] b, int offset, int length)
        {
            uint hash = 2166136261;
            for (int i = offset; i < offset + length; i++)
            {
                hash ^= b[i];
                hash *= 16777619;
            }
            return hash;
        }
    }
}
