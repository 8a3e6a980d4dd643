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

        // The wire names, indexed by code (None to Last), as strings and as UTF-8 made once.
        private static readonly string[] Names = new string[]
        {
            "", "string", "int", "integer", "float", "boolean", "double", "bytes", "deleted",
        };
        private static readonly byte[][] NameBytes = Utf8Names();
        private static readonly byte[] UnknownName = Json.Utf8.Bytes("unknown");

        /// <summary>The code for a metadata.type name; <see cref="Unknown"/> for a name edgecore does not know.</summary>
        public static int Parse(TwinText name)
        {
            for (int type = None; type <= Last; type++)
            {
                byte[] bytes = NameBytes[type];
                if (Json.Utf8.BytesEqual(name.Bytes, name.Offset, name.Length, bytes, 0, bytes.Length)) return type;
            }
            return Unknown;
        }

        /// <summary>Parse for a name given as a string (compared whole, so nothing is encoded or allocated).</summary>
        public static int Parse(string name)
        {
            if (name == null) return Unknown;
            for (int type = None; type <= Last; type++)
            {
                if (name == Names[type]) return type;
            }
            return Unknown;
        }

        /// <summary>The wire name of a type code (what metadata.type carries).</summary>
        public static string Name(int type)
        {
            return type >= None && type <= Last ? Names[type] : "unknown";
        }

        /// <summary>The wire name of a type code as UTF-8 (shared: the caller must not change it).</summary>
        public static byte[] Utf8Name(int type)
        {
            return type >= None && type <= Last ? NameBytes[type] : UnknownName;
        }

        private static byte[][] Utf8Names()
        {
            byte[][] names = new byte[Names.Length][];
            for (int type = 0; type < names.Length; type++) names[type] = Json.Utf8.Bytes(Names[type]);
            return names;
        }
    }
}
