namespace EdgeNano.DeviceTwin
{
    /// <summary>
    /// The validation edgecore applies to twin updates (dtcommon.ValidateTwinKey,
    /// ValidateTwinValue, ValidateValue), checked by hand because nanoFramework has no Regex.
    /// </summary>
    public static class TwinRules
    {
        /// <summary>Longest key edgecore accepts: ^[a-zA-Z0-9-_.,:/@#]{1,128}$.</summary>
        public const int MaxKeyLength = 128;
        /// <summary>Longest non-empty value edgecore accepts: ^[a-zA-Z0-9-_.,:/@#]{1,512}$.</summary>
        public const int MaxValueLength = 512;

        /// <summary>A key matches ^[a-zA-Z0-9-_.,:/@#]{1,128}$.</summary>
        public static bool IsValidKey(TwinText key)
        {
            return Matches(key, MaxKeyLength);
        }

        /// <summary>
        /// A value is either empty (edgecore skips the pattern for "") or matches
        /// ^[a-zA-Z0-9-_.,:/@#]{1,512}$: no spaces, '+', quotes or JSON.
        /// </summary>
        public static bool IsValidValue(TwinText value)
        {
            return value.Length == 0 || Matches(value, MaxValueLength);
        }

        /// <summary>
        /// Whether a value parses as the type (edgecore's ValidateValue): null when it does,
        /// else edgecore's reason. int/integer follow Go's strconv.ParseInt(v, 10, 64), float
        /// Go's strconv.ParseFloat(v, 64), boolean only "true" or "false"; string and the empty
        /// type accept anything; double and bytes accept nothing (edgecore has no rule for them).
        /// </summary>
        public static string CheckValueType(int type, TwinText value)
        {
            switch (type)
            {
                case TwinType.None:
                case TwinType.String:
                case TwinType.Deleted:
                    return null;
                case TwinType.Int:
                case TwinType.Integer:
                    return GoNumberSyntax.IsInt64(value) ? null : TwinReasons.NotInt;
                case TwinType.Float:
                    return GoNumberSyntax.IsFloat64(value) ? null : TwinReasons.NotFloat;
                case TwinType.Boolean:
                    return value.Is("true") || value.Is("false") ? null : TwinReasons.NotBoolean;
                default:
                    return TwinReasons.TypeNotAllowed;
            }
        }

        private static bool Matches(TwinText text, int maxLength)
        {
            if (text.Length < 1 || text.Length > maxLength) return false;
            for (int i = 0; i < text.Length; i++)
            {
                if (!IsAllowed(text.CharAt(i))) return false;
            }
            return true;
        }

        // The class [a-zA-Z0-9-_.,:/@#]: in Go's (Perl-flavoured) syntax the '-' after 0-9 is a
        // literal, so the set is letters, digits and - _ . , : / @ #.
        private static bool IsAllowed(int c)
        {
            if (c >= 'a' && c <= 'z') return true;
            if (c >= 'A' && c <= 'Z') return true;
            if (c >= '0' && c <= '9') return true;
            return c == '-' || c == '_' || c == '.' || c == ',' || c == ':' || c == '/' || c == '@' || c == '#';
        }
    }
}
