namespace EdgeNano.DeviceTwin.Wire
{
    /// <summary>
    /// Why a well-formed JSON payload is still not a twin message. Malformed JSON reports a
    /// <see cref="Json.JsonError"/> constant instead.
    /// </summary>
    public static class TwinWireError
    {
        public const string NotAnObject = "the payload is not a JSON object";
        public const string WrongType = "a known field has the wrong JSON type";
        public const string NotAnInt64 = "a number field is not an int64";
        public const string TooManyEntries = "more twin properties, delta entries or devices than the message holds";
        public const string PayloadTooLarge = "payload larger than the message's text arena";
    }
}
