namespace EdgeNano.DeviceTwin.Json
{
    /// <summary>
    /// The kinds of token <see cref="JsonReader"/> produces. Constants rather than an enum,
    /// because an enum's ToString gives a number on the device.
    /// </summary>
    public static class JsonToken
    {
        public const int None = 0;
        public const int StartObject = 1;
        public const int EndObject = 2;
        public const int StartArray = 3;
        public const int EndArray = 4;
        public const int PropertyName = 5;
        public const int String = 6;
        public const int Number = 7;
        public const int True = 8;
        public const int False = 9;
        public const int Null = 10;

        /// <summary>The token kind's name, for logs and test messages.</summary>
        public static string Name(int token)
        {
            switch (token)
            {
                case StartObject: return "StartObject";
                case EndObject: return "EndObject";
                case StartArray: return "StartArray";
                case EndArray: return "EndArray";
                case PropertyName: return "PropertyName";
                case String: return "String";
                case Number: return "Number";
                case True: return "True";
                case False: return "False";
                case Null: return "Null";
                default: return "None";
            }
        }
    }
}
