namespace EdgeNano.DeviceTwin
{
    /// <summary>
    /// A piece of text the twin reads without copying it first: either a byte range of a
    /// received payload (what the JSON codec hands over) or a string (what other modules and
    /// tests hand over). The twin's rules admit only ASCII in keys and non-empty values, so a
    /// byte per character is all the store ever keeps.
    /// </summary>
    public struct TwinText
    {
        /// <summary>The bytes holding the text when it came from a payload; null for a string.</summary>
        public byte[] Bytes;
        /// <summary>Where the text starts in <see cref="Bytes"/>.</summary>
        public int Offset;
        /// <summary>Characters (bytes) in the text.</summary>
        public int Length;
        /// <summary>The text when it came as a string; null for a byte range.</summary>
        public string Text;

        /// <summary>Text held in a byte range (no copy is made: the bytes must stay put while the twin reads them).</summary>
        public static TwinText Of(byte[] bytes, int offset, int length)
        {
            TwinText text = new TwinText();
            text.Bytes = bytes;
            text.Offset = offset;
            text.Length = length;
            return text;
        }

        /// <summary>Text held in a string.</summary>
        public static TwinText Of(string value)
        {
            TwinText text = new TwinText();
            text.Text = value;
            text.Length = value == null ? 0 : value.Length;
            return text;
        }

        /// <summary>So other modules can pass string literals where the twin takes text.</summary>
        public static implicit operator TwinText(string value)
        {
            return Of(value);
        }

        /// <summary>The character code at index (0..Length-1); codes above 255 only come from strings.</summary>
        public int CharAt(int index)
        {
            if (Text != null) return Text[index];
            return Bytes[Offset + index];
        }

        /// <summary>True when this text is exactly the ASCII string given.</summary>
        public bool Is(string ascii)
        {
            if (ascii.Length != Length) return false;
            for (int i = 0; i < Length; i++)
            {
                if (CharAt(i) != ascii[i]) return false;
            }
            return true;
        }
    }
}
