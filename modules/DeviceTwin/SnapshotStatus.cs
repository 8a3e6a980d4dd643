namespace EdgeNano.DeviceTwin
{
    /// <summary>What became of a snapshot load.</summary>
    public static class SnapshotStatus
    {
        /// <summary>The twin state is now the snapshot's.</summary>
        public const int Loaded = 0;
        /// <summary>Not a snapshot this build can read (bad magic, version, checksum or structure); the store is untouched.</summary>
        public const int Corrupt = 1;
        /// <summary>A valid snapshot holding more rows or text than this store's capacities; the store is untouched.</summary>
        public const int TooLarge = 2;
        /// <summary>Asked from inside an expected-value listener, while a change is being reported; the store is untouched.</summary>
        public const int Refused = 3;

        /// <summary>A name for logs (Enum names are not available on the device).</summary>
        public static string Name(int status)
        {
            switch (status)
            {
                case Loaded: return "loaded";
                case Corrupt: return "corrupt";
                case TooLarge: return "too large";
                case Refused: return "refused";
                default: return "unknown";
            }
        }
    }
}
