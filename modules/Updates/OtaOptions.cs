namespace EdgeNano.Updates
{
    /// <summary>The updates module's settings (settings.json otaKeys, otaBlockSize, ...), fixed at start-up.</summary>
    public sealed class OtaOptions
    {
        /// <summary>Most trusted keys (two, so a key can be rotated).</summary>
        public const int MaxKeys = 2;
        /// <summary>Bytes of an uncompressed P-256 public key (0x04 ‖ X ‖ Y).</summary>
        public const int KeyLength = 65;

        /// <summary>Trusted ECDSA P-256 public keys, 65 bytes each; at least one, or the board has no updates module.</summary>
        public byte[][] Keys = new byte[0][];
        /// <summary>Bytes asked for per block request (the server may not send more).</summary>
        public int BlockSize = 4096;
        /// <summary>How long a request waits for its answer before it is asked again; doubles per retry.</summary>
        public int RequestTimeoutMs = 5000;
        /// <summary>Retries of one request before the transfer ends as failed, stalled.</summary>
        public int MaxRetries = 8;
        /// <summary>How long a version on trial has to connect and resync before it is rolled back.</summary>
        public int HealthTimeoutMs = 60000;
        /// <summary>The block bitmap is saved every this many blocks (and at the end), so a reboot resumes.</summary>
        public int SaveEveryBlocks = 8;
        /// <summary>How long to wait after activating before the restart, so the "activating" report can leave.</summary>
        public int RestartDelayMs = 500;
        /// <summary>
        /// Blocks read back and hashed per dispatcher turn while verifying (the dispatcher serves
        /// others in between). One: SHA-256 runs at an estimated 15–35 KB/s on an ESP32 (allow 8),
        /// so a 4 KB piece holds the dispatcher for 0.1–0.5 s.
        /// </summary>
        public int VerifyPiecesPerTurn = 1;
    }
}
