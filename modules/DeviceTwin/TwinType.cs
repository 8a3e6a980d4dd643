namespace EdgeNano.DeviceTwin
{
    /// <summary>
    /// The value types a twin property carries in metadata.type, as small codes (an enum would
    /// print as a number on the device). The names are KubeEdge's: int and integer are both kept
    /// so a get result echoes what the cloud sent. double and bytes are device-model types the
    /// cloud may send; edgecore stores them but accepts no value for them, and so does EdgeNano.
    /// </summary>
    public static class TwinType
    {
        /// <summary>A name edgecore does not know.</summary>
        public const int Unknown = -1;
        /// <summary>metadata present with an empty type: accepts any valid value, like string.</summary>
        public const int None = 0;
        public const int String = 1;
        public const int Int = 2;
        public const int Integer = 3;
        public const int Float = 4;
        public const int Boolean = 5;
        public const int Double = 6;
        public const int Bytes = 7;
        /// <summary>The row of a deleted property: kept so versions survive, skipped by get and delta.</summary>
        public const int Deleted = 8;

        /// <summary>Highest valid code (snapshots check stored codes against it).</summary>
        public const int Last = Deleted;

        /// <summary>The code for a metadata.type name; <see cref="Unknown"/> for a name edgecore does not know.</summary>
        public static int Parse(TwinText name)
        {
            if (name.Length == 0) return None;
            if (name.Is("string")) return String;
            if (name.Is("int")) return Int;
            if (name.Is("integer")) return Integer;
            if (name.Is("float")) return Float;
            if (name.Is("boolean")) return Boolean;
            if (name.Is("double")) return Double;
            if (name.Is("bytes")) return Bytes;
            if (name.Is("deleted")) return Deleted;
            return Unknown;
        }

        /// <summary>The wire name of a type code (what metadata.type carries).</summary>
        public static string Name(int type)
        {
            switch (type)
            {
                case None: return "";
                case String: return "string";
                case Int: return "int";
                case Integer: return "integer";
                case Float: return "float";
                case Boolean: return "boolean";
                case Double: return "double";
                case Bytes: return "bytes";
                case Deleted: return "deleted";
                default: return "unknown";
            }
        }
    }
}
