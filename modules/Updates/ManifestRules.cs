namespace EdgeNano.Updates
{
    /// <summary>Whether a well-formed, signature-checked manifest may be installed on this device.</summary>
    public static class ManifestRules
    {
        /// <summary>
        /// Null when the package may be installed, otherwise the ota_error text ("code: detail",
        /// codes from OtaError): wrong board, not newer (unless allowDowngrade), sequence not
        /// above lastSequence (replayed), runtime older than minRuntime, larger than the slot.
        /// </summary>
        public static string Check(UpdateManifest manifest, string boardId, string runningVersion, string runtimeVersion,
            int lastSequence, long slotCapacity)
        {
            throw new System.Exception("not written yet: ManifestRules.Check");
        }
    }
}
