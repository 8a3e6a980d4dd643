namespace EdgeNano.Runtime.Storage
{
    /// <summary>
    /// Persists an owner's state without wearing out the flash. The owner calls MarkDirty on every
    /// change; the state is written MinIntervalMs after the first unsaved change, and every change
    /// in between rides along in that one write (a burst of N changes costs one write, and writes
    /// are at least MinIntervalMs apart). It has no thread: the owner calls Poll from its
    /// periodic work, and Flush at shutdown. A failed write is counted and retried after another
    /// interval. The record buffer is allocated once, here; or, given a message pool, borrowed
    /// from it for each write (a payload array is free most of the time, and a board with little
    /// RAM then keeps no snapshot-sized buffer for a write every few seconds at most). A write
    /// that finds no buffer free is counted (<see cref="NoBuffer"/>) and retried like a failed one.
    /// </summary>
    public sealed class SnapshotWriter
    {
        private readonly IStore _store;
        private readonly string _key;
        private readonly ISnapshotSource _source;
        private readonly IClock _clock;
        private readonly int _minIntervalMs;
        private readonly byte[] _record;
        private readonly MessagePool _lender;
        private readonly int _payloadCapacity;
        private readonly object _gate = new object();
        // Serialises writes (Poll from the dispatcher, Flush from shutdown) apart from _gate, so
        // MarkDirty never waits for flash.
        private readonly object _writeGate = new object();

        private bool _dirty;
        private long _dirtySinceMs;
        private int _writes;
        private int _failures;
        private int _coalesced;
        private int _noBuffer;
        private StoreResult _lastResult = StoreResult.Ok;

        /// <param name="store">Where the record goes.</param>
        /// <param name="key">The record's key, e.g. "twin".</param>
        /// <param name="source">Produces the state's bytes.</param>
        /// <param name="clock">Decides when a write is due; tests pass a clock they advance.</param>
        /// <param name="payloadCapacity">Largest snapshot in bytes; the buffer is this plus the record header.</param>
        /// <param name="minIntervalMs">How long changes are gathered before one write; 0 writes at the next Poll.</param>
        public SnapshotWriter(IStore store, string key, ISnapshotSource source, IClock clock, int payloadCapacity, int minIntervalMs)
            : this(store, key, source, clock, null, payloadCapacity, minIntervalMs)
        {
        }

        /// <summary>As above; with a lender, each write borrows a message of the pool for the record instead of keeping a buffer.</summary>
        /// <param name="lender">The pool to borrow from, or null to keep a buffer; its messages must hold the record (<see cref="CanBorrow"/>).</param>
        public SnapshotWriter(IStore store, string key, ISnapshotSource source, IClock clock, MessagePool lender, int payloadCapacity, int minIntervalMs)
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
            _payloadCapacity = payloadCapacity;
            if (lender != null && !CanBorrow(lender, payloadCapacity)) throw new System.ArgumentException("the pool's messages cannot hold the record", "lender");
            _lender = lender;
            if (lender == null) _record = new byte[SnapshotRecord.HeaderSize + payloadCapacity];
        }

        /// <summary>True when the pool's largest message holds a record of payloadCapacity bytes.</summary>
        public static bool CanBorrow(MessagePool pool, int payloadCapacity)
        {
            return pool.MaxContent >= SnapshotRecord.HeaderSize + payloadCapacity;
        }

        /// <summary>The record buffer (null when borrowing). After Load returns Ok the payload is at SnapshotRecord.PayloadOffset.</summary>
        public byte[] Buffer
        {
            get { return _record; }
        }

        /// <summary>Largest snapshot this writer can hold.</summary>
        public int PayloadCapacity
        {
            get { return _payloadCapacity; }
        }

        /// <summary>Writes put off because no buffer could be borrowed (retried after another interval).</summary>
        public int NoBuffer
        {
            get { return _noBuffer; }
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
            return Load(_record, out payloadLength);
        }

        /// <summary>As Load, into the caller's record buffer (a borrowing writer has none of its own).</summary>
        public StoreResult Load(byte[] record, out int payloadLength)
        {
            lock (_writeGate)
            {
                return SnapshotRecord.Load(_store, _key, record, out payloadLength);
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
                Message borrowed = _lender == null ? null : _lender.Rent(SnapshotRecord.HeaderSize + _payloadCapacity);
                byte[] record = _lender == null ? _record : (borrowed == null ? null : borrowed.Content);
                if (record == null)
                {
                    _noBuffer++;
                    result = StoreResult.Failed;
                }
                else
                {
                    result = WriteRecord(record);
                    if (borrowed != null) MessagePool.Release(borrowed);
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

        private StoreResult WriteRecord(byte[] record)
        {
            int payloadLength = _source.WriteSnapshot(record, SnapshotRecord.PayloadOffset, _payloadCapacity);
            if (payloadLength < 0 || payloadLength > _payloadCapacity) return StoreResult.TooLarge;
            int recordLength = SnapshotRecord.Seal(record, payloadLength);
            return _store.Replace(_key, record, recordLength);
        }
    }
}
