namespace EdgeNano.Updates
{
    /// <summary>
    /// "major.minor.patch" versions (each 0–65535), compared as one packed number. Strict: three
    /// parts of ASCII digits, no signs, spaces, pre-release tags or leading zeros ("1.01.0" is
    /// refused, as in SemVer), so one version has exactly one spelling and two manifests can never
    /// disagree about whether they name the same version.
    /// </summary>
    public static class FirmwareVersion
    {
        /// <summary>The largest value of one part.</summary>
        public const int MaxPart = 65535;

        // "65535" is the longest part a valid version can have.
        private const int MaxPartDigits = 5;

        /// <summary>The packed value (major·2³² + minor·2¹⁶ + patch), or -1 when the text is not a valid version.</summary>
        public static long Parse(string text)
        {
            if (text == null) return -1;
            char[] chars = text.ToCharArray();
            long packed = 0;
            int i = 0;
            for (int part = 0; part < 3; part++)
            {
                if (part > 0)
                {
                    if (i >= chars.Length || chars[i] != '.') return -1;
                    i++;
                }
                int start = i;
                int value = 0;
                while (i < chars.Length && chars[i] >= '0' && chars[i] <= '9')
                {
                    if (i - start == MaxPartDigits) return -1;
                    value = value * 10 + (chars[i] - '0');
                    i++;
                }
                int digits = i - start;
                if (digits == 0 || value > MaxPart) return -1;
                if (digits > 1 && chars[start] == '0') return -1;
                packed = (packed << 16) | (long)value;
            }
            return i == chars.Length ? packed : -1;
        }

        /// <summary>True when text is a valid version.</summary>
        public static bool IsValid(string text)
        {
            return Parse(text) >= 0;
        }

        /// <summary>
        /// Negative when a is older than b, 0 when they are the same version, positive when a is
        /// newer. Text that is not a valid version counts as older than every valid one (and equal
        /// to any other invalid text), so an unreadable running version never blocks an update.
        /// </summary>
        public static int Compare(string a, string b)
        {
            long left = Parse(a);
            long right = Parse(b);
            return left < right ? -1 : (left > right ? 1 : 0);
        }
    }
}
