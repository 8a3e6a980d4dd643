namespace EdgeNano.Updates
{
    /// <summary>
    /// A decoded package manifest (docs/ota-protocol.md). Preallocated once and refilled by
    /// ManifestParser for each package: a device holds one manifest at a time.
    /// </summary>
    public sealed class UpdateManifest
    {
        /// <summary>Most files one package may carry.</summary>
        public const int MaxFiles = 8;
        /// <summary>Longest file name.</summary>
        public const int MaxNameLength = 32;
        /// <summary>Largest manifest in bytes.</summary>
        public const int MaxBytes = 2048;

        public const int KindApp = 1;
        public const int KindConfig = 2;

        public int Format;
        /// <summary>"major.minor.patch" as written in the manifest.</summary>
        public string Version;
        public string Board;
        public int Sequence;
        public string MinRuntime;
        public bool AllowDowngrade;

        public int FileCount;
        public readonly string[] FileNames = new string[MaxFiles];
        public readonly int[] FileSizes = new int[MaxFiles];
        public readonly int[] FileKinds = new int[MaxFiles];
        /// <summary>File i's SHA-256 is FileHashes[i*32 .. i*32+32).</summary>
        public readonly byte[] FileHashes = new byte[MaxFiles * 32];

        /// <summary>All files' bytes together.</summary>
        public long TotalSize
        {
            get
            {
                long total = 0;
                for (int i = 0; i < FileCount; i++) total += FileSizes[i];
                return total;
            }
        }

        /// <summary>Forgets everything (before parsing the next manifest).</summary>
        public void Clear()
        {
            Format = 0;
            Version = null;
            Board = null;
            Sequence = 0;
            MinRuntime = null;
            AllowDowngrade = false;
            for (int i = 0; i < MaxFiles; i++)
            {
                FileNames[i] = null;
                FileSizes[i] = 0;
                FileKinds[i] = 0;
            }
            System.Array.Clear(FileHashes, 0, FileHashes.Length);
            FileCount = 0;
        }
    }
}
