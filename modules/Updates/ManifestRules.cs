namespace EdgeNano.Updates
{
    /// <summary>Whether a well-formed, signature-checked manifest may be installed on this device.</summary>
    public static class ManifestRules
    {
        /// <summary>
        /// Null when the package may be installed, otherwise the ota_error text ("code: detail",
        /// codes from OtaError): wrong board, not newer (unless allowDowngrade), sequence not
        /// above lastSequence (replayed), runtime older than minRuntime, larger than the slot.
        /// When several rules are broken, the first in that order is reported. A version text
        /// that does not parse counts as older than every valid version (FirmwareVersion.Compare):
        /// an unreadable running version never blocks an update, an unreadable package version
        /// or runtime never passes.
        /// </summary>
        public static string Check(UpdateManifest manifest, string boardId, string runningVersion, string runtimeVersion,
            int lastSequence, long slotCapacity)
        {
            if (manifest == null) throw new System.ArgumentNullException("manifest");
            if (boardId == null || manifest.Board != boardId)
            {
                return OtaError.Describe(OtaError.WrongBoard, "the package is for board " + ManifestParser.Quote(manifest.Board)
                    + ", this is board " + ManifestParser.Quote(boardId));
            }
            if (!manifest.AllowDowngrade && !IsNewer(manifest.Version, runningVersion))
            {
                return OtaError.Describe(OtaError.NotNewer, "version " + Shown(manifest.Version)
                    + " is not newer than the running " + Shown(runningVersion));
            }
            // Checked even when a downgrade is allowed: the sequence is what stops an old, validly
            // signed manifest from being replayed to roll a fleet back.
            if (manifest.Sequence <= lastSequence)
            {
                return OtaError.Describe(OtaError.Replayed, "sequence " + manifest.Sequence.ToString()
                    + " is not above the last accepted " + lastSequence.ToString());
            }
            if (FirmwareVersion.Parse(manifest.MinRuntime) < 0 || FirmwareVersion.Compare(manifest.MinRuntime, runtimeVersion) > 0)
            {
                return OtaError.Describe(OtaError.RuntimeTooOld, "the package needs runtime " + Shown(manifest.MinRuntime)
                    + ", this device runs " + Shown(runtimeVersion));
            }
            long total = manifest.TotalSize;
            if (total > slotCapacity)
            {
                return OtaError.Describe(OtaError.TooLarge, "the files need " + total.ToString()
                    + " bytes, the staging slot holds " + slotCapacity.ToString());
            }
            return null;
        }

        // A valid version as it is; anything else quoted (and cut short), so the reader sees what was wrong.
        private static string Shown(string version)
        {
            return FirmwareVersion.Parse(version) >= 0 ? version : ManifestParser.Quote(version);
        }

        // A valid package version strictly above the running one (an unreadable running version is below all).
        private static bool IsNewer(string packageVersion, string runningVersion)
        {
            return FirmwareVersion.Parse(packageVersion) >= 0 && FirmwareVersion.Compare(packageVersion, runningVersion) > 0;
        }
    }
}
