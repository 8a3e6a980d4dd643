using EdgeNano.DeviceTwin.Json;

namespace EdgeNano.DeviceTwin.Wire
{
    /// <summary>
    /// Reads any device-twin payload into a preallocated <see cref="TwinMessage"/> without
    /// allocating. Fields may come in any order; unknown fields are skipped; a known field
    /// with the wrong JSON type is an error (as it is for edgecore's Go decoder), and null
    /// for a known field is kept as null where the protocol gives it a meaning and read as
    /// absent elsewhere. Bad input never throws: Decode returns false, and Error and
    /// ErrorPosition say why and where.
    /// </summary>
    public sealed class TwinDecoder
    {
        private readonly JsonReader _reader;
        private TwinMessage _message;
        private string _error;
        private int _errorPosition;

        /// <summary>A decoder for payloads up to 4096 bytes nested at most 8 deep.</summary>
        public TwinDecoder() : this(JsonReader.DefaultMaxPayload, JsonReader.DefaultMaxDepth)
        {
        }

        /// <summary>A decoder with its own payload and nesting limits.</summary>
        public TwinDecoder(int maxPayload, int maxDepth)
        {
            _reader = new JsonReader(maxDepth, maxPayload);
        }

        /// <summary>
        /// As above, with a smaller buffer for strings that contain escapes (see
        /// <see cref="JsonReader"/>): edgecore limits keys to 128 and values to 512 bytes, so
        /// 512 is enough for any valid twin payload and saves heap on a small board.
        /// </summary>
        public TwinDecoder(int maxPayload, int maxDepth, int maxEscapedString)
        {
            _reader = new JsonReader(maxDepth, maxPayload, maxEscapedString);
        }

        /// <summary>
        /// A decoder that reads the payload in place (<see cref="JsonReader.InPlace"/>): strings
        /// with escapes are unescaped over their own text, and the message's text is the payload
        /// itself (<see cref="TextArena.Borrow"/>), so the message needs no arena of its own and
        /// the decoder no scratch buffer. The message is valid while the payload stays as it is;
        /// the payload is changed where strings had escapes. For a module that owns the payload
        /// while it handles it (devicetwin); payloads up to maxPayload bytes.
        /// </summary>
        public static TwinDecoder InPlace(int maxPayload, int maxDepth)
        {
            return new TwinDecoder(JsonReader.InPlace(maxDepth, maxPayload));
        }

        private TwinDecoder(JsonReader reader)
        {
            _reader = reader;
        }

        /// <summary>Why the last Decode failed: a <see cref="JsonError"/> or <see cref="TwinWireError"/> constant; null after success.</summary>
        public string Error { get { return _error; } }

        /// <summary>The byte offset in the payload where the last Decode failed.</summary>
        public int ErrorPosition { get { return _errorPosition; } }

        /// <summary>
        /// Clears message and fills it from payload[offset .. offset+length). False on bad
        /// input; the message then holds whatever was read before the error.
        /// </summary>
        public bool Decode(byte[] payload, int offset, int length, TwinMessage message)
        {
            _message = message;
            _error = null;
            _errorPosition = 0;
            message.Clear();
            // In place the reader's limit is the payload limit (its Reset refuses longer ones);
            // otherwise every string must fit the message's arena.
            int limit = _reader.UnescapesInPlace ? _reader.MaxPayload : message.Text.Capacity;
            if (length > limit)
            {
                _error = TwinWireError.PayloadTooLarge;
                _errorPosition = limit;
                return false;
            }
            if (_reader.UnescapesInPlace) message.Text.Borrow(payload);
            _reader.Reset(payload, offset, length);
            if (!_reader.Read()) return FailFromReader();
            if (_reader.TokenType != JsonToken.StartObject) return Fail(TwinWireError.NotAnObject);
            if (!ReadMessageFields()) return false;
            // The root object is closed: only whitespace may follow.
            if (_reader.Read() || _reader.Error != null) return FailFromReader();
            return true;
        }

        private bool ReadMessageFields()
        {
            JsonReader r = _reader;
            TwinMessage m = _message;
            while (true)
            {
                if (!r.Read()) return FailFromReader();
                if (r.TokenType == JsonToken.EndObject) return true;
                bool ok;
                if (r.ValueEquals("event_id")) ok = ReadText(TwinMessage.EventIdField);
                else if (r.ValueEquals("timestamp")) ok = ReadInt64(ref m.HasTimestamp, ref m.Timestamp);
                else if (r.ValueEquals("twin")) ok = ReadTwinMap();
                else if (r.ValueEquals("delta")) ok = ReadDelta();
                else if (r.ValueEquals("code")) ok = ReadInt64(ref m.HasCode, ref m.Code);
                else if (r.ValueEquals("reason")) ok = ReadText(TwinMessage.ReasonField);
                else if (r.ValueEquals("state")) ok = ReadText(TwinMessage.StateField);
                else if (r.ValueEquals("devices")) ok = ReadMembers(MemberDevice.Listed);
                else if (r.ValueEquals("added_devices")) ok = ReadMembers(MemberDevice.Added);
                else if (r.ValueEquals("removed_devices")) ok = ReadMembers(MemberDevice.Removed);
                else ok = SkipValue();
                if (!ok) return false;
            }
        }

        // "twin": {key: MsgTwin | null | {"last": MsgTwin|null, "current": MsgTwin|null}, ...}
        private bool ReadTwinMap()
        {
            JsonReader r = _reader;
            int presence;
            if (!OpenObject(out presence)) return false;
            _message.TwinPresence = presence;
            if (presence != Presence.Value) return true;
            while (true)
            {
                if (!r.Read()) return FailFromReader();
                if (r.TokenType == JsonToken.EndObject) return true;
                int property = _message.PropertyRowFor(r.ValueBuffer, r.ValueOffset, r.ValueLength);
                if (property < 0) return Fail(TwinWireError.TooManyEntries);
                if (!ReadTwinState(property, TwinMessage.TwinOf)) return false;
            }
        }

        // One MsgTwin. At the top of a twin entry of a message that keeps documents, "last" and
        // "current" are read too; inside them they are unknown fields.
        private bool ReadTwinState(int property, int twin)
        {
            JsonReader r = _reader;
            TwinMessage m = _message;
            int presence;
            if (!OpenObject(out presence)) return false;
            m.SetTwinStatePresence(property, twin, presence);
            if (presence != Presence.Value) return true;
            bool documents = twin == TwinMessage.TwinOf && m.KeepsDocuments;
            while (true)
            {
                if (!r.Read()) return FailFromReader();
                if (r.TokenType == JsonToken.EndObject) return true;
                bool ok;
                if (r.ValueEquals("expected")) ok = ReadTwinValue(property, twin, TwinMessage.Expected);
                else if (r.ValueEquals("actual")) ok = ReadTwinValue(property, twin, TwinMessage.Actual);
                else if (r.ValueEquals("optional")) ok = ReadOptional(property, twin);
                else if (r.ValueEquals("metadata")) ok = ReadTypeMetadata(m.TypeField(property, twin));
                else if (r.ValueEquals("expected_version")) ok = ReadVersion(property, twin, TwinMessage.Expected);
                else if (r.ValueEquals("actual_version")) ok = ReadVersion(property, twin, TwinMessage.Actual);
                else if (documents && r.ValueEquals("last")) ok = ReadTwinState(property, TwinMessage.LastOf);
                else if (documents && r.ValueEquals("current")) ok = ReadTwinState(property, TwinMessage.CurrentOf);
                else ok = SkipValue();
                if (!ok) return false;
            }
        }

        // {"value": "...", "metadata": {"timestamp": ms}}
        private bool ReadTwinValue(int property, int twin, int side)
        {
            JsonReader r = _reader;
            int presence;
            if (!OpenObject(out presence)) return false;
            _message.SetSidePresence(property, twin, side, presence);
            if (presence != Presence.Value) return true;
            while (true)
            {
                if (!r.Read()) return FailFromReader();
                if (r.TokenType == JsonToken.EndObject) return true;
                bool ok;
                if (r.ValueEquals("value")) ok = ReadText(_message.ValueField(property, twin, side));
                else if (r.ValueEquals("metadata")) ok = ReadValueMetadata(property, twin, side);
                else ok = SkipValue();
                if (!ok) return false;
            }
        }

        private bool ReadValueMetadata(int property, int twin, int side)
        {
            JsonReader r = _reader;
            int presence;
            if (!OpenObject(out presence)) return false;
            if (presence != Presence.Value) return true;
            while (true)
            {
                if (!r.Read()) return FailFromReader();
                if (r.TokenType == JsonToken.EndObject) return true;
                bool ok = true;
                if (r.ValueEquals("timestamp"))
                {
                    bool present = false;
                    long timestamp = 0;
                    ok = ReadInt64(ref present, ref timestamp);
                    if (ok && present) _message.SetSideTimestamp(property, twin, side, true, timestamp);
                }
                else ok = SkipValue();
                if (!ok) return false;
            }
        }

        private bool ReadOptional(int property, int twin)
        {
            bool present = false;
            bool optional = false;
            if (!ReadBoolean(ref present, ref optional)) return false;
            if (present) _message.SetOptional(property, twin, true, optional);
            return true;
        }

        // "metadata": {"type": "..."}
        private bool ReadTypeMetadata(int typeField)
        {
            JsonReader r = _reader;
            int presence;
            if (!OpenObject(out presence)) return false;
            if (presence != Presence.Value) return true;
            while (true)
            {
                if (!r.Read()) return FailFromReader();
                if (r.TokenType == JsonToken.EndObject) return true;
                bool ok = r.ValueEquals("type") ? ReadText(typeField) : SkipValue();
                if (!ok) return false;
            }
        }

        // {"cloud": n, "edge": n}
        private bool ReadVersion(int property, int twin, int side)
        {
            JsonReader r = _reader;
            TwinMessage m = _message;
            int presence;
            if (!OpenObject(out presence)) return false;
            m.SetVersionPresence(property, twin, side, presence);
            if (presence != Presence.Value) return true;
            while (true)
            {
                if (!r.Read()) return FailFromReader();
                if (r.TokenType == JsonToken.EndObject) return true;
                bool ok;
                bool present = false;
                long number = 0;
                if (r.ValueEquals("cloud"))
                {
                    ok = ReadInt64(ref present, ref number);
                    if (present) m.SetVersionCloud(property, twin, side, number);
                }
                else if (r.ValueEquals("edge"))
                {
                    ok = ReadInt64(ref present, ref number);
                    if (present) m.SetVersionEdge(property, twin, side, number);
                }
                else ok = SkipValue();
                if (!ok) return false;
            }
        }

        // "delta": {key: "expected value", ...}
        private bool ReadDelta()
        {
            JsonReader r = _reader;
            if (!OpenObject(out _message.DeltaPresence)) return false;
            if (_message.DeltaPresence != Presence.Value) return true;
            while (true)
            {
                if (!r.Read()) return FailFromReader();
                if (r.TokenType == JsonToken.EndObject) return true;
                int value = _message.DeltaValueFieldFor(r.ValueBuffer, r.ValueOffset, r.ValueLength);
                if (value < 0) return Fail(TwinWireError.TooManyEntries);
                _message.SetTextPresence(value, Presence.Absent);
                if (!ReadText(value)) return false;
            }
        }

        // "devices" | "added_devices" | "removed_devices": [{"id", "name", "state", ...}, ...]
        private bool ReadMembers(int list)
        {
            JsonReader r = _reader;
            if (!r.Read()) return FailFromReader();
            if (r.TokenType == JsonToken.Null) return true;
            if (r.TokenType != JsonToken.StartArray) return Fail(TwinWireError.WrongType);
            while (true)
            {
                if (!r.Read()) return FailFromReader();
                if (r.TokenType == JsonToken.EndArray) return true;
                if (r.TokenType == JsonToken.Null) continue;
                if (r.TokenType != JsonToken.StartObject) return Fail(TwinWireError.WrongType);
                int member = _message.AddMemberRow(list);
                if (member < 0) return Fail(TwinWireError.TooManyEntries);
                while (true)
                {
                    if (!r.Read()) return FailFromReader();
                    if (r.TokenType == JsonToken.EndObject) break;
                    bool ok;
                    if (r.ValueEquals("id")) ok = ReadText(_message.MemberIdField(member));
                    else if (r.ValueEquals("name")) ok = ReadText(_message.MemberNameField(member));
                    else if (r.ValueEquals("state")) ok = ReadText(_message.MemberStateField(member));
                    else ok = SkipValue();
                    if (!ok) return false;
                }
            }
        }

        // Reads the next value, which must be an object or null: Value leaves the reader inside it.
        private bool OpenObject(out int presence)
        {
            presence = Presence.Absent;
            if (!_reader.Read()) return FailFromReader();
            int token = _reader.TokenType;
            if (token == JsonToken.Null) presence = Presence.Null;
            else if (token == JsonToken.StartObject) presence = Presence.Value;
            else return Fail(TwinWireError.WrongType);
            return true;
        }

        // A string (copied into the arena) or null, into a text field of the message.
        private bool ReadText(int field)
        {
            JsonReader r = _reader;
            if (!r.Read()) return FailFromReader();
            if (r.TokenType == JsonToken.Null)
            {
                _message.SetTextPresence(field, Presence.Null);
                return true;
            }
            if (r.TokenType != JsonToken.String) return Fail(TwinWireError.WrongType);
            // Cannot fail: the arena is as large as the payload, and each string is copied once.
            if (!_message.SetText(field, r.ValueBuffer, r.ValueOffset, r.ValueLength)) return Fail(TwinWireError.PayloadTooLarge);
            return true;
        }

        // An int64, or null (left absent, as Go's decoder leaves the field untouched).
        private bool ReadInt64(ref bool present, ref long value)
        {
            JsonReader r = _reader;
            if (!r.Read()) return FailFromReader();
            if (r.TokenType == JsonToken.Null) return true;
            if (r.TokenType != JsonToken.Number) return Fail(TwinWireError.WrongType);
            if (!r.TryGetInt64(out value)) return Fail(TwinWireError.NotAnInt64);
            present = true;
            return true;
        }

        private bool ReadBoolean(ref bool present, ref bool value)
        {
            JsonReader r = _reader;
            if (!r.Read()) return FailFromReader();
            int token = r.TokenType;
            if (token == JsonToken.Null) return true;
            if (token != JsonToken.True && token != JsonToken.False) return Fail(TwinWireError.WrongType);
            present = true;
            value = token == JsonToken.True;
            return true;
        }

        // At a property name of an unknown field: skips its value.
        private bool SkipValue()
        {
            return _reader.Skip() || FailFromReader();
        }

        private bool Fail(string reason)
        {
            _error = reason;
            _errorPosition = _reader.TokenPosition;
            return false;
        }

        private bool FailFromReader()
        {
            if (_reader.Error != null)
            {
                _error = _reader.Error;
                _errorPosition = _reader.ErrorPosition;
            }
            else
            {
                // Read returned false without an error only at the end of a complete document,
                // which the callers never expect mid-message; report it as truncation.
                _error = JsonError.Truncated;
                _errorPosition = _reader.TokenPosition;
            }
            return false;
        }
    }
}
