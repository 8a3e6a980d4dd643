namespace EdgeNano.DeviceTwin.Json
{
    // Strings: scanning, unescaping into the scratch buffer, UTF-8 validation, and the
    // allocation-free ways to look at the current string.
    public sealed partial class JsonReader
    {
        /// <summary>True when the current string or property name equals an ASCII literal.</summary>
        public bool ValueEquals(string ascii)
        {
            return Utf8.EqualsAscii(_valueBuffer, _valueOffset, _valueLength, ascii);
        }

        /// <summary>True when the current string or property name equals the given UTF-8 bytes.</summary>
        public bool ValueEquals(byte[] bytes, int offset, int length)
        {
            return Utf8.BytesEqual(_valueBuffer, _valueOffset, _valueLength, bytes, offset, length);
        }

        /// <summary>Copies the current value's bytes to destination; their count, or -1 (nothing copied) when they do not fit.</summary>
        public int CopyValue(byte[] destination, int offset)
        {
            if (offset < 0 || destination.Length - offset < _valueLength) return -1;
            System.Array.Copy(_valueBuffer, _valueOffset, destination, offset, _valueLength);
            return _valueLength;
        }

        /// <summary>The current value as a new string: for tests and logs, it allocates.</summary>
        public string GetString()
        {
            return Utf8.ToString(_valueBuffer, _valueOffset, _valueLength);
        }

        // 1 for bytes that stand for themselves inside a string: not '"', '\\', a control
        // character or the start of a multi-byte UTF-8 sequence.
        private static readonly byte[] PlainStringBytes = PlainStringTable();

        private static byte[] PlainStringTable()
        {
            byte[] table = new byte[256];
            for (int b = 0x20; b < 0x80; b++) table[b] = 1;
            table['"'] = 0;
            table['\\'] = 0;
            return table;
        }

        // At the opening quote. Leaves the value pointing at the input when the string has no
        // escapes (the common case), otherwise at the unescaped copy in scratch.
        private bool ReadString()
        {
            byte[] data = _data;
            int end = _end;
            int start = _pos + 1;
            int i = start;
            byte[] plain = PlainStringBytes;
            while (true)
            {
                // Most bytes are plain ASCII: one table look-up each instead of four comparisons.
                while (i < end && plain[data[i]] != 0) i++;
                if (i >= end) return Fail(JsonError.Truncated, i);
                byte c = data[i];
                if (c == (byte)'"')
                {
                    _valueBuffer = data;
                    _valueOffset = start;
                    _valueLength = i - start;
                    _pos = i + 1;
                    return true;
                }
                if (c == (byte)'\\') break;
                if (c < 0x20) return Fail(JsonError.ControlCharacter, i);
                int n = Utf8.SequenceLength(data, i, end);
                if (n == 0) return Fail(JsonError.InvalidUtf8, i);
                i += n;
            }
            return Unescape(start, i);
        }

        // The string from start has an escape at i: copy what came before, then decode the rest.
        // In place (no scratch) the text before i is already where it belongs, and the decoded
        // bytes go over the escaped ones: w never passes i, as no escape decodes longer than itself.
        private bool Unescape(int start, int i)
        {
            byte[] data = _data;
            byte[] scratch = _scratch;
            int end = _end;
            int first = 0;
            int w = i - start;
            int limit;
            if (scratch == null)
            {
                scratch = data;
                first = start;
                w = i;
                limit = end;
            }
            else
            {
                limit = scratch.Length;
                if (w > limit) return Fail(JsonError.StringTooLong, i);
                System.Array.Copy(data, start, scratch, 0, w);
            }
            while (true)
            {
                if (i >= end) return Fail(JsonError.Truncated, i);
                byte c = data[i];
                if (c == (byte)'"') break;
                if (c == (byte)'\\')
                {
                    if (i + 1 >= end) return Fail(JsonError.Truncated, end);
                    byte e = data[i + 1];
                    int decoded;
                    switch (e)
                    {
                        case (byte)'"': decoded = '"'; break;
                        case (byte)'\\': decoded = '\\'; break;
                        case (byte)'/': decoded = '/'; break;
                        case (byte)'b': decoded = 8; break;
                        case (byte)'f': decoded = 12; break;
                        case (byte)'n': decoded = 10; break;
                        case (byte)'r': decoded = 13; break;
                        case (byte)'t': decoded = 9; break;
                        case (byte)'u': decoded = -1; break;
                        default: return Fail(JsonError.InvalidEscape, i);
                    }
                    if (decoded >= 0)
                    {
                        if (w >= limit) return Fail(JsonError.StringTooLong, i);
                        scratch[w++] = (byte)decoded;
                        i += 2;
                        continue;
                    }
                    int codePoint = ReadHex4(i + 2);
                    if (codePoint < 0) return false;
                    int escapeAt = i;
                    i += 6;
                    if (codePoint >= 0xDC00 && codePoint <= 0xDFFF) return Fail(JsonError.LoneSurrogate, escapeAt);
                    if (codePoint >= 0xD800 && codePoint <= 0xDBFF)
                    {
                        if (i + 1 >= end) return Fail(JsonError.Truncated, end);
                        if (data[i] != (byte)'\\' || data[i + 1] != (byte)'u') return Fail(JsonError.LoneSurrogate, escapeAt);
                        int low = ReadHex4(i + 2);
                        if (low < 0) return false;
                        if (low < 0xDC00 || low > 0xDFFF) return Fail(JsonError.LoneSurrogate, escapeAt);
                        codePoint = 0x10000 + ((codePoint - 0xD800) << 10) + (low - 0xDC00);
                        i += 6;
                    }
                    int written = Utf8.WriteCodePoint(codePoint, scratch, w);
                    if (written == 0) return Fail(JsonError.StringTooLong, escapeAt);
                    w += written;
                    continue;
                }
                if (c < 0x20) return Fail(JsonError.ControlCharacter, i);
                int n = 1;
                if (c >= 0x80)
                {
                    n = Utf8.SequenceLength(data, i, end);
                    if (n == 0) return Fail(JsonError.InvalidUtf8, i);
                }
                if (w + n > limit) return Fail(JsonError.StringTooLong, i);
                for (int k = 0; k < n; k++) scratch[w++] = data[i + k];
                i += n;
            }
            _valueBuffer = scratch;
            _valueOffset = first;
            _valueLength = w - first;
            _pos = i + 1;
            return true;
        }

        // Four hex digits at position; the value, or -1 after failing.
        private int ReadHex4(int position)
        {
            int value = 0;
            for (int k = 0; k < 4; k++)
            {
                if (position + k >= _end)
                {
                    Fail(JsonError.Truncated, _end);
                    return -1;
                }
                int digit = HexValue(_data[position + k]);
                if (digit < 0)
                {
                    Fail(JsonError.InvalidEscape, position + k);
                    return -1;
                }
                value = (value << 4) | digit;
            }
            return value;
        }

        private static int HexValue(byte b)
        {
            if (b >= (byte)'0' && b <= (byte)'9') return b - '0';
            if (b >= (byte)'a' && b <= (byte)'f') return b - 'a' + 10;
            if (b >= (byte)'A' && b <= (byte)'F') return b - 'A' + 10;
            return -1;
        }
    }
}
