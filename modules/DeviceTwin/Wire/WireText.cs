using EdgeNano.DeviceTwin.Json;

namespace EdgeNano.DeviceTwin.Wire
{
    /// <summary>
    /// A view of one string field of a <see cref="TwinMessage"/>: absent, null, or UTF-8 text
    /// held in the message's <see cref="TextArena"/>. Comparing and copying allocate nothing;
    /// <see cref="ToString"/> and <see cref="GetString"/> allocate and are for tests and logs.
    /// </summary>
    public sealed class WireText
    {
        private readonly TwinMessage _message;
        private readonly int _field;

        internal WireText(TwinMessage message, int field)
        {
            _message = message;
            _field = field;
        }

        /// <summary>A <see cref="Wire.Presence"/> constant.</summary>
        public int Presence { get { return _message.TextPresence(_field); } }
        /// <summary>The field carries text (possibly empty).</summary>
        public bool HasValue { get { return Presence == Wire.Presence.Value; } }
        public bool IsNull { get { return Presence == Wire.Presence.Null; } }
        public bool IsAbsent { get { return Presence == Wire.Presence.Absent; } }

        /// <summary>The array holding the text (the arena's); read Length bytes from Offset.</summary>
        public byte[] Buffer { get { return _message.TextBuffer; } }
        public int Offset { get { return _message.TextOffset(_field); } }
        /// <summary>The text's length in UTF-8 bytes; 0 unless HasValue.</summary>
        public int Length { get { return _message.TextLength(_field); } }

        /// <summary>True when the field has text equal to an ASCII literal.</summary>
        public bool Equals(string ascii)
        {
            return _message.TextEquals(_field, ascii);
        }

        /// <summary>True when the field has text equal to the given UTF-8 bytes.</summary>
        public bool Equals(byte[] bytes, int offset, int length)
        {
            return _message.TextEquals(_field, bytes, offset, length);
        }

        /// <summary>True when both fields have the same presence and, with a value, the same text.</summary>
        public bool SameAs(WireText other)
        {
            if (Presence != other.Presence) return false;
            return !HasValue || Utf8.BytesEqual(Buffer, Offset, Length, other.Buffer, other.Offset, other.Length);
        }

        /// <summary>Copies the text to destination; its length, or -1 (nothing copied) when it does not fit.</summary>
        public int CopyTo(byte[] destination, int offset)
        {
            int length = Length;
            if (offset < 0 || destination.Length - offset < length) return -1;
            System.Array.Copy(Buffer, Offset, destination, offset, length);
            return length;
        }

        /// <summary>Sets the field to text (copied into the arena as UTF-8). False, field unchanged, when the arena is full.</summary>
        public bool Set(string text)
        {
            return _message.SetText(_field, text);
        }

        /// <summary>Sets the field to UTF-8 bytes (copied into the arena). False, field unchanged, when the arena is full.</summary>
        public bool Set(byte[] utf8, int offset, int length)
        {
            return _message.SetText(_field, utf8, offset, length);
        }

        /// <summary>Marks the field as given as JSON null.</summary>
        public void SetNull()
        {
            _message.SetTextPresence(_field, Wire.Presence.Null);
        }

        /// <summary>Marks the field as absent.</summary>
        public void Clear()
        {
            _message.SetTextPresence(_field, Wire.Presence.Absent);
        }

        /// <summary>The text, or null when absent or null (tests, logs: it allocates).</summary>
        public string GetString()
        {
            return HasValue ? Utf8.ToString(Buffer, Offset, Length) : null;
        }

        /// <summary>The text, or "(absent)" / "(null)" (logs: it allocates).</summary>
        public override string ToString()
        {
            int presence = Presence;
            if (presence == Wire.Presence.Absent) return "(absent)";
            if (presence == Wire.Presence.Null) return "(null)";
            return Utf8.ToString(Buffer, Offset, Length);
        }
    }
}
