namespace EdgeNano.DeviceTwin.Json
{
    /// <summary>
    /// UTF-8 by hand: nanoFramework's mscorlib has no System.Text.Encoding. Validation follows
    /// RFC 3629 (no overlong forms, no encoded surrogates, nothing above U+10FFFF).
    /// </summary>
    public static class Utf8
    {
        /// <summary>
        /// The length of the valid multi-byte sequence starting at data[i] (lead byte 0x80 or
        /// above), or 0 when it is not valid UTF-8 or runs past end.
        /// </summary>
        public static int SequenceLength(byte[] data, int i, int end)
        {
            byte lead = data[i];
            int length;
            int secondLow = 0x80;
            int secondHigh = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) length = 2;
            else if (lead >= 0xE0 && lead <= 0xEF)
            {
                length = 3;
                if (lead == 0xE0) secondLow = 0xA0;        // overlong
                else if (lead == 0xED) secondHigh = 0x9F;  // UTF-16 surrogates
            }
            else if (lead >= 0xF0 && lead <= 0xF4)
            {
                length = 4;
                if (lead == 0xF0) secondLow = 0x90;        // overlong
                else if (lead == 0xF4) secondHigh = 0x8F;  // above U+10FFFF
            }
            else return 0;
            if (i + length > end) return 0;
            byte second = data[i + 1];
            if (second < secondLow || second > secondHigh) return 0;
            for (int k = 2; k < length; k++)
            {
                byte b = data[i + k];
                if (b < 0x80 || b > 0xBF) return 0;
            }
            return length;
        }

        /// <summary>Writes a Unicode scalar value as UTF-8; the bytes written, or 0 when they do not fit.</summary>
        public static int WriteCodePoint(int codePoint, byte[] destination, int offset)
        {
            int room = destination.Length - offset;
            if (codePoint < 0x80)
            {
                if (room < 1) return 0;
                destination[offset] = (byte)codePoint;
                return 1;
            }
            if (codePoint < 0x800)
            {
                if (room < 2) return 0;
                destination[offset] = (byte)(0xC0 | (codePoint >> 6));
                destination[offset + 1] = (byte)(0x80 | (codePoint & 0x3F));
                return 2;
            }
            if (codePoint < 0x10000)
            {
                if (room < 3) return 0;
                destination[offset] = (byte)(0xE0 | (codePoint >> 12));
                destination[offset + 1] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
                destination[offset + 2] = (byte)(0x80 | (codePoint & 0x3F));
                return 3;
            }
            if (room < 4) return 0;
            destination[offset] = (byte)(0xF0 | (codePoint >> 18));
            destination[offset + 1] = (byte)(0x80 | ((codePoint >> 12) & 0x3F));
            destination[offset + 2] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
            destination[offset + 3] = (byte)(0x80 | (codePoint & 0x3F));
            return 4;
        }

        /// <summary>
        /// Encodes chars[start .. start+count) as UTF-8 into destination; the bytes written, or -1
        /// when they do not fit. A lone surrogate becomes U+FFFD.
        /// </summary>
        public static int Encode(char[] chars, int start, int count, byte[] destination, int offset)
        {
            int end = start + count;
            int w = offset;
            for (int i = start; i < end; i++)
            {
                int codePoint = CodePointAt(chars, i, end);
                if (codePoint > 0xFFFF) i++;
                int n = WriteCodePoint(codePoint, destination, w);
                if (n == 0) return -1;
                w += n;
            }
            return w - offset;
        }

        /// <summary>
        /// Encodes a string as UTF-8 into destination; the bytes written, or -1 when they do not
        /// fit. Takes the string's characters with ToCharArray (an allocation, except for ""):
        /// on nanoCLR, s[i] walks the string on every call and misreads the low half of a
        /// surrogate pair. For tests, the host and start-up; hot paths hold text as bytes.
        /// </summary>
        public static int Encode(string text, byte[] destination, int offset)
        {
            if (text.Length == 0) return 0;
            char[] chars = text.ToCharArray();
            return Encode(chars, 0, chars.Length, destination, offset);
        }

        /// <summary>A string's UTF-8 bytes in a new array (it allocates: start-up, tests, logs).</summary>
        public static byte[] Bytes(string text)
        {
            char[] chars = text.ToCharArray();
            byte[] bytes = new byte[ByteCount(chars, 0, chars.Length)];
            Encode(chars, 0, chars.Length, bytes, 0);
            return bytes;
        }

        /// <summary>How many bytes chars[start .. start+count) takes as UTF-8.</summary>
        public static int ByteCount(char[] chars, int start, int count)
        {
            int end = start + count;
            int bytes = 0;
            for (int i = start; i < end; i++)
            {
                int codePoint = CodePointAt(chars, i, end);
                if (codePoint > 0xFFFF) i++;
                bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            }
            return bytes;
        }

        /// <summary>
        /// The code point at chars[i] (i &lt; end): a surrogate pair gives the supplementary code
        /// point (the caller skips the low half), a lone surrogate gives U+FFFD.
        /// </summary>
        public static int CodePointAt(char[] chars, int i, int end)
        {
            int c = chars[i];
            if (c < 0xD800 || c > 0xDFFF) return c;
            if (c <= 0xDBFF && i + 1 < end)
            {
                int low = chars[i + 1];
                if (low >= 0xDC00 && low <= 0xDFFF) return 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
            }
            return 0xFFFD;
        }

        /// <summary>
        /// True when the UTF-8 bytes equal an ASCII literal (compared char by byte). It indexes
        /// the literal, which is fine for ASCII even on nanoCLR: a byte of a multi-byte sequence
        /// is 0x80 or above and never equals an ASCII character, and the literals are a few
        /// characters long (JSON keywords, property names).
        /// </summary>
        public static bool EqualsAscii(byte[] data, int offset, int length, string ascii)
        {
            if (length != ascii.Length) return false;
            for (int i = 0; i < length; i++)
            {
                if (data[offset + i] != ascii[i]) return false;
            }
            return true;
        }

        /// <summary>True when two byte ranges hold the same bytes.</summary>
        public static bool BytesEqual(byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength)
        {
            if (aLength != bLength) return false;
            for (int i = 0; i < aLength; i++)
            {
                if (a[aOffset + i] != b[bOffset + i]) return false;
            }
            return true;
        }

        /// <summary>Decodes valid UTF-8 to a new string (tests, logs: it allocates).</summary>
        public static string ToString(byte[] data, int offset, int length)
        {
            if (length == 0) return string.Empty;
            char[] chars = new char[length];
            int n = 0;
            int end = offset + length;
            int i = offset;
            while (i < end)
            {
                int b = data[i];
                int codePoint;
                int size;
                if (b < 0x80) { codePoint = b; size = 1; }
                else if (b < 0xE0) { codePoint = b & 0x1F; size = 2; }
                else if (b < 0xF0) { codePoint = b & 0x0F; size = 3; }
                else { codePoint = b & 0x07; size = 4; }
                if (i + size > end) { codePoint = 0xFFFD; size = end - i; }
                else for (int k = 1; k < size; k++) codePoint = (codePoint << 6) | (data[i + k] & 0x3F);
                i += size;
                if (codePoint >= 0x10000)
                {
                    codePoint -= 0x10000;
                    chars[n++] = (char)(0xD800 + (codePoint >> 10));
                    chars[n++] = (char)(0xDC00 + (codePoint & 0x3FF));
                }
                else chars[n++] = (char)codePoint;
            }
            return new string(chars, 0, n);
        }
    }
}
