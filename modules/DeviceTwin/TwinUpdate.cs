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
        private const int HasExpectedTimestampFlag = 256;
        private const int HasActualTimestampFlag = 512;

        // The four texts of a change (key, expected, actual, type) in parallel arrays: the bytes
        // the text lives in, its offset and length. Primitive arrays cost their
        // element size on nanoFramework, where an array of structs costs a heap block per field.
        private const int KeyText = 0;
        private const int ExpectedText = 1;
        private const int ActualText = 2;
        private const int TypeText = 3;
        private readonly byte[][] _texts;
        private readonly int[] _textOffsets;
        private readonly int[] _textLengths;
        private readonly int[] _flags;
        private readonly long[] _versions; // 4 per change: expected cloud, edge; actual cloud, edge
        private readonly long[] _timestamps; // 2 per change: expected, actual
        private int _count;

        /// <summary>An update that can carry up to capacity property changes.</summary>
        public TwinUpdate(int capacity)
        {
            if (capacity < 1) throw new System.ArgumentOutOfRangeException("capacity");
            _texts = new byte[capacity * 4][];
            _textOffsets = new int[capacity * 4];
            _textLengths = new int[capacity * 4];
            _flags = new int[capacity];
            _versions = new long[capacity * 4];
            _timestamps = new long[capacity * 2];
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
            // Let go of the payload the last message lent.
            for (int i = 0; i < _count * 4; i++) _texts[i] = null;
            for (int i = 0; i < _count; i++) _flags[i] = 0;
            _count = 0;
        }

        /// <summary>Starts the change of one property; returns its index, or -1 when the update is full.</summary>
        public int Add(TwinText key)
        {
            if (_count == _flags.Length) return -1;
            Put(_count, KeyText, key);
            Put(_count, ExpectedText, new TwinText());
            Put(_count, ActualText, new TwinText());
            Put(_count, TypeText, new TwinText());
            _flags[_count] = 0;
            for (int v = 0; v < 4; v++) _versions[_count * 4 + v] = 0;
            _timestamps[_count * 2] = 0;
            _timestamps[_count * 2 + 1] = 0;
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
            Put(change, ExpectedText, value);
            _flags[change] |= HasExpectedFlag;
        }

        /// <summary>"actual": {"value": ...}.</summary>
        public void SetActual(int change, TwinText value)
        {
            Put(change, ActualText, value);
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
            Put(change, TypeText, type);
            _flags[change] |= HasMetadataFlag;
        }

        /// <summary>
        /// SetType with the name as a string: a name edgecore knows is stored as TwinType's own
        /// bytes, so a module naming its type in every report allocates nothing; any other name is
        /// encoded (and then refused by the store as a type it does not allow).
        /// </summary>
        public void SetType(int change, string type)
        {
            int code = TwinType.Parse(type);
            if (code == TwinType.Unknown)
            {
                SetType(change, TwinText.Of(type));
                return;
            }
            byte[] name = TwinType.Utf8Name(code);
            SetType(change, TwinText.Of(name, 0, name.Length));
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

        /// <summary>
        /// "expected": {"metadata": {"timestamp": ...}}. Only a merge uses it (the cloud's time of
        /// the desired value); edge updates and syncs stamp the board's clock, as edgecore does.
        /// </summary>
        public void SetExpectedTimestamp(int change, long timestampMs)
        {
            _timestamps[change * 2] = timestampMs;
            _flags[change] |= HasExpectedTimestampFlag;
        }

        /// <summary>"actual": {"metadata": {"timestamp": ...}}; see SetExpectedTimestamp.</summary>
        public void SetActualTimestamp(int change, long timestampMs)
        {
            _timestamps[change * 2 + 1] = timestampMs;
            _flags[change] |= HasActualTimestampFlag;
        }

        public bool HasExpectedTimestamp(int change) { return (_flags[change] & HasExpectedTimestampFlag) != 0; }
        public long ExpectedTimestamp(int change) { return _timestamps[change * 2]; }
        public bool HasActualTimestamp(int change) { return (_flags[change] & HasActualTimestampFlag) != 0; }
        public long ActualTimestamp(int change) { return _timestamps[change * 2 + 1]; }

        // What the store reads back, per change index.
        public TwinText Key(int change) { return Get(change, KeyText); }
        public bool IsDelete(int change) { return (_flags[change] & DeleteFlag) != 0; }
        public bool HasExpected(int change) { return (_flags[change] & HasExpectedFlag) != 0; }
        public TwinText Expected(int change) { return Get(change, ExpectedText); }
        public bool HasActual(int change) { return (_flags[change] & HasActualFlag) != 0; }
        public TwinText Actual(int change) { return Get(change, ActualText); }
        public bool HasOptional(int change) { return (_flags[change] & HasOptionalFlag) != 0; }
        public bool Optional(int change) { return (_flags[change] & OptionalFlag) != 0; }
        public bool HasMetadata(int change) { return (_flags[change] & HasMetadataFlag) != 0; }
        public TwinText Type(int change) { return Get(change, TypeText); }
        public bool HasExpectedVersion(int change) { return (_flags[change] & HasExpectedVersionFlag) != 0; }
        public bool HasActualVersion(int change) { return (_flags[change] & HasActualVersionFlag) != 0; }
        public long ExpectedCloudVersion(int change) { return _versions[change * 4]; }
        public long ExpectedEdgeVersion(int change) { return _versions[change * 4 + 1]; }
        public long ActualCloudVersion(int change) { return _versions[change * 4 + 2]; }
        public long ActualEdgeVersion(int change) { return _versions[change * 4 + 3]; }

        private void Put(int change, int kind, TwinText text)
        {
            int i = change * 4 + kind;
            _texts[i] = text.Bytes;
            _textOffsets[i] = text.Offset;
            _textLengths[i] = text.Length;
        }

        private TwinText Get(int change, int kind)
        {
            int i = change * 4 + kind;
            return TwinText.Of(_texts[i], _textOffsets[i], _textLengths[i]);
        }
    }
}
