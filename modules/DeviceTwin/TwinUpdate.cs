namespace EdgeNano.DeviceTwin
{
    /// <summary>
    /// One twin update as plain input: the property changes of a twin/update (or a cloud sync,
    /// or a twin/get result to merge), filled by whoever decoded the message. Allocated once with
    /// a fixed capacity and refilled for every message (Clear, then Add per key). Text is taken
    /// by reference (<see cref="TwinText"/>), so the payload must stay put until the store has
    /// applied the update. What is not set is absent, as an omitted JSON field is.
    /// </summary>
    public sealed class TwinUpdate
    {
        private const int HasExpectedFlag = 1;
        private const int HasActualFlag = 2;
        private const int HasOptionalFlag = 4;
        private const int OptionalFlag = 8;
        private const int HasMetadataFlag = 16;
        private const int HasExpectedVersionFlag = 32;
        private const int HasActualVersionFlag = 64;
        private const int DeleteFlag = 128;

        private readonly TwinText[] _keys;
        private readonly TwinText[] _expected;
        private readonly TwinText[] _actual;
        private readonly TwinText[] _types;
        private readonly int[] _flags;
        private readonly long[] _versions; // 4 per change: expected cloud, edge; actual cloud, edge
        private int _count;

        /// <summary>An update that can carry up to capacity property changes.</summary>
        public TwinUpdate(int capacity)
        {
            if (capacity < 1) throw new System.ArgumentOutOfRangeException("capacity");
            _keys = new TwinText[capacity];
            _expected = new TwinText[capacity];
            _actual = new TwinText[capacity];
            _types = new TwinText[capacity];
            _flags = new int[capacity];
            _versions = new long[capacity * 4];
        }

        /// <summary>Changes this update can hold.</summary>
        public int Capacity
        {
            get { return _flags.Length; }
        }

        /// <summary>Changes added since the last Clear.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Empties the update for the next message.</summary>
        public void Clear()
        {
            for (int i = 0; i < _count; i++)
            {
                _keys[i] = new TwinText();
                _expected[i] = new TwinText();
                _actual[i] = new TwinText();
                _types[i] = new TwinText();
                _flags[i] = 0;
            }
            _count = 0;
        }

        /// <summary>Starts the change of one property; returns its index, or -1 when the update is full.</summary>
        public int Add(TwinText key)
        {
            if (_count == _flags.Length) return -1;
            _keys[_count] = key;
            _flags[_count] = 0;
            for (int v = 0; v < 4; v++) _versions[_count * 4 + v] = 0;
            return _count++;
        }

        /// <summary>The property is JSON null: delete it (honoured only for optional properties).</summary>
        public void SetDelete(int change)
        {
            _flags[change] |= DeleteFlag;
        }

        /// <summary>"expected": {"value": ...}.</summary>
        public void SetExpected(int change, TwinText value)
        {
            _expected[change] = value;
            _flags[change] |= HasExpectedFlag;
        }

        /// <summary>"actual": {"value": ...}.</summary>
        public void SetActual(int change, TwinText value)
        {
            _actual[change] = value;
            _flags[change] |= HasActualFlag;
        }

        /// <summary>"optional": true|false.</summary>
        public void SetOptional(int change, bool optional)
        {
            _flags[change] |= HasOptionalFlag;
            if (optional) _flags[change] |= OptionalFlag;
            else _flags[change] &= ~OptionalFlag;
        }

        /// <summary>"metadata": {"type": ...}; an empty type means metadata without a type.</summary>
        public void SetType(int change, TwinText type)
        {
            _types[change] = type;
            _flags[change] |= HasMetadataFlag;
        }

        /// <summary>"expected_version": {"cloud", "edge"} (a cloud sync needs it to change expected).</summary>
        public void SetExpectedVersion(int change, long cloud, long edge)
        {
            _versions[change * 4] = cloud;
            _versions[change * 4 + 1] = edge;
            _flags[change] |= HasExpectedVersionFlag;
        }

        /// <summary>"actual_version": {"cloud", "edge"} (a cloud sync needs it to change actual).</summary>
        public void SetActualVersion(int change, long cloud, long edge)
        {
            _versions[change * 4 + 2] = cloud;
            _versions[change * 4 + 3] = edge;
            _flags[change] |= HasActualVersionFlag;
        }

        public TwinText Key(int change) { return _keys[change]; }
        public bool IsDelete(int change) { return (_flags[change] & DeleteFlag) != 0; }
        public bool HasExpected(int change) { return (_flags[change] & HasExpectedFlag) != 0; }
        public TwinText Expected(int change) { return _expected[change]; }
        public bool HasActual(int change) { return (_flags[change] & HasActualFlag) != 0; }
        public TwinText Actual(int change) { return _actual[change]; }
        public bool HasOptional(int change) { return (_flags[change] & HasOptionalFlag) != 0; }
        public bool Optional(int change) { return (_flags[change] & OptionalFlag) != 0; }
        public bool HasMetadata(int change) { return (_flags[change] & HasMetadataFlag) != 0; }
        public TwinText Type(int change) { return _types[change]; }
        public bool HasExpectedVersion(int change) { return (_flags[change] & HasExpectedVersionFlag) != 0; }
        public bool HasActualVersion(int change) { return (_flags[change] & HasActualVersionFlag) != 0; }
        public long ExpectedCloudVersion(int change) { return _versions[change * 4]; }
        public long ExpectedEdgeVersion(int change) { return _versions[change * 4 + 1]; }
        public long ActualCloudVersion(int change) { return _versions[change * 4 + 2]; }
        public long ActualEdgeVersion(int change) { return _versions[change * 4 + 3]; }
    }
}
