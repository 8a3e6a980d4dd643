namespace EdgeNano.DeviceTwin.Wire
{
    /// <summary>
    /// Any device-twin payload of KubeEdge's MQTT protocol, decoded or to be encoded: the
    /// common event_id and timestamp, the "twin" map, "delta", an error result's code and
    /// reason, a state update's state, and membership lists. Allocated once with fixed
    /// capacities and reused; decoding fills it without allocating. Every string lives in one
    /// <see cref="TextArena"/> as large as the largest payload.
    /// </summary>
    public sealed class TwinMessage
    {
        /// <summary>Properties (and delta entries) per message by default.</summary>
        public const int DefaultMaxProperties = 32;
        /// <summary>Devices in a message's membership lists by default.</summary>
        public const int DefaultMaxMembers = 8;

        public readonly TextArena Text;
        public readonly WireText EventId;
        /// <summary>Set when "timestamp" was given.</summary>
        public bool HasTimestamp;
        /// <summary>Milliseconds since the epoch.</summary>
        public long Timestamp;

        /// <summary>A <see cref="Presence"/> constant for the "twin" map itself.</summary>
        public int TwinPresence;
        private readonly TwinProperty[] _properties;
        private int _propertyCount;

        /// <summary>A <see cref="Presence"/> constant for the "delta" map.</summary>
        public int DeltaPresence;
        private readonly WireText[] _deltaKeys;
        private readonly WireText[] _deltaValues;
        private int _deltaCount;

        /// <summary>Set when "code" was given (error results: 400, 404, 500).</summary>
        public bool HasCode;
        public long Code;
        public readonly WireText Reason;
        /// <summary>A state update's "state": online, offline, ok, unknown, unhealthy.</summary>
        public readonly WireText State;

        private readonly MemberDevice[] _members;
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

        /// <summary>
        /// As above with the membership lists' capacity given. Each slot is a handful of small
        /// objects, so capacities are what a message costs on the device's heap.
        /// </summary>
        public TwinMessage(int maxPayload, int maxProperties, int maxMembers, bool documents)
        {
            if (maxProperties < 1) throw new System.ArgumentOutOfRangeException("maxProperties");
            if (maxMembers < 0) throw new System.ArgumentOutOfRangeException("maxMembers");
            Text = new TextArena(maxPayload);
            EventId = new WireText(Text);
            Reason = new WireText(Text);
            State = new WireText(Text);
            _properties = new TwinProperty[maxProperties];
            _deltaKeys = new WireText[maxProperties];
            _deltaValues = new WireText[maxProperties];
            _members = new MemberDevice[maxMembers];
            for (int i = 0; i < maxProperties; i++)
            {
                _properties[i] = new TwinProperty(Text, documents);
                _deltaKeys[i] = new WireText(Text);
                _deltaValues[i] = new WireText(Text);
            }
            for (int i = 0; i < maxMembers; i++) _members[i] = new MemberDevice(Text);
        }

        /// <summary>Entries each of twin and delta can hold.</summary>
        public int MaxProperties { get { return _properties.Length; } }
        /// <summary>True when properties keep a document's last/current twins.</summary>
        public bool KeepsDocuments { get { return _properties[0].Last != null; } }

        /// <summary>Entries in the "twin" map.</summary>
        public int PropertyCount { get { return _propertyCount; } }
        /// <summary>Entries in the "delta" map.</summary>
        public int DeltaCount { get { return _deltaCount; } }
        /// <summary>Devices in all membership lists together.</summary>
        public int MemberCount { get { return _memberCount; } }
        /// <summary>Devices the membership lists can hold together.</summary>
        public int MaxMembers { get { return _members.Length; } }

        /// <summary>The index-th entry of the "twin" map, in payload order.</summary>
        public TwinProperty PropertyAt(int index)
        {
            if (index < 0 || index >= _propertyCount) throw new System.ArgumentOutOfRangeException("index");
            return _properties[index];
        }

        /// <summary>The index-th key of the "delta" map.</summary>
        public WireText DeltaKeyAt(int index)
        {
            if (index < 0 || index >= _deltaCount) throw new System.ArgumentOutOfRangeException("index");
            return _deltaKeys[index];
        }

        /// <summary>The expected value for DeltaKeyAt(index).</summary>
        public WireText DeltaValueAt(int index)
        {
            if (index < 0 || index >= _deltaCount) throw new System.ArgumentOutOfRangeException("index");
            return _deltaValues[index];
        }

        /// <summary>The index-th device of the membership lists, in payload order.</summary>
        public MemberDevice MemberAt(int index)
        {
            if (index < 0 || index >= _memberCount) throw new System.ArgumentOutOfRangeException("index");
            return _members[index];
        }

        /// <summary>The property with this key (ASCII), or null.</summary>
        public TwinProperty FindProperty(string key)
        {
            for (int i = 0; i < _propertyCount; i++)
            {
                if (_properties[i].Key.Equals(key)) return _properties[i];
            }
            return null;
        }

        /// <summary>The property with this key (UTF-8 bytes), or null.</summary>
        public TwinProperty FindProperty(byte[] key, int offset, int length)
        {
            for (int i = 0; i < _propertyCount; i++)
            {
                if (_properties[i].Key.Equals(key, offset, length)) return _properties[i];
            }
            return null;
        }

        /// <summary>The delta's expected value for this key (ASCII), or null when the delta has no such key.</summary>
        public WireText FindDelta(string key)
        {
            for (int i = 0; i < _deltaCount; i++)
            {
                if (_deltaKeys[i].Equals(key)) return _deltaValues[i];
            }
            return null;
        }

        /// <summary>Empties the message for reuse.</summary>
        public void Clear()
        {
            Text.Clear();
            EventId.Clear();
            HasTimestamp = false;
            Timestamp = 0;
            TwinPresence = Presence.Absent;
            for (int i = 0; i < _propertyCount; i++) _properties[i].Clear();
            _propertyCount = 0;
            DeltaPresence = Presence.Absent;
            for (int i = 0; i < _deltaCount; i++)
            {
                _deltaKeys[i].Clear();
                _deltaValues[i].Clear();
            }
            _deltaCount = 0;
            HasCode = false;
            Code = 0;
            Reason.Clear();
            State.Clear();
            for (int i = 0; i < _memberCount; i++) _members[i].Clear();
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

        /// <summary>
        /// Adds a property (present, with an empty twin) to the "twin" map. Null when the
        /// message is full or the arena cannot hold the key.
        /// </summary>
        public TwinProperty AddProperty(string key)
        {
            TwinProperty property = NextProperty();
            if (property == null || !property.Key.Set(key)) return null;
            return CommitProperty(property);
        }

        /// <summary>Adds a property whose key is UTF-8 bytes; null when full.</summary>
        public TwinProperty AddProperty(byte[] key, int offset, int length)
        {
            TwinProperty property = NextProperty();
            if (property == null || !property.Key.Set(key, offset, length)) return null;
            return CommitProperty(property);
        }

        /// <summary>Adds "key": "expected value" to the "delta" map. False when full.</summary>
        public bool AddDelta(string key, string value)
        {
            if (_deltaCount == _deltaKeys.Length) return false;
            if (!_deltaKeys[_deltaCount].Set(key) || !_deltaValues[_deltaCount].Set(value)) return false;
            DeltaPresence = Presence.Value;
            _deltaCount++;
            return true;
        }

        /// <summary>Adds a delta entry from UTF-8 byte ranges. False when full.</summary>
        public bool AddDelta(byte[] key, int keyOffset, int keyLength, byte[] value, int valueOffset, int valueLength)
        {
            if (_deltaCount == _deltaKeys.Length) return false;
            if (!_deltaKeys[_deltaCount].Set(key, keyOffset, keyLength) || !_deltaValues[_deltaCount].Set(value, valueOffset, valueLength)) return false;
            DeltaPresence = Presence.Value;
            _deltaCount++;
            return true;
        }

        /// <summary>Adds a device to a membership list (MemberDevice.Listed, Added or Removed); null when full.</summary>
        public MemberDevice AddMember(int list)
        {
            if (_memberCount == _members.Length) return null;
            MemberDevice member = _members[_memberCount++];
            member.Clear();
            member.List = list;
            return member;
        }

        // For the decoder: the slot for a key it just read, reusing an earlier entry with the
        // same key (later wins, as with KubeEdge's map), or null when full.
        internal TwinProperty PropertySlotFor(byte[] key, int offset, int length)
        {
            TwinProperty property = FindProperty(key, offset, length);
            if (property != null)
            {
                property.Twin.Clear();
                if (property.Last != null)
                {
                    property.Last.Clear();
                    property.Current.Clear();
                }
                return property;
            }
            property = NextProperty();
            if (property == null) return null;
            property.Key.Set(key, offset, length);
            return CommitProperty(property);
        }

        // For the decoder: the value slot for a delta key, reusing an earlier equal key, or null when full.
        internal WireText DeltaSlotFor(byte[] key, int offset, int length)
        {
            for (int i = 0; i < _deltaCount; i++)
            {
                if (_deltaKeys[i].Equals(key, offset, length)) return _deltaValues[i];
            }
            if (_deltaCount == _deltaKeys.Length) return null;
            _deltaKeys[_deltaCount].Set(key, offset, length);
            return _deltaValues[_deltaCount++];
        }

        private TwinProperty NextProperty()
        {
            if (_propertyCount == _properties.Length) return null;
            TwinProperty property = _properties[_propertyCount];
            property.Clear();
            return property;
        }

        private TwinProperty CommitProperty(TwinProperty property)
        {
            property.Twin.Presence = Presence.Value;
            TwinPresence = Presence.Value;
            _propertyCount++;
            return property;
        }
    }
}
