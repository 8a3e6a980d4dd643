namespace EdgeNano.DeviceTwin.Json
{
    /// <summary>
    /// The UTF-8 bytes of the strings one writer is handed, each encoded once and then reused.
    /// Encoding a string means reading its characters, and on nanoCLR that takes ToCharArray()
    /// (an allocation): s[i] walks the whole UTF-8 string on every call and returns the high
    /// surrogate at the low half of a pair. Device code hands a writer the same few strings
    /// message after message (type names, states, event ids), so from the second message on they
    /// cost a lookup, not an allocation. A string is found by reference first (literals are
    /// interned), then by equal content (equal strings read from the board file share an entry).
    /// A full cache replaces its oldest entry; a string longer than <see cref="MaxChars"/> is
    /// encoded every time and never kept. Not thread-safe: one per writer.
    /// </summary>
    public sealed class Utf8Cache
    {
        /// <summary>Strings a writer keeps by default: the handful a module names per message (type names, a state, an empty event id), with a little room to spare; 12 bytes of heap a place twice over on a small board.</summary>
        public const int DefaultCapacity = 8;
        /// <summary>Longest string kept: longer text is data, not a name, and would pin its bytes.</summary>
        public const int MaxChars = 64;

        private readonly string[] _strings;
        private readonly byte[][] _bytes;
        private int _count;
        private int _oldest;

        public Utf8Cache(int capacity)
        {
            if (capacity < 1) throw new System.ArgumentOutOfRangeException("capacity");
            _strings = new string[capacity];
            _bytes = new byte[capacity][];
        }

        /// <summary>Strings held now.</summary>
        public int Count { get { return _count; } }

        /// <summary>The text's UTF-8 bytes (a lone surrogate as U+FFFD); the caller must not change them.</summary>
        public byte[] Bytes(string text)
        {
            // Only entries below _count are compared: on nanoCLR, == on a never-assigned string[]
            // element is unsafe.
            for (int i = 0; i < _count; i++)
            {
                if ((object)_strings[i] == (object)text) return _bytes[i];
            }
            for (int i = 0; i < _count; i++)
            {
                if (_strings[i] == text) return _bytes[i];
            }
            byte[] bytes = Utf8.Bytes(text);
            if (text.Length <= MaxChars) Keep(text, bytes);
            return bytes;
        }

        private void Keep(string text, byte[] bytes)
        {
            int at;
            if (_count < _strings.Length) at = _count++;
            else
            {
                at = _oldest;
                _oldest = (_oldest + 1) % _strings.Length;
            }
            _strings[at] = text;
            _bytes[at] = bytes;
        }
    }
}
