using EdgeNano.DeviceTwin.Json;

namespace EdgeNano.DeviceTwin.Wire
{
    /// <summary>
    /// Writes device-twin payloads into a caller's buffer without allocating. Two ways in:
    /// the device's own shapes streamed field by field (twin/update, twin/get, state/update),
    /// and <see cref="Encode"/>, which writes whatever a <see cref="TwinMessage"/> holds (the
    /// host twin hub's update/result, get/result, delta, document and error results). Every
    /// method returns the payload's length, or -1 when the buffer was too small. Field names
    /// are written from <see cref="WireNames"/>; strings handed in (event ids, keys, values,
    /// types, states, reasons) are encoded once each and kept by the writer
    /// (<see cref="Utf8Cache"/>), so text that changes per message belongs in the byte-range overloads.
    /// </summary>
    public sealed class TwinEncoder
    {
        private readonly JsonWriter _writer = new JsonWriter();

        /// <summary>
        /// Writes every field the message has: event_id, timestamp, twin, delta, code, reason,
        /// state and membership lists, each only when present (null where it is null).
        /// withVersions=false strips expected_version/actual_version, as results to a device do.
        /// </summary>
        public int Encode(TwinMessage message, bool withVersions, byte[] destination, int offset, int count)
        {
            JsonWriter w = _writer;
            w.Reset(destination, offset, count);
            w.WriteStartObject();
            if (message.TextPresence(TwinMessage.EventIdField) != Presence.Absent)
            {
                w.WritePropertyName(WireNames.EventId);
                WriteText(message, TwinMessage.EventIdField);
            }
            if (message.HasTimestamp) w.WriteNumber(WireNames.Timestamp, message.Timestamp);
            if (message.TwinPresence != Presence.Absent)
            {
                w.WritePropertyName(WireNames.Twin);
                if (message.TwinPresence == Presence.Null) w.WriteNull();
                else WriteTwinMap(message, withVersions);
            }
            if (message.DeltaPresence != Presence.Absent)
            {
                w.WritePropertyName(WireNames.Delta);
                if (message.DeltaPresence == Presence.Null) w.WriteNull();
                else WriteDelta(message);
            }
            if (message.HasCode) w.WriteNumber(WireNames.Code, message.Code);
            if (message.TextPresence(TwinMessage.ReasonField) != Presence.Absent)
            {
                w.WritePropertyName(WireNames.Reason);
                WriteText(message, TwinMessage.ReasonField);
            }
            if (message.TextPresence(TwinMessage.StateField) != Presence.Absent)
            {
                w.WritePropertyName(WireNames.State);
                WriteText(message, TwinMessage.StateField);
            }
            WriteMembers(message, MemberDevice.Listed, WireNames.Devices);
            WriteMembers(message, MemberDevice.Added, WireNames.AddedDevices);
            WriteMembers(message, MemberDevice.Removed, WireNames.RemovedDevices);
            w.WriteEndObject();
            return Finish();
        }

        /// <summary>twin/get: <c>{"event_id":"...","timestamp":ms}</c>. Also the shape of membership/get.</summary>
        public int EncodeTwinGet(byte[] destination, int offset, int count, string eventId, long timestamp)
        {
            StartRequest(destination, offset, count, eventId, timestamp);
            _writer.WriteEndObject();
            return Finish();
        }

        /// <summary>EncodeTwinGet with the event id as the first eventIdLength UTF-8 bytes of eventId (see <see cref="EventIds"/>).</summary>
        public int EncodeTwinGet(byte[] destination, int offset, int count, byte[] eventId, int eventIdLength, long timestamp)
        {
            StartRequest(destination, offset, count, eventId, eventIdLength, timestamp);
            _writer.WriteEndObject();
            return Finish();
        }

        /// <summary>state/update: <c>{"event_id":"...","timestamp":ms,"state":"online"}</c>.</summary>
        public int EncodeStateUpdate(byte[] destination, int offset, int count, string eventId, long timestamp, string state)
        {
            StartRequest(destination, offset, count, eventId, timestamp);
            JsonWriter w = _writer;
            w.WriteString(WireNames.State, state);
            w.WriteEndObject();
            return Finish();
        }

        /// <summary>
        /// A data/update (KubeEdge's telemetry shape) with one value:
        /// <c>{"event_id":"","timestamp":ms,"data":{"name":{"value":"v","metadata":{"timestamp":ms,"type":"t"}}}}</c>.
        /// </summary>
        public int EncodeDataUpdate(byte[] destination, int offset, int count, string name, string value, string type, long timestamp)
        {
            StartRequest(destination, offset, count, string.Empty, timestamp);
            JsonWriter w = _writer;
            w.WritePropertyName(WireNames.Data);
            w.WriteStartObject();
            w.WritePropertyName(name);
            w.WriteStartObject();
            w.WriteString(WireNames.Value, value);
            w.WritePropertyName(WireNames.Metadata);
            w.WriteStartObject();
            w.WriteNumber(WireNames.Timestamp, timestamp);
            w.WriteString(WireNames.Type, type);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            return Finish();
        }

        /// <summary>An error result: <c>{"event_id":"...","timestamp":ms,"code":400,"reason":"..."}</c>.</summary>
        public int EncodeError(byte[] destination, int offset, int count, WireText eventId, long timestamp, int code, string reason)
        {
            JsonWriter w = _writer;
            w.Reset(destination, offset, count);
            w.WriteStartObject();
            w.WritePropertyName(WireNames.EventId);
            if (eventId.HasValue) w.WriteString(eventId.Buffer, eventId.Offset, eventId.Length);
            else w.WriteString(string.Empty);
            w.WriteNumber(WireNames.Timestamp, timestamp);
            w.WriteNumber(WireNames.Code, code);
            w.WriteString(WireNames.Reason, reason);
            w.WriteEndObject();
            return Finish();
        }

        /// <summary>Starts a twin/update: <c>{"event_id":"...","timestamp":ms,"twin":{</c>; add properties, then EndTwinUpdate.</summary>
        public void BeginTwinUpdate(byte[] destination, int offset, int count, string eventId, long timestamp)
        {
            StartRequest(destination, offset, count, eventId, timestamp);
            _writer.WritePropertyName(WireNames.Twin);
            _writer.WriteStartObject();
        }

        /// <summary>BeginTwinUpdate with the event id as the first eventIdLength UTF-8 bytes of eventId (see <see cref="EventIds"/>).</summary>
        public void BeginTwinUpdate(byte[] destination, int offset, int count, byte[] eventId, int eventIdLength, long timestamp)
        {
            StartRequest(destination, offset, count, eventId, eventIdLength, timestamp);
            _writer.WritePropertyName(WireNames.Twin);
            _writer.WriteStartObject();
        }

        // {"event_id":"<id>","timestamp":ms
        private void StartRequest(byte[] destination, int offset, int count, string eventId, long timestamp)
        {
            JsonWriter w = _writer;
            w.Reset(destination, offset, count);
            w.WriteStartObject();
            w.WriteString(WireNames.EventId, eventId);
            w.WriteNumber(WireNames.Timestamp, timestamp);
        }

        // {"event_id":"<id>","timestamp":ms, the id as UTF-8 bytes
        private void StartRequest(byte[] destination, int offset, int count, byte[] eventId, int eventIdLength, long timestamp)
        {
            JsonWriter w = _writer;
            w.Reset(destination, offset, count);
            w.WriteStartObject();
            w.WritePropertyName(WireNames.EventId);
            w.WriteString(eventId, 0, eventIdLength);
            w.WriteNumber(WireNames.Timestamp, timestamp);
        }

        /// <summary>
        /// Starts what devicetwin answers or notes: <c>{"event_id":...,"timestamp":ms,"twin":{</c>
        /// (map <see cref="WireNames.Twin"/>) or <c>..."delta":{</c> (<see cref="WireNames.Delta"/>).
        /// The event id is the request's as it came (left out when it had none, null when null),
        /// or "" without a request. Add entries (AddState/AddSide/EndState, AddDeltaValue,
        /// AddDeleted), then <see cref="EndMap"/>. Written straight into the bus message, so
        /// devicetwin keeps no second message of rows to build its answers in.
        /// </summary>
        public void BeginMap(byte[] destination, int offset, int count, TwinMessage request, long timestamp, byte[] map)
        {
            JsonWriter w = _writer;
            if (request == null) StartRequest(destination, offset, count, string.Empty, timestamp);
            else
            {
                w.Reset(destination, offset, count);
                w.WriteStartObject();
                if (request.TextPresence(TwinMessage.EventIdField) != Presence.Absent)
                {
                    w.WritePropertyName(WireNames.EventId);
                    WriteText(request, TwinMessage.EventIdField);
                }
                w.WriteNumber(WireNames.Timestamp, timestamp);
            }
            w.WritePropertyName(map);
            w.WriteStartObject();
        }

        /// <summary>Closes what BeginMap started; the payload's length, or -1 when it did not fit.</summary>
        public int EndMap()
        {
            return EndTwinUpdate();
        }

        /// <summary>Opens a property's state in a twin map: <c>"key":{</c>; then AddSide for each side it has, then EndState.</summary>
        public void BeginState(byte[] key, int keyOffset, int keyLength)
        {
            _writer.WritePropertyName(key, keyOffset, keyLength);
            _writer.WriteStartObject();
        }

        /// <summary>
        /// One side of a state (side <see cref="WireNames.Expected"/> or <see cref="WireNames.Actual"/>):
        /// <c>"expected":{"value":"v","metadata":{"timestamp":ms}}</c>, the metadata left out when the timestamp is 0.
        /// </summary>
        public void AddSide(byte[] side, byte[] value, int valueOffset, int valueLength, long timestamp)
        {
            JsonWriter w = _writer;
            w.WritePropertyName(side);
            w.WriteStartObject();
            w.WritePropertyName(WireNames.Value);
            w.WriteString(value, valueOffset, valueLength);
            WriteValueTimestamp(timestamp);
            w.WriteEndObject();
        }

        /// <summary>Closes a state: <c>"optional":b,"metadata":{"type":"t"}}</c>.</summary>
        public void EndState(bool optional, byte[] type)
        {
            JsonWriter w = _writer;
            w.WriteBoolean(WireNames.Optional, optional);
            w.WritePropertyName(WireNames.Metadata);
            w.WriteStartObject();
            w.WritePropertyName(WireNames.Type);
            w.WriteString(type, 0, type.Length);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        /// <summary>A delta entry: <c>"key":"value"</c>.</summary>
        public void AddDeltaValue(byte[] key, int keyOffset, int keyLength, byte[] value, int valueOffset, int valueLength)
        {
            _writer.WritePropertyName(key, keyOffset, keyLength);
            _writer.WriteString(value, valueOffset, valueLength);
        }

        /// <summary>
        /// Reports a property's actual value: <c>"key":{"actual":{"value":"v","metadata":{"timestamp":ms}},"metadata":{"type":"t"}}</c>.
        /// The value timestamp is left out when 0, the type when null.
        /// </summary>
        public void AddActual(string key, string value, string type, long timestamp)
        {
            _writer.WritePropertyName(key);
            WriteReport(WireNames.Actual, value, type, timestamp);
        }

        /// <summary>AddActual with key and value as UTF-8 byte ranges (e.g. from the device's twin table).</summary>
        public void AddActual(byte[] key, int keyOffset, int keyLength, byte[] value, int valueOffset, int valueLength, string type, long timestamp)
        {
            _writer.WritePropertyName(key, keyOffset, keyLength);
            WriteReport(WireNames.Actual, value, valueOffset, valueLength, type, timestamp);
        }

        /// <summary>Sets a property's expected value from the edge (rare; same shape as AddActual).</summary>
        public void AddExpected(string key, string value, string type, long timestamp)
        {
            _writer.WritePropertyName(key);
            WriteReport(WireNames.Expected, value, type, timestamp);
        }

        /// <summary>AddExpected with key and value as UTF-8 byte ranges.</summary>
        public void AddExpected(byte[] key, int keyOffset, int keyLength, byte[] value, int valueOffset, int valueLength, string type, long timestamp)
        {
            _writer.WritePropertyName(key, keyOffset, keyLength);
            WriteReport(WireNames.Expected, value, valueOffset, valueLength, type, timestamp);
        }

        /// <summary>
        /// Reports both sides of a property in one entry:
        /// <c>"key":{"expected":{"value":"e"},"actual":{"value":"a"},"metadata":{"type":"t"}}</c>.
        /// A null expected or actual is left out; the timestamp (when not 0) goes on both.
        /// </summary>
        public void AddTwin(string key, string expected, string actual, string type, long timestamp)
        {
            JsonWriter w = _writer;
            w.WritePropertyName(key);
            w.WriteStartObject();
            if (expected != null) WriteSide(WireNames.Expected, expected, timestamp);
            if (actual != null) WriteSide(WireNames.Actual, actual, timestamp);
            WriteType(type);
            w.WriteEndObject();
        }

        /// <summary>Asks to delete an (optional) property: <c>"key":null</c>.</summary>
        public void AddDeleted(string key)
        {
            _writer.WritePropertyName(key);
            _writer.WriteNull();
        }

        /// <summary>AddDeleted with the key as a UTF-8 byte range.</summary>
        public void AddDeleted(byte[] key, int keyOffset, int keyLength)
        {
            _writer.WritePropertyName(key, keyOffset, keyLength);
            _writer.WriteNull();
        }

        /// <summary>Remembers the end of the twin/update's properties so far: the next one added can be taken back (<see cref="TakeBackProperty"/>).</summary>
        public void MarkProperty()
        {
            _writer.Checkpoint();
        }

        /// <summary>True while everything added fits and leaves room to close the twin/update (its two closing braces).</summary>
        public bool StillFits
        {
            get { return !_writer.Overflow && _writer.Remaining >= 2; }
        }

        /// <summary>Drops the property added since <see cref="MarkProperty"/>, so the twin/update can be closed without it.</summary>
        public void TakeBackProperty()
        {
            _writer.Rewind();
        }

        /// <summary>Closes a twin/update; the payload's length, or -1 when it did not fit.</summary>
        public int EndTwinUpdate()
        {
            _writer.WriteEndObject();
            _writer.WriteEndObject();
            return Finish();
        }

        private void WriteReport(byte[] side, string value, string type, long timestamp)
        {
            _writer.WriteStartObject();
            WriteSide(side, value, timestamp);
            WriteType(type);
            _writer.WriteEndObject();
        }

        // "side":{"value":"v","metadata":{"timestamp":ms}}
        private void WriteSide(byte[] side, string value, long timestamp)
        {
            JsonWriter w = _writer;
            w.WritePropertyName(side);
            w.WriteStartObject();
            w.WriteString(WireNames.Value, value);
            WriteValueTimestamp(timestamp);
            w.WriteEndObject();
        }

        private void WriteReport(byte[] side, byte[] value, int valueOffset, int valueLength, string type, long timestamp)
        {
            _writer.WriteStartObject();
            AddSide(side, value, valueOffset, valueLength, timestamp);
            WriteType(type);
            _writer.WriteEndObject();
        }

        // A value's "metadata":{"timestamp":ms}, left out when 0.
        private void WriteValueTimestamp(long timestamp)
        {
            if (timestamp == 0) return;
            JsonWriter w = _writer;
            w.WritePropertyName(WireNames.Metadata);
            w.WriteStartObject();
            w.WriteNumber(WireNames.Timestamp, timestamp);
            w.WriteEndObject();
        }

        // The property's "metadata":{"type":"t"}, left out when null.
        private void WriteType(string type)
        {
            if (type == null) return;
            JsonWriter w = _writer;
            w.WritePropertyName(WireNames.Metadata);
            w.WriteStartObject();
            w.WriteString(WireNames.Type, type);
            w.WriteEndObject();
        }

        private void WriteTwinMap(TwinMessage m, bool withVersions)
        {
            JsonWriter w = _writer;
            w.WriteStartObject();
            for (int i = 0; i < m.PropertyCount; i++)
            {
                WriteKey(m, m.KeyField(i));
                WriteTwinState(m, i, TwinMessage.TwinOf, withVersions);
            }
            w.WriteEndObject();
        }

        private void WriteTwinState(TwinMessage m, int property, int twin, bool withVersions)
        {
            JsonWriter w = _writer;
            if (m.TwinStatePresence(property, twin) == Presence.Null)
            {
                w.WriteNull();
                return;
            }
            w.WriteStartObject();
            WriteTwinValue(WireNames.Expected, m, property, twin, TwinMessage.Expected);
            WriteTwinValue(WireNames.Actual, m, property, twin, TwinMessage.Actual);
            if (m.HasOptional(property, twin)) w.WriteBoolean(WireNames.Optional, m.Optional(property, twin));
            int type = m.TypeField(property, twin);
            if (m.TextPresence(type) != Presence.Absent)
            {
                w.WritePropertyName(WireNames.Metadata);
                w.WriteStartObject();
                w.WritePropertyName(WireNames.Type);
                WriteText(m, type);
                w.WriteEndObject();
            }
            if (withVersions)
            {
                WriteVersion(WireNames.ExpectedVersion, m, property, twin, TwinMessage.Expected);
                WriteVersion(WireNames.ActualVersion, m, property, twin, TwinMessage.Actual);
            }
            if (twin == TwinMessage.TwinOf && m.KeepsDocuments)
            {
                if (m.TwinStatePresence(property, TwinMessage.LastOf) != Presence.Absent)
                {
                    w.WritePropertyName(WireNames.Last);
                    WriteTwinState(m, property, TwinMessage.LastOf, withVersions);
                }
                if (m.TwinStatePresence(property, TwinMessage.CurrentOf) != Presence.Absent)
                {
                    w.WritePropertyName(WireNames.Current);
                    WriteTwinState(m, property, TwinMessage.CurrentOf, withVersions);
                }
            }
            w.WriteEndObject();
        }

        private void WriteTwinValue(byte[] name, TwinMessage m, int property, int twin, int side)
        {
            int presence = m.SidePresence(property, twin, side);
            if (presence == Presence.Absent) return;
            JsonWriter w = _writer;
            w.WritePropertyName(name);
            if (presence == Presence.Null)
            {
                w.WriteNull();
                return;
            }
            w.WriteStartObject();
            int value = m.ValueField(property, twin, side);
            if (m.TextPresence(value) != Presence.Absent)
            {
                w.WritePropertyName(WireNames.Value);
                WriteText(m, value);
            }
            if (m.SideHasTimestamp(property, twin, side))
            {
                w.WritePropertyName(WireNames.Metadata);
                w.WriteStartObject();
                w.WriteNumber(WireNames.Timestamp, m.SideTimestamp(property, twin, side));
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }

        private void WriteVersion(byte[] name, TwinMessage m, int property, int twin, int side)
        {
            int presence = m.VersionPresence(property, twin, side);
            if (presence == Presence.Absent) return;
            JsonWriter w = _writer;
            w.WritePropertyName(name);
            if (presence == Presence.Null)
            {
                w.WriteNull();
                return;
            }
            w.WriteStartObject();
            w.WriteNumber(WireNames.Cloud, m.VersionCloud(property, twin, side));
            w.WriteNumber(WireNames.Edge, m.VersionEdge(property, twin, side));
            w.WriteEndObject();
        }

        private void WriteDelta(TwinMessage m)
        {
            JsonWriter w = _writer;
            w.WriteStartObject();
            for (int i = 0; i < m.DeltaCount; i++)
            {
                WriteKey(m, m.DeltaKeyField(i));
                WriteText(m, m.DeltaValueField(i));
            }
            w.WriteEndObject();
        }

        private void WriteMembers(TwinMessage m, int list, byte[] name)
        {
            JsonWriter w = _writer;
            bool open = false;
            for (int i = 0; i < m.MemberCount; i++)
            {
                if (m.MemberList(i) != list) continue;
                if (!open)
                {
                    w.WritePropertyName(name);
                    w.WriteStartArray();
                    open = true;
                }
                w.WriteStartObject();
                WriteMemberField(WireNames.Id, m, m.MemberIdField(i));
                WriteMemberField(WireNames.Name, m, m.MemberNameField(i));
                WriteMemberField(WireNames.State, m, m.MemberStateField(i));
                w.WriteEndObject();
            }
            if (open) w.WriteEndArray();
        }

        private void WriteMemberField(byte[] name, TwinMessage m, int field)
        {
            if (m.TextPresence(field) == Presence.Absent) return;
            _writer.WritePropertyName(name);
            WriteText(m, field);
        }

        private void WriteKey(TwinMessage m, int field)
        {
            _writer.WritePropertyName(m.TextBuffer, m.TextOffset(field), m.TextLength(field));
        }

        private void WriteText(TwinMessage m, int field)
        {
            if (m.TextHasValue(field)) _writer.WriteString(m.TextBuffer, m.TextOffset(field), m.TextLength(field));
            else _writer.WriteNull();
        }

        private int Finish()
        {
            return _writer.Overflow ? -1 : _writer.Length;
        }
    }
}
