namespace EdgeNano.Runtime.Storage
{
    /// <summary>
    /// Persists an owner's state without wearing out the flash. The owner calls MarkDirty on every
    /// change; the state is written MinIntervalMs after the first unsaved change, and every change
    /// in between rides along in that one write (a burst of N changes costs one write, and writes
    /// are at least MinIntervalMs apart). It has no thread: the owner calls Poll from its
    /// periodic work, and Flush at shutdown. A failed write is counted and retried after another
    /// interval. The record buffer is allocated once, here.
    /// </summary>
    public sealed class SnapshotWriter
    {
        private readonly IStore _store;
        private readonly string _key;
        private readonly ISnapshotSource _source;
        private readonly IClock _clock;
        private readonly int _minIntervalMs;
        private readonly byte[] _record;
        private readonly object _gate = new object();
        // Serialises writes (Poll from the dispatcher, Flush from shutdown) apart from _gate, so
        // MarkDirty never waits for flash.
        private readonly object _writeGate = new object();

        private bool _dirty;
        private long _dirtySinceMs;
        private int _writes;
        private int _failures;
        private int _coalesced;
        private StoreResult _lastResult = StoreResult.Ok;

        /// <param name="store">Where the record goes.</param>
        /// <param name="key">The record's key, e.g. "twin".</param>
        /// <param name="source">Produces the state's bytes.</param>
        /// <param name="clock">Decides when a write is due; tests pass a clock they advance.</param>
        /// <param name="payloadCapacity">Largest snapshot in bytes; the buffer is this plus the record header.</param>
        /// <param name="minIntervalMs">How long changes are gathered before one write; 0 writes at the next Poll.</param>
        public SnapshotWriter(IStore store, string key, ISnapshotSource source, IClock clock, int payloadCapacity, int minIntervalMs)
        {
            if (store == null) throw new System.ArgumentNullException("store");
            if (!StoreKey.IsValid(key)) throw new System.ArgumentException("not a valid store key", "key");
            if (source == null) throw new System.ArgumentNullException("source");
            if (clock == null) throw new System.ArgumentNullException("clock");
            if (payloadCapacity < 0) throw new System.ArgumentOutOfRangeException("payloadCapacity");
            if (minIntervalMs < 0) throw new System.ArgumentOutOfRangeException("minIntervalMs");
            _store = store;
            _key = key;
            _source = source;
            _clock = clock;
            _minIntervalMs = minIntervalMs;
            _record = new byte[SnapshotRecord.HeaderSize + payloadCapacity];
        }

        /// <summary>The record buffer. After Load returns Ok the payload is at SnapshotRecord.PayloadOffset.</summary>
        public byte[] Buffer
        {
            get { return _record; }
        }

        /// <summary>Largest snapshot this writer can hold.</summary>
        public int PayloadCapacity
        {
            get { return _record.Length - SnapshotRecord.HeaderSize; }
        }

        /// <summary>Successful writes.</summary>
        public int Writes
        {
            get { return _writes; }
        }

        /// <summary>Writes that failed (store failure or a snapshot too large); the state stays dirty and is retried.</summary>
        public int Failures
        {
            get { return _failures; }
        }

        /// <summary>Changes that joined a write already pending, i.e. the writes saved by coalescing.</summary>
        public int CoalescedChanges
        {
            get { return _coalesced; }
        }

        /// <summary>The result of the last write attempt (Ok before the first).</summary>
        public StoreResult LastResult
        {
            get { return _lastResult; }
        }

        /// <summary>True while a change has not been written yet.</summary>
        public bool IsDirty
        {
            get { lock (_gate) return _dirty; }
        }

        /// <summary>
        /// Reads the last written snapshot into Buffer at boot: Ok with its payload length, or why
        /// not (Missing, Corrupt, UnknownVersion, TooLarge, Failed); the owner then keeps its defaults.
        /// </summary>
        public StoreResult Load(out int payloadLength)
        {
            lock (_writeGate)
            {
                return SnapshotRecord.Load(_store, _key, _record, out payloadLength);
            }
        }

        /// <summary>Notes that the state changed. Cheap: no I/O, no allocation.</summary>
        public void MarkDirty()
        {
            lock (_gate)
            {
                if (_dirty)
                {
                    _coalesced++;
                    return;
                }
                _dirty = true;
                _dirtySinceMs = _clock.NowMs;
            }
        }

        /// <summary>Writes the state if a change has waited MinIntervalMs; returns true when it attempted a write.</summary>
        public bool Poll()
        {
            lock (_gate)
            {
                if (!_dirty) return false;
                long now = _clock.NowMs;
                // The wall clock may step back (SNTP); restart the wait rather than stall until it catches up.
                if (now < _dirtySinceMs) _dirtySinceMs = now;
                if (now - _dirtySinceMs < _minIntervalMs) return false;
            }
            Write();
            return true;
        }

        /// <summary>Writes pending changes now, whatever the interval (shutdown). Ok when there was nothing to write.</summary>
        public StoreResult Flush()
        {
            if (!IsDirty) return StoreResult.Ok;
            return Write();
        }

        private StoreResult Write()
        {
            lock (_writeGate)
            {
                lock (_gate)
                {
                    // Another caller may have written meanwhile.
                    if (!_dirty) return StoreResult.Ok;
                    // Cleared before the snapshot is taken: a change made while writing marks it dirty again.
                    _dirty = false;
                }
                StoreResult result;
                int payloadLength = _source.WriteSnapshot(_record, SnapshotRecord.PayloadOffset, PayloadCapacity);
                if (payloadLength < 0 || payloadLength > PayloadCapacity)
                {
                    result = StoreResult.TooLarge;
                }
                else
                {
                    int recordLength = SnapshotRecord.Seal(_record, payloadLength);
                    result = _store.Replace(_key, _record, recordLength);
                }
                lock (_gate)
                {
                    _lastResult = result;
                    if (result == StoreResult.Ok)
                    {
                        _writes++;
                    }
                    else
                    {
                        _failures++;
                        if (_dirty) _coalesced++;
                        // Retry after another interval, not at every Poll: a failing flash is not hammered.
                        _dirty = true;
                        _dirtySinceMs = _clock.NowMs;
                    }
                }
                return result;
            }
        }
    }
}
