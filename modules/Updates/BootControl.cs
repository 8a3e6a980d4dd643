using EdgeNano.Runtime.Storage;

namespace EdgeNano.Updates
{
    /// <summary>
    /// The boot record: which slot runs, whether it is on trial, what to return to. Kept in the
    /// store under one key (all-or-nothing replace), so a power cut at any moment leaves the old
    /// or the new decision. Slot -1 is the application flashed with the toolchain; slots 0 and 1
    /// are ISlotFiles slots.
    /// </summary>
    public sealed class BootControl
    {
        /// <summary>The store key of the boot record.</summary>
        public const string StoreKey = "ota-boot";

        public const int FactorySlot = -1;

        public BootControl(IStore store, string factoryVersion)
        {
            throw new System.Exception("not written yet: BootControl");
        }

        /// <summary>
        /// Once per boot, before anything runs: picks the slot to run. A slot on trial that booted
        /// once already without confirming is abandoned (rolled back to the previous slot, reason
        /// OtaError.NotConfirmed); otherwise a trial boot is counted. Returns the slot to run.
        /// </summary>
        public int Boot() { throw new System.Exception("not written yet"); }

        /// <summary>The slot running now (after Boot).</summary>
        public int ActiveSlot { get { throw new System.Exception("not written yet"); } }

        /// <summary>Where a download goes: the slot that is not running.</summary>
        public int StagingSlot { get { throw new System.Exception("not written yet"); } }

        /// <summary>The version running now.</summary>
        public string RunningVersion { get { throw new System.Exception("not written yet"); } }

        /// <summary>True while the running slot is on trial (ota_state testing).</summary>
        public bool IsTesting { get { throw new System.Exception("not written yet"); } }

        /// <summary>Set by Boot when it returned to the previous slot: the reason ("code: detail"), else null.</summary>
        public string RolledBackReason { get { throw new System.Exception("not written yet"); } }

        /// <summary>Makes slot (holding version) the one tried at the next boot. False when the store fails.</summary>
        public bool Activate(int slot, string version) { throw new System.Exception("not written yet"); }

        /// <summary>The running trial passed its health check: it stays. False when the store fails.</summary>
        public bool Confirm() { throw new System.Exception("not written yet"); }

        /// <summary>The running trial failed (reason "code: detail"): the next boot returns to the previous slot.</summary>
        public bool RollBack(string reason) { throw new System.Exception("not written yet"); }
    }
}
