namespace EdgeNano.Board
{
    /// <summary>
    /// What a pin does for a twin property. Constants, not an enum: on the device an enum's
    /// ToString gives a number, and these names appear in board files and error messages.
    /// </summary>
    public static class PinKind
    {
        /// <summary>A digital input reported as a boolean twin property.</summary>
        public const int Input = 1;
        /// <summary>A pulse counter reported as an int twin property (and optionally a rate).</summary>
        public const int Counter = 2;
        /// <summary>A digital output driven by a desired boolean, reported back as read.</summary>
        public const int Output = 3;

        /// <summary>The board-file word for a kind.</summary>
        public static string Name(int kind)
        {
            switch (kind)
            {
                case Input: return "input";
                case Counter: return "counter";
                case Output: return "output";
                default: return "unknown";
            }
        }

        /// <summary>The kind a board-file word names, or 0.</summary>
        public static int Parse(string word)
        {
            if (word == "input") return Input;
            if (word == "counter") return Counter;
            if (word == "output") return Output;
            return 0;
        }

        /// <summary>The KubeEdge twin type (metadata.type) a kind reports.</summary>
        public static string TwinType(int kind)
        {
            return kind == Counter ? "int" : "boolean";
        }
    }
}
