namespace EdgeNano.Updates
{
    /// <summary>
    /// Codes of ota_error, written as "code: detail". Stable strings, so fleet tooling can match
    /// them; the detail is for people.
    /// </summary>
    public static class OtaError
    {
        /// <summary>The manifest is not valid JSON, misses a field or breaks a limit.</summary>
        public const string BadManifest = "bad-manifest";
        /// <summary>No trusted key verifies the manifest's signature.</summary>
        public const string BadSignature = "bad-signature";
        public const string WrongBoard = "wrong-board";
        /// <summary>The version is not newer than the running one and the manifest allows no downgrade.</summary>
        public const string NotNewer = "not-newer";
        /// <summary>The manifest's sequence is not above the last accepted one: an old manifest replayed.</summary>
        public const string Replayed = "replayed";
        public const string RuntimeTooOld = "runtime-too-old";
        /// <summary>The files do not fit in the staging slot.</summary>
        public const string TooLarge = "too-large";
        /// <summary>A staged file's SHA-256 differs from the manifest's.</summary>
        public const string HashMismatch = "hash-mismatch";
        /// <summary>A staged file is shorter or longer than the manifest says.</summary>
        public const string Truncated = "truncated";
        /// <summary>The server stopped answering: retries ran out.</summary>
        public const string Stalled = "stalled";
        /// <summary>Flash refused a write or read.</summary>
        public const string StoreFailed = "store-failed";
        /// <summary>The version under test restarted before it confirmed.</summary>
        public const string NotConfirmed = "not-confirmed";
        /// <summary>The version under test did not connect and resync in time.</summary>
        public const string HealthCheck = "health-check";

        /// <summary>"code: detail" (allocates; only on the rare failure path).</summary>
        public static string Describe(string code, string detail)
        {
            return detail == null || detail.Length == 0 ? code : code + ": " + detail;
        }
    }
}
