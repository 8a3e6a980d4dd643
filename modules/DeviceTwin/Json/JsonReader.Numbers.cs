namespace EdgeNano.DeviceTwin.Json
{
    // Numbers and the literals true, false and null.
    public sealed partial class JsonReader
    {
        /// <summary>True when the current number has no fraction and no exponent.</summary>
        public bool IsInteger { get { return _token == JsonToken.Number && _numberIsInteger; } }

        /// <summary>
        /// The current number as an exact int64. False for anything else: a non-number, a number
        /// with a fraction or exponent (even 1.0), or one outside the int64 range.
        /// </summary>
        public bool TryGetInt64(out long value)
        {
            value = 0;
            if (_token != JsonToken.Number || !_numberIsInteger) return false;
            byte[] data = _valueBuffer;
            int i = _valueOffset;
            int end = _valueOffset + _valueLength;
            bool negative = data[i] == (byte)'-';
            if (negative) i++;
            // Accumulate downwards: the negative range is one larger, so long.MinValue fits.
            const long limit = long.MinValue / 10;
            long result = 0;
            for (; i < end; i++)
            {
                int digit = data[i] - '0';
                if (result < limit || (result == limit && digit > 8)) return false;
                result = result * 10 - digit;
            }
            if (!negative)
            {
                if (result == long.MinValue) return false;
                result = -result;
            }
            value = result;
            return true;
        }

        // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? followed by a delimiter or the end.
        private bool ReadNumber()
        {
            byte[] data = _data;
            int end = _end;
            int start = _pos;
            int i = start;
            bool integer = true;
            if (data[i] == (byte)'-')
            {
                i++;
                if (i >= end) return Fail(JsonError.Truncated, i);
            }
            if (data[i] == (byte)'0')
            {
                i++;
                if (i < end && IsDigit(data[i])) return Fail(JsonError.LeadingZero, i - 1);
            }
            else if (IsDigit(data[i]))
            {
                while (i < end && IsDigit(data[i])) i++;
            }
            else return Fail(JsonError.InvalidNumber, i);
            if (i < end && data[i] == (byte)'.')
            {
                integer = false;
                i++;
                if (i >= end) return Fail(JsonError.Truncated, i);
                if (!IsDigit(data[i])) return Fail(JsonError.InvalidNumber, i);
                while (i < end && IsDigit(data[i])) i++;
            }
            if (i < end && (data[i] == (byte)'e' || data[i] == (byte)'E'))
            {
                integer = false;
                i++;
                if (i < end && (data[i] == (byte)'+' || data[i] == (byte)'-')) i++;
                if (i >= end) return Fail(JsonError.Truncated, i);
                if (!IsDigit(data[i])) return Fail(JsonError.InvalidNumber, i);
                while (i < end && IsDigit(data[i])) i++;
            }
            if (i < end && !IsDelimiter(data[i])) return Fail(JsonError.InvalidNumber, i);
            _numberIsInteger = integer;
            _valueBuffer = data;
            _valueOffset = start;
            _valueLength = i - start;
            _pos = i;
            _token = JsonToken.Number;
            _state = AfterValue;
            return true;
        }

        private bool ReadLiteral(int token, byte[] literal)
        {
            byte[] data = _data;
            int i = _pos;
            for (int k = 0; k < literal.Length; k++, i++)
            {
                if (i >= _end) return Fail(JsonError.Truncated, i);
                if (data[i] != literal[k]) return Fail(JsonError.InvalidLiteral, i);
            }
            if (i < _end && !IsDelimiter(data[i])) return Fail(JsonError.InvalidLiteral, i);
            _valueBuffer = data;
            _valueOffset = _pos;
            _valueLength = literal.Length;
            _pos = i;
            _token = token;
            _state = AfterValue;
            return true;
        }

        private static bool IsDigit(byte b)
        {
            return b >= (byte)'0' && b <= (byte)'9';
        }

        // What may follow a number or literal; anything else makes it a bad token.
        private static bool IsDelimiter(byte b)
        {
            return b == (byte)',' || b == (byte)'}' || b == (byte)']' || b == (byte)' '
                || b == (byte)'\n' || b == (byte)'\r' || b == (byte)'\t';
        }
    }
}
