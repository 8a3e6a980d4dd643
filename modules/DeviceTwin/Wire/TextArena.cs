namespace EdgeNano.DeviceTwin.Wire
{
    /// <summary>
    /// One message's decoded strings, back to back in one byte array. Its capacity equals the
    /// largest payload accepted, and a decoded string is never longer than its JSON text, so
    /// decoding can never run out of arena. Building a message to encode can, and then the
    /// append fails cleanly.
    /// </summary>
    public sealed class TextArena
    {
        private readonly byte[] _bytes;
        private int _used;

        public TextArena(int capacity)
        {
            if (capacity < 1) throw new System.ArgumentOutOfRangeException("capacity");
            _bytes = new byte[capacity];
        }

        /// <summary>The arena's bytes; a <see cref="WireText"/> says which of them are its text.</summary>
        public byte[] Bytes { get { return _bytes; } }
        /// <summary>Bytes the arena holds in all: the largest payload its message accepts.</summary>
        public int Capacity { get { return _bytes.Length; } }
        /// <summary>Bytes taken by the message's text so far.</summary>
        public int Used { get { return _used; } }

        /// <summary>Forgets all text (the message's fields must be cleared with it).</summary>
        public void Clear()
        {
            _used = 0;
        }

        /// <summary>Copies bytes in; their offset in the arena, or -1 when they do not fit.</summary>
        public int Append(byte[] source, int offset, int length)
        {
            if (length > _bytes.Length - _used) return -1;
            int at = _used;
            System.Array.Copy(source, offset, _bytes, at, length);
            _used += length;
            return at;
        }

        /// <summary>Copies text in as UTF-8; its offset in the arena, or -1 when it does not fit.</summary>
        public int Append(string text, out int length)
        {
            length = Json.Utf8.Encode(text, _bytes, _used);
            if (length < 0)
            {
                length = 0;
                return -1;
            }
            int at = _used;
            _used += length;
            return at;
        }
    }
}
