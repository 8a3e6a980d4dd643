namespace EdgeNano.Runtime.Storage
{
    /// <summary>
    /// What became of a store operation. Stores and records never throw on bad bytes or failed
    /// I/O: they return one of these, so the caller can count it, report it and keep its defaults.
    /// </summary>
    public enum StoreResult
    {
        Ok = 0,
        /// <summary>No value under that key (never written, or deleted).</summary>
        Missing = 1,
        /// <summary>The value is larger than the caller's buffer; the reported length says how large.</summary>
        TooLarge = 2,
        /// <summary>The bytes are not a whole, intact record (torn write, bit rot, not a record at all).</summary>
        Corrupt = 3,
        /// <summary>A record of a format version this firmware does not know (written by newer firmware).</summary>
        UnknownVersion = 4,
        /// <summary>The file system refused or failed (flash full, worn, unmounted); nothing was changed.</summary>
        Failed = 5,
        /// <summary>The key is not a short name of lower-case letters, digits, '-' and '_' (see StoreKey).</summary>
        InvalidKey = 6,
    }

    /// <summary>Names for StoreResult values: on nanoFramework Enum.ToString gives the number.</summary>
    public static class StoreResults
    {
        /// <summary>A lower-case name for logs and telemetry.</summary>
        public static string Name(StoreResult result)
        {
            switch (result)
            {
                case StoreResult.Ok: return "ok";
                case StoreResult.Missing: return "missing";
                case StoreResult.TooLarge: return "too-large";
                case StoreResult.Corrupt: return "corrupt";
                case StoreResult.UnknownVersion: return "unknown-version";
                case StoreResult.Failed: return "failed";
                case StoreResult.InvalidKey: return "invalid-key";
                default: return "unknown";
            }
        }
    }
}
