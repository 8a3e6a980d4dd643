using EdgeNano.DeviceTwin.Json;

namespace EdgeNano.DeviceTwin.Wire
{
    /// <summary>
    /// Writes device-twin payloads into a caller's buffer without allocating. Two ways in:
    /// the device's own shapes streamed field by field (twin/update, twin/get, state/update),
    /// and <see cref="Encode"/>, which writes whatever a <see cref="TwinMessage"/> holds (the
    /// host twin hub's update/result, get/result, delta, document and error results). Every
    /// method returns the payload's length, or -1 when the buffer was too small.
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
            if (!message.EventId.IsAbsent)
            {
                w.WritePropertyName("event_id");
                WriteText(message.EventId);
            }
            if (message.HasTimestamp) w.WriteNumber("timestamp", message.Timestamp);
            if (message.TwinPresence != Presence.Absent)
            {
                w.WritePropertyName("twin");
                if (message.TwinPresence == Presence.Null) w.WriteNull();
                else WriteTwinMap(message, withVersions);
            }
            if (message.DeltaPresence != Presence.Absent)
            {
                w.WritePropertyName("delta");
                if (message.DeltaPresence == Presence.Null) w.WriteNull();
                else WriteDelta(message);
            }
            if (message.HasCode) w.WriteNumber("code", message.Code);
            if (!message.Reason.IsAbsent)
            {
                w.WritePropertyName("reason");
                WriteText(message.Reason);
            }
            if (!message.State.IsAbsent)
            {
                w.WritePropertyName("state");
                WriteText(message.State);
            }
            WriteMembers(message, MemberDevice.Listed, "devices");
            WriteMembers(message, MemberDevice.Added, "added_devices");
            WriteMembers(message, MemberDevice.Removed, "removed_devices");
            w.WriteEndObject();
            return Finish();
        }

        /// <summary>twin/get: <c>{"event_id":"...","timestamp":ms}</c>. Also the shape of membership/get.</summary>
        public int EncodeTwinGet(byte[] destination, int offset, int count, string eventId, long timestamp)
        {
            JsonWriter w = _writer;
            w.Reset(destination, offset, count);
            w.WriteStartObject();
            w.WriteString("event_id", eventId);
            w.WriteNumber("timestamp", timestamp);
            w.WriteEndObject();
            return Finish();
        }

        /// <summary>state/update: <c>{"event_id":"...","timestamp":ms,"state":"online"}</c>.</summary>
        public int EncodeStateUpdate(byte[] destination, int offset, int count, string eventId, long timestamp, string state)
        {
            JsonWriter w = _writer;
            w.Reset(destination, offset, count);
            w.WriteStartObject();
            w.WriteString("event_id", eventId);
            w.WriteNumber("timestamp", timestamp);
            w.WriteString("state", state);
            w.WriteEndObject();
            return Finish();
        }

        /// <summary>An error result: <c>{"event_id":"...","timestamp":ms,"code":400,"reason":"..."}</c>.</summary>
        public int EncodeError(byte[] destination, int offset, int count, WireText eventId, long timestamp, int code, string reason)
        {
            JsonWriter w = _writer;
            w.Reset(destination, offset, count);
            w.WriteStartObject();
            w.WritePropertyName("event_id");
            if (eventId.HasValue) WriteText(eventId);
            else w.WriteString(string.Empty);
            w.WriteNumber("timestamp", timestamp);
            w.WriteNumber("code", code);
            w.WriteString("reason", reason);
            w.WriteEndObject();
            return Finish();
        }

        /// <summary>Starts a twin/update: <c>{"event_id":"...","timestamp":ms,"twin":{</c>; add properties, then EndTwinUpdate.</summary>
        public void BeginTwinUpdate(byte[] destination, int offset, int count, string eventId, long timestamp)
        {
            JsonWriter w = _writer;
            w.Reset(destination, offset, count);
            w.WriteStartObject();
            w.WriteString("event_id", eventId);
            w.WriteNumber("timestamp", timestamp);
            w.WritePropertyName("twin");
            w.WriteStartObject();
        }

        /// <summary>
        /// Reports a property's actual value: <c>"key":{"actual":{"value":"v","metadata":{"timestamp":ms}},"metadata":{"type":"t"}}</c>.
        /// The value timestamp is left out when 0, the type when null.
        /// </summary>
        public void AddActual(string key, string value, string type, long timestamp)
        {
            _writer.WritePropertyName(key);
            WriteReport("actual", value, type, timestamp);
        }

        /// <summary>AddActual with key and value as UTF-8 byte ranges (e.g. from the device's twin table).</summary>
        public void AddActual(byte[] key, int keyOffset, int keyLength, byte[] value, int valueOffset, int valueLength, string type, long timestamp)
        {
            _writer.WritePropertyName(key, keyOffset, keyLength);
            WriteReport("actual", value, valueOffset, valueLength, type, timestamp);
        }

        /// <summary>Sets a property's expected value from the edge (rare; same shape as AddActual).</summary>
        public void AddExpected(string key, string value, string type, long timestamp)
        {
            _writer.WritePropertyName(key);
            WriteReport("expected", value, type, timestamp);
        }

        /// <summary>AddExpected with key and value as UTF-8 byte ranges.</summary>
        public void AddExpected(byte[] key, int keyOffset, int keyLength, byte[] value, int valueOffset, int valueLength, string type, long timestamp)
        {
            _writer.WritePropertyName(key, keyOffset, keyLength);
            WriteReport("expected", value, valueOffset, valueLength, type, timestamp);
        }

        /// <summary>Asks to delete an (optional) property: <c>"key":null</c>.</summary>
        public void AddDeleted(string key)
        {
            _writer.WritePropertyName(key);
            _writer.WriteNull();
        }

        /// <summary>Closes a twin/update; the payload's length, or -1 when it did not fit.</summary>
        public int EndTwinUpdate()
        {
            _writer.WriteEndObject();
            _writer.WriteEndObject();
            return Finish();
        }

        private void WriteReport(string side, string value, string type, long timestamp)
        {
            JsonWriter w = _writer;
            w.WriteStartObject();
            w.WritePropertyName(side);
            w.WriteStartObject();
            w.WriteString("value", value);
            WriteReportTail(type, timestamp);
        }

        private void WriteReport(string side, byte[] value, int valueOffset, int valueLength, string type, long timestamp)
        {
            JsonWriter w = _writer;
            w.WriteStartObject();
            w.WritePropertyName(side);
            w.WriteStartObject();
            w.WritePropertyName("value");
            w.WriteString(value, valueOffset, valueLength);
            WriteReportTail(type, timestamp);
        }

        // Closes the value object (after its optional timestamp) and adds the type metadata.
        private void WriteReportTail(string type, long timestamp)
        {
            JsonWriter w = _writer;
            if (timestamp != 0)
            {
                w.WritePropertyName("metadata");
                w.WriteStartObject();
                w.WriteNumber("timestamp", timestamp);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            if (type != null)
            {
                w.WritePropertyName("metadata");
                w.WriteStartObject();
                w.WriteString("type", type);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }

        private void WriteTwinMap(TwinMessage message, bool withVersions)
        {
            JsonWriter w = _writer;
            w.WriteStartObject();
            for (int i = 0; i < message.PropertyCount; i++)
            {
                TwinProperty property = message.PropertyAt(i);
                WriteKey(property.Key);
                WriteTwinState(property.Twin, property, withVersions);
            }
            w.WriteEndObject();
        }

        private void WriteTwinState(TwinState twin, TwinProperty document, bool withVersions)
        {
            JsonWriter w = _writer;
            if (twin.Presence == Presence.Null)
            {
                w.WriteNull();
                return;
            }
            w.WriteStartObject();
            WriteTwinValue("expected", twin.Expected);
            WriteTwinValue("actual", twin.Actual);
            if (twin.HasOptional) w.WriteBoolean("optional", twin.Optional);
            if (!twin.Type.IsAbsent)
            {
                w.WritePropertyName("metadata");
                w.WriteStartObject();
                w.WritePropertyName("type");
                WriteText(twin.Type);
                w.WriteEndObject();
            }
            if (withVersions)
            {
                WriteVersion("expected_version", twin.ExpectedVersion);
                WriteVersion("actual_version", twin.ActualVersion);
            }
            if (document != null && document.Last != null)
            {
                if (document.Last.Presence != Presence.Absent)
                {
                    w.WritePropertyName("last");
                    WriteTwinState(document.Last, null, withVersions);
                }
                if (document.Current.Presence != Presence.Absent)
                {
                    w.WritePropertyName("current");
                    WriteTwinState(document.Current, null, withVersions);
                }
            }
            w.WriteEndObject();
        }

        private void WriteTwinValue(string name, TwinValue value)
        {
            if (value.Presence == Presence.Absent) return;
            JsonWriter w = _writer;
            w.WritePropertyName(name);
            if (value.Presence == Presence.Null)
            {
                w.WriteNull();
                return;
            }
            w.WriteStartObject();
            if (!value.Value.IsAbsent)
            {
                w.WritePropertyName("value");
                WriteText(value.Value);
            }
            if (value.HasTimestamp)
            {
                w.WritePropertyName("metadata");
                w.WriteStartObject();
                w.WriteNumber("timestamp", value.Timestamp);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }

        private void WriteVersion(string name, TwinVersion version)
        {
            if (version.Presence == Presence.Absent) return;
            JsonWriter w = _writer;
            w.WritePropertyName(name);
            if (version.Presence == Presence.Null)
            {
                w.WriteNull();
                return;
            }
            w.WriteStartObject();
            w.WriteNumber("cloud", version.Cloud);
            w.WriteNumber("edge", version.Edge);
            w.WriteEndObject();
        }

        private void WriteDelta(TwinMessage message)
        {
            JsonWriter w = _writer;
            w.WriteStartObject();
            for (int i = 0; i < message.DeltaCount; i++)
            {
                WriteKey(message.DeltaKeyAt(i));
                WriteText(message.DeltaValueAt(i));
            }
            w.WriteEndObject();
        }

        private void WriteMembers(TwinMessage message, int list, string name)
        {
            JsonWriter w = _writer;
            bool open = false;
            for (int i = 0; i < message.MemberCount; i++)
            {
                MemberDevice member = message.MemberAt(i);
                if (member.List != list) continue;
                if (!open)
                {
                    w.WritePropertyName(name);
                    w.WriteStartArray();
                    open = true;
                }
                w.WriteStartObject();
                WriteMemberField("id", member.Id);
                WriteMemberField("name", member.Name);
                WriteMemberField("state", member.State);
                w.WriteEndObject();
            }
            if (open) w.WriteEndArray();
        }

        private void WriteMemberField(string name, WireText field)
        {
            if (field.IsAbsent) return;
            _writer.WritePropertyName(name);
            WriteText(field);
        }

        private void WriteKey(WireText key)
        {
            _writer.WritePropertyName(key.Buffer, key.Offset, key.Length);
        }

        private void WriteText(WireText text)
        {
            if (text.HasValue) _writer.WriteString(text.Buffer, text.Offset, text.Length);
            else _writer.WriteNull();
        }

        private int Finish()
        {
            return _writer.Overflow ? -1 : _writer.Length;
        }
    }
}
