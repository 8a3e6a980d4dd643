namespace EdgeNano.DeviceTwin.Wire
{
    /// <summary>
    /// Whether a field was on the wire, and how. The protocol gives null its own meaning (a
    /// property set to null is deleted; expected/actual may be null), so a decoded field is
    /// one of three things, not two.
    /// </summary>
    public static class Presence
    {
        /// <summary>The field was not in the payload.</summary>
        public const int Absent = 0;
        /// <summary>The field was written as JSON null.</summary>
        public const int Null = 1;
        /// <summary>The field carried a value.</summary>
        public const int Value = 2;

        /// <summary>The constant's name, for logs and test messages.</summary>
        public static string Name(int presence)
        {
            if (presence == Null) return "null";
            if (presence == Value) return "value";
            return "absent";
        }
    }
}
