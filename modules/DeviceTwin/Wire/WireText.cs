using EdgeNano.DeviceTwin.Json;

namespace EdgeNano.DeviceTwin.Wire
{
    /// <summary>
    /// A string field of a <see cref="TwinMessage"/>: absent, null, or UTF-8 text held in the
    /// message's <see cref="TextArena"/> as (offset, length). Comparing and copying allocate
    /// nothing; <see cref="ToString"/> and <see cref="GetString"/> allocate and are for tests
    /// and logs.
    /// </summary>
    public sealed class WireText
    {
        private readonly TextArena _arena;
        private int _presence;
        private int _offset;
        private int _length;

        public WireText(TextArena arena)
        {
            _arena = arena;
        }

        /// <summary>A <see cref="Wire.Presence"/> constant.</summary>
        public int Presence { get { return _presence; } }
        /// <summary>The field carries text (possibly empty).</summary>
        public bool HasValue { get { return _presence == Wire.Presence.Value; } }
        public bool IsNull { get { return _presence == Wire.Presence.Null; } }
        public bool IsAbsent { get { return _presence == Wire.Presence.Absent; } }

        /// <summary>The array holding the text (the arena's); read Length bytes from Offset.</summary>
        public byte[] Buffer { get { return _arena.Bytes; } }
        public int Offset { get { return _offset; } }
        /// <summary>The text's length in UTF-8 bytes; 0 unless HasValue.</summary>
        public int Length { get { return _length; } }

        /// <summary>True when the field has text equal to an ASCII literal.</summary>
        public bool Equals(string ascii)
        {
            return HasValue && Utf8.EqualsAscii(_arena.Bytes, _offset, _length, ascii);
        }

        /// <summary>True when the field has text equal to the given UTF-8 bytes.</summary>
        public bool Equals(byte[] bytes, int offset, int length)
        {
            return HasValue && Utf8.BytesEqual(_arena.Bytes, _offset, _length, bytes, offset, length);
        }

        /// <summary>True when both fields have the same presence and, with a value, the same text.</summary>
        public bool SameAs(WireText other)
        {
            if (_presence != other._presence) return false;
            return !HasValue || Utf8.BytesEqual(_arena.Bytes, _offset, _length, other.Buffer, other._offset, other._length);
        }

        /// <summary>Copies the text to destination; its length, or -1 (nothing copied) when it does not fit.</summary>
        public int CopyTo(byte[] destination, int offset)
        {
            if (offset < 0 || destination.Length - offset < _length) return -1;
            System.Array.Copy(_arena.Bytes, _offset, destination, offset, _length);
            return _length;
        }

        /// <summary>Sets the field to text (copied into the arena as UTF-8). False, field unchanged, when the arena is full.</summary>
        public bool Set(string text)
        {
            int length;
            int at = _arena.Append(text, out length);
            if (at < 0) return false;
            SetRange(at, length);
            return true;
        }

        /// <summary>Sets the field to UTF-8 bytes (copied into the arena). False, field unchanged, when the arena is full.</summary>
        public bool Set(byte[] utf8, int offset, int length)
        {
            int at = _arena.Append(utf8, offset, length);
            if (at < 0) return false;
            SetRange(at, length);
            return true;
        }

        /// <summary>Marks the field as given as JSON null.</summary>
        public void SetNull()
        {
            _presence = Wire.Presence.Null;
            _offset = 0;
            _length = 0;
        }

        /// <summary>Marks the field as absent.</summary>
        public void Clear()
        {
            _presence = Wire.Presence.Absent;
            _offset = 0;
            _length = 0;
        }

        /// <summary>The text, or null when absent or null (tests, logs: it allocates).</summary>
        public string GetString()
        {
            return HasValue ? Utf8.ToString(_arena.Bytes, _offset, _length) : null;
        }

        /// <summary>The text, or "(absent)" / "(null)" (logs: it allocates).</summary>
        public override string ToString()
        {
            if (_presence == Wire.Presence.Absent) return "(absent)";
            if (_presence == Wire.Presence.Null) return "(null)";
            return Utf8.ToString(_arena.Bytes, _offset, _length);
        }

        internal void SetRange(int offset, int length)
        {
            _presence = Wire.Presence.Value;
            _offset = offset;
            _length = length;
        }
    }
}
