namespace EdgeNano.DeviceTwin.Json
{
    /// <summary>
    /// Writes compact JSON into a caller's byte array without allocating. Commas and colons
    /// are placed for the caller. When the buffer is too small nothing throws: the writer stops
    /// writing and sets <see cref="Overflow"/>, and the caller checks it once at the end.
    /// Calling the writer out of order (an end without a start, a value where a property name
    /// belongs, nesting deeper than 62) is a programming error and throws.
    /// Text given as a string is written from its UTF-8 bytes, encoded once per string and kept
    /// (<see cref="Utf8Cache"/>): the writer never reads a string's characters by index.
    /// </summary>
    public sealed class JsonWriter
    {
        private const int MaxNesting = 62;
        private static readonly byte[] HexDigits = new byte[]
        {
            (byte)'0', (byte)'1', (byte)'2', (byte)'3', (byte)'4', (byte)'5', (byte)'6', (byte)'7',
            (byte)'8', (byte)'9', (byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'e', (byte)'f',
        };

        private readonly Utf8Cache _strings = new Utf8Cache(Utf8Cache.DefaultCapacity);
        private byte[] _buffer;
        private int _start;
        private int _pos;
        private int _limit;
        private bool _overflow;
        private int _depth;
        // Bit d: the container at depth d (1-based) already has a member, so the next needs a comma.
        private long _hasMember;
        // Bit d: the container at depth d is an object (property names expected).
        private long _isObject;
        private bool _afterName;
        // One place to go back to (Checkpoint, Rewind): a member that left no room is taken back whole.
        // Two ints, not a copy of every field: each field costs a heap block (12 bytes) in every
        // writer on nanoCLR, and every module's encoder has a writer.
        private int _checkPos;
        // The depth (bits 0-5), then 1 << 6 the container at that depth had a member, 1 << 7 overflow, 1 << 8 after a name.
        private int _checkState;

        /// <summary>Starts writing at buffer[offset], up to the end of the buffer.</summary>
        public void Reset(byte[] buffer, int offset)
        {
            Reset(buffer, offset, buffer.Length - offset);
        }

        /// <summary>Starts writing at buffer[offset], at most count bytes.</summary>
        public void Reset(byte[] buffer, int offset, int count)
        {
            if (buffer == null) throw new System.ArgumentNullException("buffer");
            if (offset < 0 || count < 0 || offset + count > buffer.Length) throw new System.ArgumentOutOfRangeException("count");
            _buffer = buffer;
            _start = offset;
            _pos = offset;
            _limit = offset + count;
            _overflow = false;
            _depth = 0;
            _hasMember = 0;
            _isObject = 0;
            _afterName = false;
        }

        /// <summary>Bytes written since Reset (what fitted, when Overflow is set).</summary>
        public int Length { get { return _pos - _start; } }

        /// <summary>Set when something did not fit; the output is then incomplete and must not be sent.</summary>
        public bool Overflow { get { return _overflow; } }

        /// <summary>Containers still open.</summary>
        public int Depth { get { return _depth; } }

        /// <summary>Bytes left before the limit.</summary>
        public int Remaining { get { return _limit - _pos; } }

        /// <summary>Remembers where the writer stands (one place, overwritten by the next call), for <see cref="Rewind"/>.</summary>
        public void Checkpoint()
        {
            int state = _depth;
            if ((_hasMember & (1L << _depth)) != 0) state |= 1 << 6;
            if (_overflow) state |= 1 << 7;
            if (_afterName) state |= 1 << 8;
            _checkPos = _pos;
            _checkState = state;
        }

        /// <summary>
        /// Goes back to the last <see cref="Checkpoint"/>: what was written since is dropped, and
        /// an overflow since is forgotten. So a caller filling a buffer member by member can take
        /// back the member that did not fit and close what it has. Only from inside the container
        /// that was innermost at the checkpoint (or one nested in it): containers opened since
        /// are dropped with their bytes, and an outer container's state cannot have changed.
        /// </summary>
        public void Rewind()
        {
            int state = _checkState;
            _pos = _checkPos;
            _depth = state & 0x3F;
            long bit = 1L << _depth;
            if ((state & (1 << 6)) != 0) _hasMember |= bit;
            else _hasMember &= ~bit;
            _overflow = (state & (1 << 7)) != 0;
            _afterName = (state & (1 << 8)) != 0;
        }

        /// <summary>Opens an object: <c>{</c>.</summary>
        public void WriteStartObject()
        {
            BeforeValue();
            Open(true);
            WriteByte((byte)'{');
        }

        /// <summary>Closes the innermost object: <c>}</c>.</summary>
        public void WriteEndObject()
        {
            Close(true);
            WriteByte((byte)'}');
        }

        /// <summary>Opens an array: <c>[</c>.</summary>
        public void WriteStartArray()
        {
            BeforeValue();
            Open(false);
            WriteByte((byte)'[');
        }

        /// <summary>Closes the innermost array: <c>]</c>.</summary>
        public void WriteEndArray()
        {
            Close(false);
            WriteByte((byte)']');
        }

        /// <summary>A property name given as text (escaped as needed).</summary>
        public void WritePropertyName(string name)
        {
            BeforeName();
            WriteQuoted(name);
            WriteByte((byte)':');
        }

        /// <summary>A property name given as UTF-8 bytes, the whole array (escaped as needed).</summary>
        public void WritePropertyName(byte[] utf8)
        {
            WritePropertyName(utf8, 0, utf8.Length);
        }

        /// <summary>A property name given as UTF-8 bytes (escaped as needed).</summary>
        public void WritePropertyName(byte[] utf8, int offset, int length)
        {
            BeforeName();
            WriteQuoted(utf8, offset, length);
            WriteByte((byte)':');
        }

        /// <summary>A string value given as text (escaped as needed).</summary>
        public void WriteString(string value)
        {
            BeforeValue();
            WriteQuoted(value);
        }

        /// <summary>A string value given as valid UTF-8 bytes.</summary>
        public void WriteString(byte[] utf8, int offset, int length)
        {
            BeforeValue();
            WriteQuoted(utf8, offset, length);
        }

        /// <summary>An int64 number, exact over the whole range.</summary>
        public void WriteNumber(long value)
        {
            BeforeValue();
            if (value < 0) WriteByte((byte)'-');
            else value = -value;
            // value is now <= 0; working in the negative range keeps long.MinValue exact.
            int digits = 1;
            long probe = value / 10;
            while (probe != 0)
            {
                digits++;
                probe /= 10;
            }
            if (!Room(digits)) return;
            int last = _pos + digits - 1;
            for (int i = last; i >= _pos; i--)
            {
                _buffer[i] = (byte)('0' - (int)(value % 10));
                value /= 10;
            }
            _pos += digits;
        }

        /// <summary><c>true</c> or <c>false</c>.</summary>
        public void WriteBoolean(bool value)
        {
            BeforeValue();
            WriteLiteral(value ? JsonLiterals.True : JsonLiterals.False);
        }

        /// <summary><c>null</c>.</summary>
        public void WriteNull()
        {
            BeforeValue();
            WriteLiteral(JsonLiterals.Null);
        }

        /// <summary>"name":"value" in one call.</summary>
        public void WriteString(string name, string value)
        {
            WritePropertyName(name);
            WriteString(value);
        }

        /// <summary>"name":number in one call.</summary>
        public void WriteNumber(string name, long value)
        {
            WritePropertyName(name);
            WriteNumber(value);
        }

        /// <summary>"name":true|false in one call.</summary>
        public void WriteBoolean(string name, bool value)
        {
            WritePropertyName(name);
            WriteBoolean(value);
        }

        /// <summary>"name":"value" in one call, the name as UTF-8 bytes (the whole array).</summary>
        public void WriteString(byte[] name, string value)
        {
            WritePropertyName(name);
            WriteString(value);
        }

        /// <summary>"name":number in one call, the name as UTF-8 bytes (the whole array).</summary>
        public void WriteNumber(byte[] name, long value)
        {
            WritePropertyName(name);
            WriteNumber(value);
        }

        /// <summary>"name":true|false in one call, the name as UTF-8 bytes (the whole array).</summary>
        public void WriteBoolean(byte[] name, bool value)
        {
            WritePropertyName(name);
            WriteBoolean(value);
        }

        private void BeforeValue()
        {
            if (_afterName)
            {
                _afterName = false;
                return;
            }
            if (_depth == 0) return;
            long bit = 1L << _depth;
            if ((_isObject & bit) != 0) throw new System.InvalidOperationException("a value in an object needs a property name first");
            if ((_hasMember & bit) != 0) WriteByte((byte)',');
            _hasMember |= bit;
        }

        private void BeforeName()
        {
            long bit = 1L << _depth;
            if (_depth == 0 || (_isObject & bit) == 0 || _afterName) throw new System.InvalidOperationException("a property name belongs directly in an object");
            if ((_hasMember & bit) != 0) WriteByte((byte)',');
            _hasMember |= bit;
            _afterName = true;
        }

        private void Open(bool isObject)
        {
            if (_depth == MaxNesting) throw new System.InvalidOperationException("nesting deeper than 62");
            _depth++;
            long bit = 1L << _depth;
            _hasMember &= ~bit;
            if (isObject) _isObject |= bit;
            else _isObject &= ~bit;
        }

        private void Close(bool isObject)
        {
            long bit = 1L << _depth;
            if (_depth == 0 || ((_isObject & bit) != 0) != isObject || _afterName) throw new System.InvalidOperationException("end without a matching start");
            _depth--;
        }

        // Bytes that go into a string as they are; the rest take the slow path (escape or UTF-8).
        private static readonly byte[] PlainStringBytes = PlainStringTable();

        private static byte[] PlainStringTable()
        {
            byte[] table = new byte[128];
            for (int b = 0x20; b < 0x80; b++) table[b] = 1;
            table['"'] = 0;
            table['\\'] = 0;
            return table;
        }

        private void WriteQuoted(string text)
        {
            if (text.Length == 0)
            {
                WriteByte((byte)'"');
                WriteByte((byte)'"');
                return;
            }
            byte[] utf8 = _strings.Bytes(text);
            WriteQuoted(utf8, 0, utf8.Length);
        }

        private void WriteQuoted(byte[] utf8, int offset, int length)
        {
            WriteByte((byte)'"');
            if (_overflow) return;
            byte[] buffer = _buffer;
            byte[] plain = PlainStringBytes;
            int pos = _pos;
            int limit = _limit;
            int end = offset + length;
            for (int i = offset; i < end; i++)
            {
                byte b = utf8[i];
                // UTF-8 sequences pass through unchanged: they are valid JSON string content.
                if ((b >= 0x80 || plain[b] != 0) && pos < limit)
                {
                    buffer[pos++] = b;
                    continue;
                }
                _pos = pos;
                if (b >= 0x80) WriteByte(b);
                else WriteAsciiChar(b);
                if (_overflow) return;
                pos = _pos;
            }
            _pos = pos;
            WriteByte((byte)'"');
        }

        // One ASCII character inside a string: quote and backslash escaped, control characters as \u00XX.
        private void WriteAsciiChar(int c)
        {
            if (c == '"' || c == '\\')
            {
                WriteByte((byte)'\\');
                WriteByte((byte)c);
            }
            else if (c < 0x20)
            {
                if (!Room(6)) return;
                _buffer[_pos] = (byte)'\\';
                _buffer[_pos + 1] = (byte)'u';
                _buffer[_pos + 2] = (byte)'0';
                _buffer[_pos + 3] = (byte)'0';
                _buffer[_pos + 4] = HexDigits[c >> 4];
                _buffer[_pos + 5] = HexDigits[c & 0xF];
                _pos += 6;
            }
            else WriteByte((byte)c);
        }

        private void WriteLiteral(byte[] literal)
        {
            if (!Room(literal.Length)) return;
            System.Array.Copy(literal, 0, _buffer, _pos, literal.Length);
            _pos += literal.Length;
        }

        private void WriteByte(byte b)
        {
            if (_overflow || _pos >= _limit)
            {
                _overflow = true;
                return;
            }
            _buffer[_pos++] = b;
        }

        // Once anything did not fit, nothing more is written: the output is unusable anyway.
        private bool Room(int count)
        {
            if (_overflow || _limit - _pos < count)
            {
                _overflow = true;
                return false;
            }
            return true;
        }
    }
}
