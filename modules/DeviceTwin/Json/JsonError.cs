namespace EdgeNano.DeviceTwin.Json
{
    /// <summary>
    /// Why a JSON payload was refused. Constant strings, so reporting an error never allocates;
    /// compare by reference or by value.
    /// </summary>
    public static class JsonError
    {
        public const string Truncated = "unexpected end of input";
        public const string PayloadTooLarge = "payload larger than the configured maximum";
        public const string TooDeep = "nesting deeper than the configured maximum";
        public const string InvalidCharacter = "invalid character";
        public const string CommentsNotAllowed = "comments are not allowed";
        public const string TrailingComma = "trailing comma";
        public const string ExpectedPropertyName = "expected a property name";
        public const string ExpectedColon = "expected ':' after a property name";
        public const string ExpectedCommaOrEndObject = "expected ',' or '}'";
        public const string ExpectedCommaOrEndArray = "expected ',' or ']'";
        public const string DataAfterRoot = "data after the root value";
        public const string InvalidNumber = "invalid number";
        public const string LeadingZero = "leading zero in a number";
        public const string InvalidLiteral = "invalid literal";
        public const string ControlCharacter = "control character in a string";
        public const string InvalidEscape = "invalid escape sequence";
        public const string LoneSurrogate = "lone surrogate in a \\u escape";
        public const string InvalidUtf8 = "invalid UTF-8";
        public const string StringTooLong = "string longer than the reader's scratch buffer";
    }
}
