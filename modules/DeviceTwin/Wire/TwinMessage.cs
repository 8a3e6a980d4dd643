namespace EdgeNano.DeviceTwin.Wire
{
    /// <summary>
    /// Any device-twin payload of KubeEdge's MQTT protocol, decoded or to be encoded: the
    /// common event_id and timestamp, the "twin" map, "delta", an error result's code and
    /// reason, a state update's state, and membership lists. Allocated once with fixed
    /// capacities and reused; decoding fills it without allocating.
    /// <para>
    /// Memory is the design: on nanoCLR every object costs a 12-byte header plus 12 bytes per
    /// field, so a property held as a graph of small objects (key, twin, two values, versions)
    /// cost about 860 bytes. Here a property is a row in a few flat arrays (about 120 bytes):
    /// text fields are (presence, offset, length) triples into one <see cref="TextArena"/>, a
    /// twin's presences and flags are bits of one int, its timestamps and versions six longs.
    /// Device code reads and writes rows by index (this file); <see cref="TwinProperty"/>,
    /// <see cref="TwinState"/> and the other views (TwinMessage.Views.cs) are allocated per call
    /// and are for the host and tests.
    /// </para>
    /// </summary>
    public sealed partial class TwinMessage
    {
        /// <summary>Properties (and delta entries) per message by default.</summary>
        public const int DefaultMaxProperties = 32;
        /// <summary>Devices in a message's membership lists by default.</summary>
        public const int DefaultMaxMembers = 8;

        /// <summary>The twin of a property (update, result, delta, get/result).</summary>
        public const int TwinOf = 0;
        /// <summary>A document's state before the change (messages that keep documents only).</summary>
        public const int LastOf = 1;
        /// <summary>A document's state after the change (messages that keep documents only).</summary>
        public const int CurrentOf = 2;
        /// <summary>A twin's expected side.</summary>
        public const int Expected = 0;
        /// <summary>A twin's actual side.</summary>
        public const int Actual = 1;

        /// <summary>Text field: event_id.</summary>
        public const int EventIdField = 0;
        /// <summary>Text field: an error result's reason.</summary>
        public const int ReasonField = 1;
        /// <summary>Text field: a state update's state.</summary>
        public const int StateField = 2;
        private const int PropertyFieldsStart = 3;

        // A twin's bits in _twinBits: 2-bit presences, then flags.
        private const int PresenceMask = 3;
        private const int SidePresenceShift = 2;      // + 2 * side
        private const int VersionPresenceShift = 6;   // + 2 * side
        private const int HasOptionalBit = 1 << 10;
        private const int OptionalBit = 1 << 11;
        private const int HasTimestampShift = 12;     // + side
        // A twin's longs in _numbers: [timestamp expected, timestamp actual, cloud e, edge e, cloud a, edge a].
        private const int NumbersPerTwin = 6;

        public readonly TextArena Text;
        /// <summary>event_id (a view over <see cref="EventIdField"/>).</summary>
        public readonly WireText EventId;
        /// <summary>An error result's reason (a view over <see cref="ReasonField"/>).</summary>
        public readonly WireText Reason;
        /// <summary>A state update's "state": online, offline, ok, unknown, unhealthy (a view over <see cref="StateField"/>).</summary>
        public readonly WireText State;

        /// <summary>Set when "timestamp" was given.</summary>
        public bool HasTimestamp;
        /// <summary>Milliseconds since the epoch.</summary>
        public long Timestamp;
        /// <summary>A <see cref="Presence"/> constant for the "twin" map itself.</summary>
        public int TwinPresence;
        /// <summary>A <see cref="Presence"/> constant for the "delta" map.</summary>
        public int DeltaPresence;
        /// <summary>Set when "code" was given (error results: 400, 404, 500).</summary>
        public bool HasCode;
        public long Code;

        private readonly int _maxProperties;
        private readonly int _twinsPerProperty;
        private readonly int _fieldsPerProperty;
        private readonly int _deltaFieldsStart;
        private readonly int _memberFieldsStart;
        // Two ints per text field: its offset into Text, and its length shifted left by two with
        // its presence in the low two bits (a third int per field was 12 bytes a row more).
        private readonly int[] _texts;
        private readonly int[] _twinBits;
        private readonly long[] _numbers;
        private readonly int[] _memberLists;
        private int _propertyCount;
        private int _deltaCount;
        private int _memberCount;

        /// <summary>A message for payloads up to 4096 bytes and 32 properties, without document support.</summary>
        public TwinMessage() : this(Json.JsonReader.DefaultMaxPayload, DefaultMaxProperties, false)
        {
        }

        /// <summary>
        /// A message for payloads up to maxPayload bytes with at most maxProperties entries in
        /// each of twin and delta, and 8 membership devices. documents keeps "last"/"current"
        /// twins (twin/update/document, read by apps and the hub; a device does not need them).
        /// </summary>
        public TwinMessage(int maxPayload, int maxProperties, bool documents)
            : this(maxPayload, maxProperties, DefaultMaxMembers, documents)
        {
        }

        /// <summary>As above with the membership lists' capacity given.</summary>
        public TwinMessage(int maxPayload, int maxProperties, int maxMembers, bool documents)
        {
            if (maxProperties < 1) throw new System.ArgumentOutOfRangeException("maxProperties");
            if (maxMembers < 0) throw new System.ArgumentOutOfRangeException("maxMembers");
            Text = new TextArena(maxPayload);
            _maxProperties = maxProperties;
            _twinsPerProperty = documents ? 3 : 1;
            // A key, then per twin: expected value, actual value, type.
            _fieldsPerProperty = 1 + 3 * _twinsPerProperty;
            _deltaFieldsStart = PropertyFieldsStart + maxProperties * _fieldsPerProperty;
            _memberFieldsStart = _deltaFieldsStart + 2 * maxProperties;
            _texts = new int[2 * (_memberFieldsStart + 3 * maxMembers)];
            _twinBits = new int[maxProperties * _twinsPerProperty];
            _numbers = new long[maxProperties * _twinsPerProperty * NumbersPerTwin];
            _memberLists = new int[maxMembers];
            EventId = new WireText(this, EventIdField);
            Reason = new WireText(this, ReasonField);
            State = new WireText(this, StateField);
        }

        /// <summary>Entries each of twin and delta can hold.</summary>
        public int MaxProperties { get { return _maxProperties; } }
        /// <summary>True when properties keep a document's last/current twins.</summary>
        public bool KeepsDocuments { get { return _twinsPerProperty == 3; } }
        /// <summary>Entries in the "twin" map.</summary>
        public int PropertyCount { get { return _propertyCount; } }
        /// <summary>Entries in the "delta" map.</summary>
        public int DeltaCount { get { return _deltaCount; } }
        /// <summary>Devices in all membership lists together.</summary>
        public int MemberCount { get { return _memberCount; } }
        /// <summary>Devices the membership lists can hold together.</summary>
        public int MaxMembers { get { return _memberLists.Length; } }

        /// <summary>Empties the message for reuse.</summary>
        public void Clear()
        {
            Text.Clear();
            HasTimestamp = false;
            Timestamp = 0;
            TwinPresence = Presence.Absent;
            DeltaPresence = Presence.Absent;
            HasCode = false;
            Code = 0;
            // Only what was used is dirty: the message fields, the used rows, deltas and members.
            ClearFields(0, PropertyFieldsStart);
            ClearFields(PropertyFieldsStart, _propertyCount * _fieldsPerProperty);
            for (int i = 0; i < _propertyCount; i++) ClearTwins(i);
            _propertyCount = 0;
            ClearFields(_deltaFieldsStart, 2 * _deltaCount);
            _deltaCount = 0;
            ClearFields(_memberFieldsStart, 3 * _memberCount);
            _memberCount = 0;
        }

        /// <summary>Sets "timestamp" (ms since the epoch).</summary>
        public void SetTimestamp(long timestamp)
        {
            HasTimestamp = true;
            Timestamp = timestamp;
        }

        /// <summary>Sets an error result's "code".</summary>
        public void SetCode(long code)
        {
            HasCode = true;
            Code = code;
        }

        // ---- Text fields: every string of the message, by field number ----

        /// <summary>The array every text field's bytes live in (the arena's).</summary>
        public byte[] TextBuffer { get { return Text.Bytes; } }
        /// <summary>A <see cref="Presence"/> constant.</summary>
        public int TextPresence(int field) { return _texts[2 * field + 1] & PresenceMask; }
        /// <summary>The field carries text (possibly empty).</summary>
        public bool TextHasValue(int field) { return (_texts[2 * field + 1] & PresenceMask) == Presence.Value; }
        public int TextOffset(int field) { return _texts[2 * field]; }
        /// <summary>The text's length in UTF-8 bytes; 0 unless it has a value.</summary>
        public int TextLength(int field) { return _texts[2 * field + 1] >> 2; }

        /// <summary>True when the field has text equal to an ASCII literal.</summary>
        public bool TextEquals(int field, string ascii)
        {
            return TextHasValue(field) && Json.Utf8.EqualsAscii(Text.Bytes, TextOffset(field), TextLength(field), ascii);
        }

        /// <summary>True when the field has text equal to the given UTF-8 bytes.</summary>
        public bool TextEquals(int field, byte[] bytes, int offset, int length)
        {
            return TextHasValue(field) && Json.Utf8.BytesEqual(Text.Bytes, TextOffset(field), TextLength(field), bytes, offset, length);
        }

        /// <summary>Sets a field to UTF-8 bytes (copied into the arena). False, field unchanged, when the arena is full.</summary>
        public bool SetText(int field, byte[] utf8, int offset, int length)
        {
            int at = Text.Append(utf8, offset, length);
            if (at < 0) return false;
            SetTextRange(field, at, length);
            return true;
        }

        /// <summary>Sets a field to text (copied into the arena as UTF-8). False, field unchanged, when the arena is full.</summary>
        public bool SetText(int field, string text)
        {
            int length;
            int at = Text.Append(text, out length);
            if (at < 0) return false;
            SetTextRange(field, at, length);
            return true;
        }

        /// <summary>Copies another message's field (its presence and text). False when the arena is full.</summary>
        public bool CopyText(int field, TwinMessage from, int fromField)
        {
            int presence = from.TextPresence(fromField);
            if (presence != Presence.Value)
            {
                SetTextPresence(field, presence);
                return true;
            }
            return SetText(field, from.TextBuffer, from.TextOffset(fromField), from.TextLength(fromField));
        }

        /// <summary>Marks a field as given as JSON null, or absent, without text.</summary>
        public void SetTextPresence(int field, int presence)
        {
            _texts[2 * field] = 0;
            _texts[2 * field + 1] = presence & PresenceMask;
        }

        internal void SetTextRange(int field, int offset, int length)
        {
            _texts[2 * field] = offset;
            _texts[2 * field + 1] = (length << 2) | Presence.Value;
        }

        /// <summary>Text field of a property's key.</summary>
        public int KeyField(int property)
        {
            return PropertyFieldsStart + property * _fieldsPerProperty;
        }

        /// <summary>Text field of a twin's expected (side Expected) or actual (side Actual) value.</summary>
        public int ValueField(int property, int twin, int side)
        {
            return KeyField(property) + 1 + 3 * twin + side;
        }

        /// <summary>Text field of a twin's metadata.type.</summary>
        public int TypeField(int property, int twin)
        {
            return KeyField(property) + 3 + 3 * twin;
        }

        /// <summary>Text field of the index-th delta key; its value is the next field.</summary>
        public int DeltaKeyField(int index) { return _deltaFieldsStart + 2 * index; }
        /// <summary>Text field of the index-th delta value.</summary>
        public int DeltaValueField(int index) { return _deltaFieldsStart + 2 * index + 1; }
        /// <summary>Text field of a member's id; name and state follow.</summary>
        public int MemberIdField(int member) { return _memberFieldsStart + 3 * member; }
        public int MemberNameField(int member) { return _memberFieldsStart + 3 * member + 1; }
        public int MemberStateField(int member) { return _memberFieldsStart + 3 * member + 2; }

        // ---- Twins: per property one (or with documents three: twin, last, current) ----

        /// <summary>A <see cref="Presence"/> constant for the whole twin (null: delete the property).</summary>
        public int TwinStatePresence(int property, int twin) { return _twinBits[TwinIndex(property, twin)] & PresenceMask; }

        public void SetTwinStatePresence(int property, int twin, int presence)
        {
            int t = TwinIndex(property, twin);
            _twinBits[t] = (_twinBits[t] & ~PresenceMask) | presence;
        }

        /// <summary>A <see cref="Presence"/> constant for a twin's expected or actual object.</summary>
        public int SidePresence(int property, int twin, int side)
        {
            return (_twinBits[TwinIndex(property, twin)] >> (SidePresenceShift + 2 * side)) & PresenceMask;
        }

        public void SetSidePresence(int property, int twin, int side, int presence)
        {
            SetBits(TwinIndex(property, twin), SidePresenceShift + 2 * side, presence);
        }

        /// <summary>Set when the side's metadata.timestamp was given.</summary>
        public bool SideHasTimestamp(int property, int twin, int side)
        {
            return (_twinBits[TwinIndex(property, twin)] & (1 << (HasTimestampShift + side))) != 0;
        }

        /// <summary>The side's metadata.timestamp (ms since the epoch); 0 when not given.</summary>
        public long SideTimestamp(int property, int twin, int side)
        {
            return _numbers[TwinIndex(property, twin) * NumbersPerTwin + side];
        }

        /// <summary>Gives the side a timestamp (has=false: none).</summary>
        public void SetSideTimestamp(int property, int twin, int side, bool has, long timestamp)
        {
            int t = TwinIndex(property, twin);
            int bit = 1 << (HasTimestampShift + side);
            _twinBits[t] = has ? _twinBits[t] | bit : _twinBits[t] & ~bit;
            _numbers[t * NumbersPerTwin + side] = timestamp;
        }

        /// <summary>
        /// Makes the side present with a value from UTF-8 bytes and a timestamp (above 0: given).
        /// False when the arena is full.
        /// </summary>
        public bool SetSideValue(int property, int twin, int side, byte[] utf8, int offset, int length, long timestamp)
        {
            SetSidePresence(property, twin, side, Presence.Value);
            SetSideTimestamp(property, twin, side, timestamp > 0, timestamp);
            return SetText(ValueField(property, twin, side), utf8, offset, length);
        }

        /// <summary>A <see cref="Presence"/> constant for expected_version (side Expected) or actual_version.</summary>
        public int VersionPresence(int property, int twin, int side)
        {
            return (_twinBits[TwinIndex(property, twin)] >> (VersionPresenceShift + 2 * side)) & PresenceMask;
        }

        public void SetVersionPresence(int property, int twin, int side, int presence)
        {
            SetBits(TwinIndex(property, twin), VersionPresenceShift + 2 * side, presence);
        }

        /// <summary>The version pair's cloud counter.</summary>
        public long VersionCloud(int property, int twin, int side)
        {
            return _numbers[TwinIndex(property, twin) * NumbersPerTwin + 2 + 2 * side];
        }

        /// <summary>The version pair's edge counter.</summary>
        public long VersionEdge(int property, int twin, int side)
        {
            return _numbers[TwinIndex(property, twin) * NumbersPerTwin + 3 + 2 * side];
        }

        public void SetVersionCloud(int property, int twin, int side, long cloud)
        {
            _numbers[TwinIndex(property, twin) * NumbersPerTwin + 2 + 2 * side] = cloud;
        }

        public void SetVersionEdge(int property, int twin, int side, long edge)
        {
            _numbers[TwinIndex(property, twin) * NumbersPerTwin + 3 + 2 * side] = edge;
        }

        /// <summary>Makes the version pair present with these counters.</summary>
        public void SetVersion(int property, int twin, int side, long cloud, long edge)
        {
            SetVersionPresence(property, twin, side, Presence.Value);
            SetVersionCloud(property, twin, side, cloud);
            SetVersionEdge(property, twin, side, edge);
        }

        /// <summary>Set when "optional" was given (true or false).</summary>
        public bool HasOptional(int property, int twin) { return (_twinBits[TwinIndex(property, twin)] & HasOptionalBit) != 0; }
        public bool Optional(int property, int twin) { return (_twinBits[TwinIndex(property, twin)] & OptionalBit) != 0; }

        /// <summary>Gives or takes away the optional flag (has=false: not given).</summary>
        public void SetOptional(int property, int twin, bool has, bool optional)
        {
            int t = TwinIndex(property, twin);
            int bits = _twinBits[t] & ~(HasOptionalBit | OptionalBit);
            if (has) bits |= HasOptionalBit;
            if (optional) bits |= OptionalBit;
            _twinBits[t] = bits;
        }

        private int TwinIndex(int property, int twin)
        {
            return property * _twinsPerProperty + twin;
        }

        private void SetBits(int twinIndex, int shift, int presence)
        {
            _twinBits[twinIndex] = (_twinBits[twinIndex] & ~(PresenceMask << shift)) | (presence << shift);
        }

        // ---- Rows ----

        /// <summary>The index of the property with this key (ASCII), or -1.</summary>
        public int IndexOfProperty(string key)
        {
            for (int i = 0; i < _propertyCount; i++)
            {
                if (TextEquals(KeyField(i), key)) return i;
            }
            return -1;
        }

        /// <summary>The index of the property with this key (UTF-8 bytes), or -1.</summary>
        public int IndexOfProperty(byte[] key, int offset, int length)
        {
            for (int i = 0; i < _propertyCount; i++)
            {
                if (TextEquals(KeyField(i), key, offset, length)) return i;
            }
            return -1;
        }

        /// <summary>
        /// Adds a property (present, with an empty twin) to the "twin" map; its index, or -1 when
        /// the message is full or the arena cannot hold the key.
        /// </summary>
        public int AddPropertyRow(byte[] key, int offset, int length)
        {
            if (_propertyCount == _maxProperties) return -1;
            int property = _propertyCount;
            if (!SetText(KeyField(property), key, offset, length)) return -1;
            return CommitProperty(property);
        }

        /// <summary>AddPropertyRow with an ASCII or Unicode key.</summary>
        public int AddPropertyRow(string key)
        {
            if (_propertyCount == _maxProperties) return -1;
            int property = _propertyCount;
            if (!SetText(KeyField(property), key)) return -1;
            return CommitProperty(property);
        }

        /// <summary>The index of the delta entry with this key (ASCII), or -1.</summary>
        public int IndexOfDelta(string key)
        {
            for (int i = 0; i < _deltaCount; i++)
            {
                if (TextEquals(DeltaKeyField(i), key)) return i;
            }
            return -1;
        }

        /// <summary>Adds "key": "expected value" to the "delta" map. False when full.</summary>
        public bool AddDelta(string key, string value)
        {
            if (_deltaCount == _maxProperties) return false;
            if (!SetText(DeltaKeyField(_deltaCount), key) || !SetText(DeltaValueField(_deltaCount), value)) return false;
            DeltaPresence = Presence.Value;
            _deltaCount++;
            return true;
        }

        /// <summary>Adds a delta entry from UTF-8 byte ranges. False when full.</summary>
        public bool AddDelta(byte[] key, int keyOffset, int keyLength, byte[] value, int valueOffset, int valueLength)
        {
            if (_deltaCount == _maxProperties) return false;
            if (!SetText(DeltaKeyField(_deltaCount), key, keyOffset, keyLength) ||
                !SetText(DeltaValueField(_deltaCount), value, valueOffset, valueLength)) return false;
            DeltaPresence = Presence.Value;
            _deltaCount++;
            return true;
        }

        /// <summary>Which list a member came in: MemberDevice.Listed, Added or Removed.</summary>
        public int MemberList(int member) { return _memberLists[member]; }

        /// <summary>Adds a device to a membership list; its index, or -1 when full.</summary>
        public int AddMemberRow(int list)
        {
            if (_memberCount == _memberLists.Length) return -1;
            int member = _memberCount++;
            ClearFields(MemberIdField(member), 3);
            _memberLists[member] = list;
            return member;
        }

        // For the decoder: the row for a key it just read, reusing an earlier entry with the
        // same key (later wins, as with KubeEdge's map), or -1 when full.
        internal int PropertyRowFor(byte[] key, int offset, int length)
        {
            int property = IndexOfProperty(key, offset, length);
            if (property >= 0)
            {
                ClearFields(KeyField(property) + 1, _fieldsPerProperty - 1);
                ClearTwins(property);
                SetTwinStatePresence(property, TwinOf, Presence.Value);
                return property;
            }
            if (_propertyCount == _maxProperties) return -1;
            property = _propertyCount;
            SetTextRange(KeyField(property), Text.Append(key, offset, length), length);
            return CommitProperty(property);
        }

        // For the decoder: the value field for a delta key, reusing an earlier equal key, or -1 when full.
        internal int DeltaValueFieldFor(byte[] key, int offset, int length)
        {
            for (int i = 0; i < _deltaCount; i++)
            {
                if (TextEquals(DeltaKeyField(i), key, offset, length)) return DeltaValueField(i);
            }
            if (_deltaCount == _maxProperties) return -1;
            SetTextRange(DeltaKeyField(_deltaCount), Text.Append(key, offset, length), length);
            return DeltaValueField(_deltaCount++);
        }

        private int CommitProperty(int property)
        {
            ClearFields(KeyField(property) + 1, _fieldsPerProperty - 1);
            ClearTwins(property);
            SetTwinStatePresence(property, TwinOf, Presence.Value);
            TwinPresence = Presence.Value;
            _propertyCount++;
            return property;
        }

        private void ClearFields(int first, int count)
        {
            System.Array.Clear(_texts, 2 * first, 2 * count);
        }

        private void ClearTwins(int property)
        {
            int first = property * _twinsPerProperty;
            System.Array.Clear(_twinBits, first, _twinsPerProperty);
            System.Array.Clear(_numbers, first * NumbersPerTwin, _twinsPerProperty * NumbersPerTwin);
        }
    }
}
