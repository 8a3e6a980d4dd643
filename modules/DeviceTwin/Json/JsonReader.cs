namespace EdgeNano.DeviceTwin.Json
{
    /// <summary>
    /// A strict RFC 8259 pull tokenizer over a caller's byte segment, meant to accept and refuse
    /// exactly what System.Text.Json's default reader does (no comments, no trailing commas,
    /// no leading zeros, valid escapes and UTF-8 only). It allocates nothing after construction.
    /// Bad input never throws: <see cref="Read"/> returns false and <see cref="Error"/> and
    /// <see cref="ErrorPosition"/> say why and where.
    /// </summary>
    public sealed partial class JsonReader
    {
        /// <summary>The nesting limit used by the parameterless constructor.</summary>
        public const int DefaultMaxDepth = 8;
        /// <summary>The payload limit used by the parameterless constructor.</summary>
        public const int DefaultMaxPayload = 4096;

        // Where the reader is in the grammar; what the next Read may accept.
        private const int ExpectRootValue = 0;
        private const int ExpectFirstProperty = 1;  // after '{': a name or '}'
        private const int ExpectProperty = 2;       // after ',' in an object: a name only
        private const int ExpectColon = 3;          // after a name
        private const int ExpectFirstItem = 4;      // after '[': a value or ']'
        private const int ExpectItem = 5;           // after ',' in an array: a value only
        private const int AfterValue = 6;           // ',' or the closing bracket, or end at the root
        private const int Finished = 7;
        private const int Failed = 8;

        private readonly int _maxDepth;
        private readonly int _maxPayload;
        private readonly bool[] _inArray;
        private readonly byte[] _scratch;

        private byte[] _data;
        private int _begin;
        private int _end;
        private int _pos;
        private int _depth;
        private int _state;

        private int _token;
        private int _tokenPosition;
        private byte[] _valueBuffer;
        private int _valueOffset;
        private int _valueLength;
        private bool _numberIsInteger;

        private string _error;
        private int _errorPosition;

        /// <summary>A reader with nesting limit 8 and payload limit 4096 bytes.</summary>
        public JsonReader() : this(DefaultMaxDepth, DefaultMaxPayload)
        {
        }

        /// <summary>
        /// A reader with its own limits. The scratch buffer for unescaped strings is as large as
        /// the payload limit, since an unescaped string is never longer than its JSON text.
        /// </summary>
        public JsonReader(int maxDepth, int maxPayload) : this(maxDepth, maxPayload, maxPayload)
        {
        }

        /// <summary>
        /// A reader with a smaller scratch buffer, to save heap: only strings with escapes are
        /// copied there (others are read in place), and one whose unescaped text is longer
        /// than maxEscapedString bytes is refused with <see cref="JsonError.StringTooLong"/>.
        /// </summary>
        public JsonReader(int maxDepth, int maxPayload, int maxEscapedString)
            : this(maxDepth, maxPayload, maxEscapedString, false)
        {
        }

        /// <summary>
        /// A reader that unescapes strings over their own JSON text in the caller's buffer, so it
        /// needs no scratch buffer: an unescaped string is never longer than its escaped text,
        /// and the bytes written never overtake the bytes still to be read. Every string value is
        /// then in the input buffer. The input is changed where strings had escapes, so it is for
        /// a caller that owns the payload and reads it once (devicetwin's decoding).
        /// </summary>
        public static JsonReader InPlace(int maxDepth, int maxPayload)
        {
            return new JsonReader(maxDepth, maxPayload, 1, true);
        }

        private JsonReader(int maxDepth, int maxPayload, int maxEscapedString, bool inPlace)
        {
            if (maxDepth < 1) throw new System.ArgumentOutOfRangeException("maxDepth");
            if (maxPayload < 1) throw new System.ArgumentOutOfRangeException("maxPayload");
            if (maxEscapedString < 1) throw new System.ArgumentOutOfRangeException("maxEscapedString");
            _maxDepth = maxDepth;
            _maxPayload = maxPayload;
            _inArray = new bool[maxDepth];
            _scratch = inPlace ? null : new byte[maxEscapedString];
            _data = NoInput;
            _state = Finished;
        }

        private static readonly byte[] NoInput = new byte[0];

        /// <summary>True when strings with escapes are unescaped in the input itself (<see cref="InPlace"/>).</summary>
        public bool UnescapesInPlace { get { return _scratch == null; } }

        /// <summary>Containers that may nest; one more is refused with <see cref="JsonError.TooDeep"/>.</summary>
        public int MaxDepth { get { return _maxDepth; } }
        /// <summary>The longest segment Reset accepts, in bytes.</summary>
        public int MaxPayload { get { return _maxPayload; } }

        /// <summary>
        /// Starts reading buffer[offset .. offset+length). False (and the first Read fails with
        /// <see cref="JsonError.PayloadTooLarge"/>) when the segment exceeds the payload limit.
        /// </summary>
        public bool Reset(byte[] buffer, int offset, int length)
        {
            if (buffer == null) throw new System.ArgumentNullException("buffer");
            if (offset < 0 || length < 0 || offset + length > buffer.Length) throw new System.ArgumentOutOfRangeException("length");
            _data = buffer;
            _begin = offset;
            _end = offset + length;
            _pos = offset;
            _depth = 0;
            _state = ExpectRootValue;
            _token = JsonToken.None;
            _tokenPosition = 0;
            _valueBuffer = buffer;
            _valueOffset = offset;
            _valueLength = 0;
            _error = null;
            _errorPosition = 0;
            if (length > _maxPayload)
            {
                Fail(JsonError.PayloadTooLarge, offset + _maxPayload);
                return false;
            }
            return true;
        }

        /// <summary>The current token, a <see cref="JsonToken"/> constant.</summary>
        public int TokenType { get { return _token; } }

        /// <summary>Where the current token starts, counted from the segment's offset.</summary>
        public int TokenPosition { get { return _tokenPosition - _begin; } }

        /// <summary>Containers open around the current position (a StartObject counts itself).</summary>
        public int Depth { get { return _depth; } }

        /// <summary>Why reading stopped, a <see cref="JsonError"/> constant; null while the input is good.</summary>
        public string Error { get { return _error; } }

        /// <summary>The byte where the error was found, counted from the segment's offset.</summary>
        public int ErrorPosition { get { return _errorPosition - _begin; } }

        /// <summary>True once the root value was read and nothing but whitespace followed it.</summary>
        public bool IsFinished { get { return _state == Finished && _error == null; } }

        /// <summary>
        /// The bytes of the current string or property name (unescaped, UTF-8) or number (as
        /// written). A string without escapes is read in place from the input, one with escapes
        /// from the reader's scratch buffer (or, <see cref="InPlace"/>, from the input too);
        /// either is valid until the next Read.
        /// </summary>
        public byte[] ValueBuffer { get { return _valueBuffer; } }
        /// <summary>Where the current value starts in <see cref="ValueBuffer"/>.</summary>
        public int ValueOffset { get { return _valueOffset; } }
        /// <summary>The current value's length in bytes.</summary>
        public int ValueLength { get { return _valueLength; } }

        /// <summary>
        /// Moves to the next token. False at the end of a well-formed document (Error null) or on
        /// bad input (Error set, and every later Read is false too).
        /// </summary>
        public bool Read()
        {
            if (_state >= Finished) return false;
            SkipWhitespace();
            int state = _state;
            if (state == AfterValue)
            {
                if (_depth == 0)
                {
                    if (_pos < _end) return Fail(JsonError.DataAfterRoot, _pos);
                    _state = Finished;
                    _token = JsonToken.None;
                    return false;
                }
                if (_pos >= _end) return Fail(JsonError.Truncated, _pos);
                byte next = _data[_pos];
                bool inArray = _inArray[_depth - 1];
                if (next == (byte)',')
                {
                    _pos++;
                    SkipWhitespace();
                    state = inArray ? ExpectItem : ExpectProperty;
                }
                else if (inArray && next == (byte)']') return CloseContainer(JsonToken.EndArray);
                else if (!inArray && next == (byte)'}') return CloseContainer(JsonToken.EndObject);
                else return Fail(inArray ? JsonError.ExpectedCommaOrEndArray : JsonError.ExpectedCommaOrEndObject, _pos);
            }
            if (_pos >= _end) return Fail(JsonError.Truncated, _pos);
            byte b = _data[_pos];
            switch (state)
            {
                case ExpectFirstProperty:
                    if (b == (byte)'}') return CloseContainer(JsonToken.EndObject);
                    if (b == (byte)'"') return ReadPropertyName();
                    return Fail(b == (byte)'/' ? JsonError.CommentsNotAllowed : JsonError.ExpectedPropertyName, _pos);
                case ExpectProperty:
                    if (b == (byte)'"') return ReadPropertyName();
                    if (b == (byte)'}') return Fail(JsonError.TrailingComma, _pos);
                    return Fail(b == (byte)'/' ? JsonError.CommentsNotAllowed : JsonError.ExpectedPropertyName, _pos);
                case ExpectColon:
                    if (b != (byte)':') return Fail(b == (byte)'/' ? JsonError.CommentsNotAllowed : JsonError.ExpectedColon, _pos);
                    _pos++;
                    SkipWhitespace();
                    if (_pos >= _end) return Fail(JsonError.Truncated, _pos);
                    return ReadValue();
                case ExpectFirstItem:
                    if (b == (byte)']') return CloseContainer(JsonToken.EndArray);
                    return ReadValue();
                case ExpectItem:
                    if (b == (byte)']') return Fail(JsonError.TrailingComma, _pos);
                    return ReadValue();
                default:
                    return ReadValue();
            }
        }

        /// <summary>
        /// Skips the current value whole: on a property name, its value; on a start token, up to
        /// and including the matching end token; on a scalar, nothing. False on bad input.
        /// </summary>
        public bool Skip()
        {
            if (_token == JsonToken.PropertyName && !Read()) return false;
            if (_token != JsonToken.StartObject && _token != JsonToken.StartArray) return _error == null;
            int outside = _depth - 1;
            while (_depth > outside)
            {
                if (!Read()) return false;
            }
            return true;
        }

        private bool ReadValue()
        {
            byte b = _data[_pos];
            _tokenPosition = _pos;
            if (b == (byte)'"')
            {
                if (!ReadString()) return false;
                _token = JsonToken.String;
                _state = AfterValue;
                return true;
            }
            if (b == (byte)'{' || b == (byte)'[')
            {
                if (_depth == _maxDepth) return Fail(JsonError.TooDeep, _pos);
                bool isArray = b == (byte)'[';
                _inArray[_depth] = isArray;
                _depth++;
                _pos++;
                _token = isArray ? JsonToken.StartArray : JsonToken.StartObject;
                _state = isArray ? ExpectFirstItem : ExpectFirstProperty;
                _valueLength = 0;
                return true;
            }
            if (b == (byte)'-' || (b >= (byte)'0' && b <= (byte)'9')) return ReadNumber();
            if (b == (byte)'t') return ReadLiteral(JsonToken.True, JsonLiterals.True);
            if (b == (byte)'f') return ReadLiteral(JsonToken.False, JsonLiterals.False);
            if (b == (byte)'n') return ReadLiteral(JsonToken.Null, JsonLiterals.Null);
            return Fail(b == (byte)'/' ? JsonError.CommentsNotAllowed : JsonError.InvalidCharacter, _pos);
        }

        private bool ReadPropertyName()
        {
            _tokenPosition = _pos;
            if (!ReadString()) return false;
            _token = JsonToken.PropertyName;
            _state = ExpectColon;
            return true;
        }

        private bool CloseContainer(int token)
        {
            _tokenPosition = _pos;
            _pos++;
            _depth--;
            _token = token;
            _state = AfterValue;
            _valueLength = 0;
            return true;
        }

        private void SkipWhitespace()
        {
            byte[] data = _data;
            int end = _end;
            int pos = _pos;
            // Compact JSON has no whitespace at all: leave at once on a byte above ' '.
            if (pos < end && data[pos] > (byte)' ') return;
            while (pos < end)
            {
                byte b = data[pos];
                if (b != (byte)' ' && b != (byte)'\n' && b != (byte)'\r' && b != (byte)'\t') break;
                pos++;
            }
            _pos = pos;
        }

        private bool Fail(string reason, int position)
        {
            _error = reason;
            _errorPosition = position;
            _state = Failed;
            _token = JsonToken.None;
            _valueLength = 0;
            return false;
        }
    }
}
