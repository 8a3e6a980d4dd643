using EdgeNano.DeviceTwin.Json;

namespace EdgeNano.DeviceTests.Support
{
    /// <summary>
    /// Bytes for payloads and digests. nanoFramework's mscorlib has no System.Text.Encoding, so
    /// ASCII is copied by hand and hex is written by hand; UTF-8 goes through devicetwin's Utf8
    /// only where the test is not about UTF-8 itself.
    /// </summary>
    public static class TestBytes
    {
        private const string HexDigits = "0123456789abcdef";

        /// <summary>ASCII text as bytes; a character above 0x7F is a mistake in the test.</summary>
        public static byte[] Ascii(string text)
        {
            char[] chars = text.ToCharArray();
            byte[] bytes = new byte[chars.Length];
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] > 0x7F) throw new System.ArgumentException("not ASCII: " + text);
                bytes[i] = (byte)chars[i];
            }
            return bytes;
        }

        /// <summary>Text as UTF-8 (through devicetwin's encoder).</summary>
        public static byte[] Utf8Of(string text)
        {
            byte[] buffer = new byte[text.Length * 3 + 1];
            int length = Utf8.Encode(text, buffer, 0);
            return Slice(buffer, 0, length);
        }

        /// <summary>Byte arrays one after the other.</summary>
        public static byte[] Join(params byte[][] parts)
        {
            int length = 0;
            for (int i = 0; i < parts.Length; i++) length += parts[i].Length;
            byte[] all = new byte[length];
            int at = 0;
            for (int i = 0; i < parts.Length; i++)
            {
                System.Array.Copy(parts[i], 0, all, at, parts[i].Length);
                at += parts[i].Length;
            }
            return all;
        }

        public static byte[] Slice(byte[] bytes, int offset, int length)
        {
            byte[] part = new byte[length];
            System.Array.Copy(bytes, offset, part, 0, length);
            return part;
        }

        /// <summary>Lower-case hex of a byte range, for comparing digests and encodings as text.</summary>
        public static string Hex(byte[] bytes, int offset, int length)
        {
            char[] digits = HexDigits.ToCharArray();
            char[] text = new char[length * 2];
            for (int i = 0; i < length; i++)
            {
                int b = bytes[offset + i];
                text[2 * i] = digits[b >> 4];
                text[2 * i + 1] = digits[b & 0xF];
            }
            return new string(text);
        }

        public static string Hex(byte[] bytes)
        {
            return Hex(bytes, 0, bytes.Length);
        }

        /// <summary>Hex text (either case) to bytes.</summary>
        public static byte[] FromHex(string hex)
        {
            char[] digits = hex.ToCharArray();
            byte[] bytes = new byte[digits.Length / 2];
            for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)((Digit(digits[2 * i]) << 4) | Digit(digits[2 * i + 1]));
            return bytes;
        }

        /// <summary>ASCII bytes back to text, for comparing what a store or encoder wrote.</summary>
        public static string AsciiText(byte[] bytes, int offset, int length)
        {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) chars[i] = (char)bytes[offset + i];
            return new string(chars);
        }

        private static int Digit(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            throw new System.ArgumentException("not a hex digit: " + c);
        }
    }
}
