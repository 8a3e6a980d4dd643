using EdgeNano.DeviceTwin.Json;

namespace EdgeNano.DeviceTwin.Wire
{
    /// <summary>
    /// Walks the entries of one top-level map of a twin payload ("twin" or "delta") in place,
    /// without decoding the rest. For modules that need only the keys (edgehub noting which
    /// properties a report carried) or a few string values (gpio reading the desired values of
    /// its outputs): a reader's small scratch array instead of a whole <see cref="TwinMessage"/>
    /// with an arena as large as the payload. The current key is valid until the next call.
    /// </summary>
    public sealed class TwinMapScanner
    {
        private readonly JsonReader _reader;
        private string _error;
        private bool _atValue;

        /// <param name="maxPayload">Largest payload scanned.</param>
        /// <param name="maxEscapedString">Longest key or value with escapes (edgecore allows 128-byte keys and 512-byte values).</param>
        public TwinMapScanner(int maxPayload, int maxEscapedString)
        {
            _reader = new JsonReader(JsonReader.DefaultMaxDepth, maxPayload, maxEscapedString);
        }

        /// <summary>
        /// A scanner that unescapes keys and values over their own text in the payload
        /// (<see cref="JsonReader.InPlace"/>): no scratch array at all, for a module that owns the
        /// payload it scans and reads it once (gpio's expected-value notes). The payload is changed
        /// where strings had escapes.
        /// </summary>
        public static TwinMapScanner InPlace(int maxPayload)
        {
            return new TwinMapScanner(JsonReader.InPlace(JsonReader.DefaultMaxDepth, maxPayload));
        }

        private TwinMapScanner(JsonReader reader)
        {
            _reader = reader;
        }

        /// <summary>Why the last Open or Next failed (a JsonError or TwinWireError constant); null when it did not.</summary>
        public string Error { get { return _error; } }

        /// <summary>
        /// Finds the top-level member named map in the payload. False when the payload is not a
        /// JSON object (Error says why) or has no such member, or the member is null (an empty map).
        /// </summary>
        public bool Open(byte[] payload, int offset, int length, string map)
        {
            _error = null;
            _atValue = false;
            JsonReader r = _reader;
            if (!r.Reset(payload, offset, length) || !r.Read()) return Fail();
            if (r.TokenType != JsonToken.StartObject) return Fail(TwinWireError.NotAnObject);
            while (true)
            {
                if (!r.Read()) return Fail();
                if (r.TokenType == JsonToken.EndObject) return false;
                if (!r.ValueEquals(map))
                {
                    if (!r.Skip()) return Fail();
                    continue;
                }
                if (!r.Read()) return Fail();
                if (r.TokenType == JsonToken.Null) return false;
                if (r.TokenType != JsonToken.StartObject) return Fail(TwinWireError.WrongType);
                return true;
            }
        }

        /// <summary>Moves to the map's next key (skipping the value of the one before unless it was read). False at the end or on an error.</summary>
        public bool Next()
        {
            JsonReader r = _reader;
            if (_atValue && !r.Skip()) return Fail();
            _atValue = false;
            if (!r.Read()) return Fail();
            if (r.TokenType == JsonToken.EndObject) return false;
            _atValue = true;
            return true;
        }

        /// <summary>The current key's bytes: KeyLength of KeyBuffer from KeyOffset.</summary>
        public byte[] KeyBuffer { get { return _reader.ValueBuffer; } }
        public int KeyOffset { get { return _reader.ValueOffset; } }
        public int KeyLength { get { return _reader.ValueLength; } }

        /// <summary>True when the current key equals an ASCII or Unicode string.</summary>
        public bool KeyEquals(string key)
        {
            return _reader.ValueEquals(key);
        }

        /// <summary>
        /// Reads the current key's value. True when it is a string, which ValueEquals can then
        /// compare; false for any other value (skipped) or an error (Error set).
        /// </summary>
        public bool ReadString()
        {
            _atValue = false;
            JsonReader r = _reader;
            if (!r.Read()) return Fail();
            if (r.TokenType == JsonToken.String) return true;
            if (r.TokenType == JsonToken.StartObject || r.TokenType == JsonToken.StartArray)
            {
                if (!r.Skip()) return Fail();
            }
            return false;
        }

        /// <summary>The string just read (after ReadString returned true): ValueLength bytes of ValueBuffer from ValueOffset, unescaped.</summary>
        public byte[] ValueBuffer { get { return _reader.ValueBuffer; } }
        public int ValueOffset { get { return _reader.ValueOffset; } }
        public int ValueLength { get { return _reader.ValueLength; } }

        /// <summary>True when the string just read equals an ASCII literal.</summary>
        public bool ValueEquals(string ascii)
        {
            return _reader.TokenType == JsonToken.String && _reader.ValueEquals(ascii);
        }

        private bool Fail()
        {
            _error = _reader.Error != null ? _reader.Error : JsonError.Truncated;
            return false;
        }

        private bool Fail(string reason)
        {
            _error = reason;
            return false;
        }
    }
}
