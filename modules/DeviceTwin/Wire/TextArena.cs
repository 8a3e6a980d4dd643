namespace EdgeNano.DeviceTwin.Wire
{
    /// <summary>
    /// One message's decoded strings, back to back in one byte array. Its capacity equals the
    /// largest payload accepted, and a decoded string is never longer than its JSON text, so
    /// decoding can never run out of arena. Building a message to encode can, and then the
    /// append fails cleanly.
    /// A message decoded in place (<see cref="TwinDecoder.InPlace"/>) borrows the payload
    /// instead: its strings already lie there, unescaped, so "appending" one of them is its
    /// offset in the payload, and nothing else may be appended until the arena is cleared.
    /// </summary>
    public sealed class TextArena
    {
        private readonly byte[] _own;
        private byte[] _bytes;
        private bool _borrowed;
        private int _used;

        public TextArena(int capacity)
        {
            if (capacity < 1) throw new System.ArgumentOutOfRangeException("capacity");
            _own = new byte[capacity];
            _bytes = _own;
        }

        /// <summary>The arena's bytes (the borrowed payload while borrowing); a <see cref="WireText"/> says which of them are its text.</summary>
        public byte[] Bytes { get { return _bytes; } }
        /// <summary>Bytes the arena holds in all: the largest payload its message accepts (without borrowing).</summary>
        public int Capacity { get { return _own.Length; } }
        /// <summary>Bytes taken by the message's text so far (0 while borrowing).</summary>
        public int Used { get { return _used; } }
        /// <summary>True while the text is the payload's own bytes (<see cref="Borrow"/>).</summary>
        public bool IsBorrowed { get { return _borrowed; } }

        /// <summary>Forgets all text (the message's fields must be cleared with it) and any borrowed payload.</summary>
        public void Clear()
        {
            _used = 0;
            _bytes = _own;
            _borrowed = false;
        }

        /// <summary>Takes the payload being decoded in place as the text (until Clear).</summary>
        public void Borrow(byte[] payload)
        {
            _used = 0;
            _bytes = payload;
            _borrowed = true;
        }

        /// <summary>Copies bytes in; their offset in the arena, or -1 when they do not fit (or, borrowing, are not the payload's).</summary>
        public int Append(byte[] source, int offset, int length)
        {
            if (_borrowed) return source == _bytes ? offset : -1;
            if (length > _bytes.Length - _used) return -1;
            int at = _used;
            System.Array.Copy(source, offset, _bytes, at, length);
            _used += length;
            return at;
        }

        /// <summary>Copies text in as UTF-8; its offset in the arena, or -1 when it does not fit (or the arena is borrowed).</summary>
        public int Append(string text, out int length)
        {
            length = 0;
            if (_borrowed) return -1;
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
