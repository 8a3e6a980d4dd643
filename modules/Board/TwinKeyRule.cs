namespace EdgeNano.Board
{
    /// <summary>
    /// KubeEdge's rule for twin property keys (^[a-zA-Z0-9-_.,:/@#]{1,128}$) and its list of
    /// twin types, so a board file cannot bind a property devicetwin would refuse.
    /// Stands in until devicetwin's own TwinRules is on main; then the validator calls that.
    /// </summary>
    internal static class TwinKeyRule
    {
        public const string Pattern = "^[a-zA-Z0-9-_.,:/@#]{1,128}$";

        public static bool IsValidKey(string key)
        {
            if (key == null || key.Length == 0 || key.Length > 128) return false;
            for (int i = 0; i < key.Length; i++)
            {
                char c = key[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == ',' || c == ':' || c == '/' || c == '@' || c == '#';
                if (!ok) return false;
            }
            return true;
        }

        public static bool IsKubeEdgeType(string type)
        {
            return type == "string" || type == "int" || type == "integer" || type == "float" || type == "boolean";
        }
    }
}
