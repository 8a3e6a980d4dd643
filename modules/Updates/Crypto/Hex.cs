namespace EdgeNano.Updates.Crypto
{
    /// <summary>Hexadecimal text to bytes, for keys and signatures written in configuration.</summary>
    public static class Hex
    {
        /// <summary>
        /// Decodes text (an even number of 0-9, a-f, A-F; nothing else) into output from offset.
        /// Returns the number of bytes written, or -1 when the text is not hex or does not fit
        /// (then output may be partly written). Never throws.
        /// </summary>
        public static int TryDecode(string text, byte[] output, int offset)
        {
            if (text == null || output == null) return -1;
            char[] chars = text.ToCharArray();
            if ((chars.Length & 1) != 0) return -1;
            int count = chars.Length / 2;
            if (offset < 0 || offset > output.Length - count) return -1;
            for (int i = 0; i < count; i++)
            {
                int high = Digit(chars[2 * i]);
                int low = Digit(chars[2 * i + 1]);
                if (high < 0 || low < 0) return -1;
                output[offset + i] = (byte)((high << 4) | low);
            }
            return count;
        }

        private static int Digit(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }
    }
}
