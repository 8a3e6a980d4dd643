namespace EdgeNano.Board
{
    /// <summary>
    /// Kubernetes' rules (k8s.io/apimachinery's validation) for the names a board's devices get in
    /// a cluster. `edgenano kube export` makes a device id "namespace/name" a Device called name in
    /// that namespace and a DeviceModel called name + "-model", which is also the Device's "model"
    /// label value; the board id is its "edgenano.io/board" label value. A board the validator
    /// passes therefore registers as it is, and its ids stay within KubeEdge's key characters.
    /// </summary>
    public static class KubeNames
    {
        /// <summary>The longest namespace (DNS-1123 label) and label value.</summary>
        public const int MaxLabel = 63;
        /// <summary>The longest object name (DNS-1123 subdomain).</summary>
        public const int MaxSubdomain = 253;
        /// <summary>What a device's DeviceModel adds to the device's name.</summary>
        public const string ModelSuffix = "-model";

        public const string NamespaceRule = "up to 63 lowercase letters, digits and '-', starting and ending with a letter or digit";
        public const string SubdomainRule = "lowercase letters, digits, '-' and '.', each part between dots starting and ending with a letter or digit";
        public const string LabelValueRule = "up to 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit";

        /// <summary>The name of a device's DeviceModel.</summary>
        public static string ModelName(string name)
        {
            return name + ModelSuffix;
        }

        /// <summary>A namespace name: a DNS-1123 label (<see cref="NamespaceRule"/>).</summary>
        public static bool IsNamespace(string text)
        {
            return text.Length <= MaxLabel && IsDnsLabel(text.ToCharArray(), 0, text.Length);
        }

        /// <summary>An object name: a DNS-1123 subdomain (<see cref="SubdomainRule"/>), at most 253 characters.</summary>
        public static bool IsSubdomain(string text)
        {
            if (text.Length > MaxSubdomain) return false;
            char[] chars = text.ToCharArray();
            int start = 0;
            for (int i = 0; i <= chars.Length; i++)
            {
                if (i < chars.Length && chars[i] != '.') continue;
                if (!IsDnsLabel(chars, start, i - start)) return false;
                start = i + 1;
            }
            return true;
        }

        /// <summary>A label value (<see cref="LabelValueRule"/>); the empty one too.</summary>
        public static bool IsLabelValue(string text)
        {
            if (text.Length > MaxLabel) return false;
            char[] chars = text.ToCharArray();
            if (chars.Length == 0) return true;
            if (!IsAlphanumeric(chars[0]) || !IsAlphanumeric(chars[chars.Length - 1])) return false;
            for (int i = 1; i < chars.Length - 1; i++)
            {
                char c = chars[i];
                if (!IsAlphanumeric(c) && c != '-' && c != '_' && c != '.') return false;
            }
            return true;
        }

        /// <summary>Why Kubernetes cannot name a device with this id, or null when it can.</summary>
        public static string DeviceIdProblem(string id)
        {
            int slash = id.IndexOf('/');
            if (slash < 0 || id.IndexOf('/', slash + 1) >= 0) return "'" + id + "' is not \"namespace/name\"";
            string ns = id.Substring(0, slash);
            string name = id.Substring(slash + 1);
            string problem;
            if (!IsNamespace(ns)) problem = "the namespace '" + ns + "' must be " + NamespaceRule;
            else if (!IsSubdomain(name)) problem = "the name '" + name + "' must be " + SubdomainRule;
            else if (!IsLabelValue(ModelName(name)))
                problem = "the name has " + name.Length.ToString() + " characters; at most " + (MaxLabel - ModelSuffix.Length).ToString() +
                          " fit, as kube export labels the device with its model '<name>" + ModelSuffix + "' and a label value holds " + MaxLabel.ToString();
            else return null;
            return "'" + id + "' is not \"namespace/name\" as Kubernetes names them: " + problem;
        }

        // a-z, 0-9 and '-', starting and ending with a letter or digit; not empty.
        private static bool IsDnsLabel(char[] chars, int start, int length)
        {
            if (length == 0) return false;
            int end = start + length - 1;
            if (!IsLowerAlphanumeric(chars[start]) || !IsLowerAlphanumeric(chars[end])) return false;
            for (int i = start + 1; i < end; i++)
            {
                if (!IsLowerAlphanumeric(chars[i]) && chars[i] != '-') return false;
            }
            return true;
        }

        private static bool IsLowerAlphanumeric(char c)
        {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        }

        private static bool IsAlphanumeric(char c)
        {
            return IsLowerAlphanumeric(c) || (c >= 'A' && c <= 'Z');
        }
    }
}
