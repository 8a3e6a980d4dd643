namespace EdgeNano.Runtime.Storage
{
    /// <summary>
    /// The rule every store applies to keys: 1 to 24 characters of lower-case ASCII letters,
    /// digits, '-' and '_'. A key is a file name on every board: lower case only, because some file
    /// systems ignore case (FAT) and others do not (LittleFS); and since '.' is not allowed, a
    /// store's own helper files ("twin.tmp", "twin.old") can never collide with a key.
    /// </summary>
    public static class StoreKey
    {
        /// <summary>Longest key: keeps file names well inside LittleFS's and FAT's name limits.</summary>
        public const int MaxLength = 24;

        /// <summary>True when the key may be used with any store.</summary>
        public static bool IsValid(string key)
        {
            if (key == null || key.Length == 0 || key.Length > MaxLength) return false;
            for (int i = 0; i < key.Length; i++)
            {
                char c = key[i];
                bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
                if (!allowed) return false;
            }
            return true;
        }
    }
}
