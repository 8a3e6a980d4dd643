namespace EdgeNano.DeviceTwin
{
    /// <summary>
    /// A piece of text the twin reads as UTF-8 bytes without copying them first: a byte range
    /// of a received payload (what the JSON codec hands over) or of bytes a module made at
    /// start-up. Text given as a string is encoded to bytes once, when the TwinText is made
    /// (an allocation: for start-up, tests and the host; a hot path hands over bytes), because
    /// on nanoCLR reading a string's characters by index walks the string on every call and
    /// misreads surrogate pairs. The twin's rules admit only ASCII in keys and non-empty values,
    /// so a byte per character is all the store ever keeps.
    /// </summary>
    public struct TwinText
    {
        /// <summary>The bytes holding the text (null for an empty text made from null).</summary>
        public byte[] Bytes;
        /// <summary>Where the text starts in <see cref="Bytes"/>.</summary>
        public int Offset;
        /// <summary>Bytes in the text.</summary>
        public int Length;

        /// <summary>Text held in a byte range (no copy is made: the bytes must stay put while the twin reads them).</summary>
        public static TwinText Of(byte[] bytes, int offset, int length)
        {
            TwinText text = new TwinText();
            text.Bytes = bytes;
            text.Offset = offset;
            text.Length = length;
            return text;
        }

        /// <summary>Text given as a string, encoded to UTF-8 here (it allocates; null gives empty text).</summary>
        public static TwinText Of(string value)
        {
            if (value == null) return new TwinText();
            byte[] bytes = Json.Utf8.Bytes(value);
            return Of(bytes, 0, bytes.Length);
        }

        /// <summary>So tests and start-up code can pass string literals where the twin takes text (it allocates).</summary>
        public static implicit operator TwinText(string value)
        {
            return Of(value);
        }

        /// <summary>The byte at index (0..Length-1): a character, for the ASCII text the twin admits.</summary>
        public int CharAt(int index)
        {
            return Bytes[Offset + index];
        }

        /// <summary>True when this text is exactly the ASCII string given.</summary>
        public bool Is(string ascii)
        {
            return Json.Utf8.EqualsAscii(Bytes, Offset, Length, ascii);
        }

        /// <summary>True when this text holds the same bytes as the other.</summary>
        public bool SameAs(TwinText other)
        {
            return Json.Utf8.BytesEqual(Bytes, Offset, Length, other.Bytes, other.Offset, other.Length);
        }
    }
}
