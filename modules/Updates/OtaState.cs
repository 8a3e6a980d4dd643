namespace EdgeNano.Updates
{
    /// <summary>The values of the ota_state twin property, as KubeEdge-friendly strings.</summary>
    public static class OtaState
    {
        public const string Idle = "idle";
        public const string Downloading = "downloading";
        public const string Verifying = "verifying";
        public const string Staged = "staged";
        public const string Activating = "activating";
        public const string Testing = "testing";
        public const string Confirmed = "confirmed";
        public const string RolledBack = "rolled_back";
        public const string Failed = "failed";

        /// <summary>Twin property keys on the board's first device.</summary>
        public const string StateKey = "ota_state";
        public const string ProgressKey = "ota_progress";
        public const string VersionKey = "fw_version";
        public const string ErrorKey = "ota_error";
    }
}
