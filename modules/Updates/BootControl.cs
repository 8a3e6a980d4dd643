using EdgeNano.Runtime.Storage;

namespace EdgeNano.Updates
{
    /// <summary>
    /// The boot record: which slot runs, whether it is on trial, what to return to. Kept in the
    /// store under one key (all-or-nothing replace), so a power cut at any moment leaves the old
    /// or the new decision. Slot -1 is the application flashed with the toolchain; slots 0 and 1
    /// are ISlotFiles slots.
    /// <para>
    /// MCUboot's test/confirm, made resumable: Activate marks a slot for trial; the first Boot
    /// after it counts the trial boot in flash BEFORE the trial runs; a Boot that finds the trial
    /// already counted and not confirmed returns to the previous slot. So a version that never
    /// confirms runs at most once, whatever the power does. Every change is one replace of the
    /// record, made from a scratch copy: when the store fails, the in-memory state stays what
    /// flash holds.
    /// </para>
    /// <para>
    /// When the record cannot be read (store failure, CRC mismatch, a format this firmware does
    /// not know), Boot runs the factory application and says so in LastProblem. Why not the last
    /// slot known good: without the record nothing is known about the slots — either may hold a
    /// half-written download, a trial that never confirmed, or nothing — and an unreadable record
    /// cannot count trial boots, so running a slot could boot an unconfirmed version forever. The
    /// factory application is the only code that is always complete and never written by an
    /// update. Boot leaves the broken record in place (a failed read may be transient); the next
    /// Activate replaces it.
    /// </para>
    /// </summary>
    public sealed class BootControl
    {
        /// <summary>The store key of the boot record.</summary>
        public const string StoreKey = "ota-boot";

        /// <summary>The application flashed with the toolchain, which no update ever writes.</summary>
        public const int FactorySlot = -1;

        /// <summary>
        /// The file of a slot that keeps the package's manifest.json (its exact, verified bytes),
        /// written by the updates module with the package's files: the nanoFramework loader reads
        /// from it which files are "app" assemblies, their order, sizes and hashes. A package's own
        /// file names cannot contain '~', so this name never clashes with one of them.
        /// </summary>
        public const string ManifestFile = "~manifest.json";

        private readonly IStore _store;
        private readonly string _factoryVersion;
        private readonly object _gate = new object();
        // What flash holds (as far as this boot knows) and a scratch copy each change is built in.
        private readonly BootRecord _record = new BootRecord();
        private readonly BootRecord _next = new BootRecord();

        private bool _booted;
        private int _runningSlot = FactorySlot;
        private bool _testing;
        private string _rolledBackReason;
        private string _problem;

        /// <param name="store">Where the record lives (the board's IStore).</param>
        /// <param name="factoryVersion">The version of the application flashed with the toolchain (FirmwareInfo.FactoryVersion).</param>
        public BootControl(IStore store, string factoryVersion)
        {
            if (store == null) throw new System.ArgumentNullException("store");
            if (factoryVersion == null || factoryVersion.Length == 0 || factoryVersion.Length > BootRecord.MaxVersionLength)
                throw new System.ArgumentException("1 to 32 characters", "factoryVersion");
            _store = store;
            _factoryVersion = factoryVersion;
            _record.SetFactory(factoryVersion);
        }

        /// <summary>
        /// Once per boot, before anything runs: picks the slot to run. A slot on trial that booted
        /// once already without confirming is abandoned (rolled back to the previous slot, reason
        /// OtaError.NotConfirmed); otherwise a trial boot is counted. Returns the slot to run.
        /// </summary>
        public int Boot()
        {
            lock (_gate)
            {
                if (_booted) throw new System.InvalidOperationException("Boot runs once per boot");
                _booted = true;
                StoreResult read = _record.Load(_store);
                if (read == StoreResult.Missing)
                {
                    _record.SetFactory(_factoryVersion);
                    return Run(FactorySlot, false);
                }
                if (read != StoreResult.Ok)
                {
                    _record.SetFactory(_factoryVersion);
                    _problem = "boot record " + StoreResults.Name(read) + ": running the factory application, the only one known to be whole";
                    return Run(FactorySlot, false);
                }
                if (!_record.Trial) return Run(_record.ActiveSlot, false);
                if (_record.RollBackRequested)
                {
                    string reason = _record.Reason;
                    if (reason == null) reason = OtaError.HealthCheck;
                    return ReturnToPrevious(reason);
                }
                if (_record.TrialBoots > 0)
                {
                    return ReturnToPrevious(OtaError.Describe(OtaError.NotConfirmed,
                        "version " + _record.ActiveVersion + " restarted before its health check passed"));
                }
                return StartTrial();
            }
        }

        /// <summary>The slot running now (after Boot).</summary>
        public int ActiveSlot
        {
            get { lock (_gate) { return _runningSlot; } }
        }

        /// <summary>
        /// Where a download goes: the slot that is not running. While a trial runs this is the
        /// slot the trial returns to, so nothing may be staged before Confirm (Activate refuses
        /// until then anyway).
        /// </summary>
        public int StagingSlot
        {
            get { lock (_gate) { return _runningSlot == 0 ? 1 : 0; } }
        }

        /// <summary>The version running now.</summary>
        public string RunningVersion
        {
            get { lock (_gate) { return VersionOf(_runningSlot); } }
        }

        /// <summary>True while the running slot is on trial (ota_state testing).</summary>
        public bool IsTesting
        {
            get { lock (_gate) { return _testing; } }
        }

        /// <summary>Set by Boot when it returned to the previous slot: the reason ("code: detail"), else null.</summary>
        public string RolledBackReason
        {
            get { lock (_gate) { return _rolledBackReason; } }
        }

        /// <summary>
        /// The reason of the last roll-back as flash keeps it, until the next Activate: lets the
        /// device still report rolled_back after a restart that came before the report went out.
        /// Null when the last update did not roll back.
        /// </summary>
        public string LastRollBackReason
        {
            get { lock (_gate) { return _record.Trial ? null : _record.Reason; } }
        }

        /// <summary>The slot the next boot will run, as the record says now (after an Activate: the slot to try).</summary>
        public int NextBootSlot
        {
            get
            {
                lock (_gate)
                {
                    if (_record.Trial && (_record.RollBackRequested || _record.TrialBoots > 0)) return _record.PreviousSlot;
                    return _record.ActiveSlot;
                }
            }
        }

        /// <summary>
        /// Why Boot ran the factory application or the last Activate/Confirm/RollBack returned
        /// false, for the log and ota_error; null when nothing went wrong.
        /// </summary>
        public string LastProblem
        {
            get { lock (_gate) { return _problem; } }
        }

        /// <summary>
        /// Makes slot (holding version) the one tried at the next boot. False when the store fails,
        /// and when refused: only a confirmed version (or the factory application) may activate
        /// another, the slot must be 0 or 1 and not the running one.
        /// </summary>
        public bool Activate(int slot, string version)
        {
            lock (_gate)
            {
                RequireBoot();
                if (slot != 0 && slot != 1) return Refuse("slot " + slot.ToString() + " cannot be activated: only 0 or 1");
                if (slot == _runningSlot) return Refuse("slot " + slot.ToString() + " is running: it cannot be staged or activated");
                if (_testing) return Refuse("version " + RunningVersionLocked() + " is on trial: confirm it before activating another");
                if (version == null || version.Length == 0 || version.Length > BootRecord.MaxVersionLength)
                    return Refuse("a version of 1 to 32 characters is needed");
                _next.CopyFrom(_record);
                _next.ActiveSlot = slot;
                _next.ActiveVersion = version;
                _next.PreviousSlot = _runningSlot;
                _next.PreviousVersion = RunningVersionLocked();
                _next.Trial = true;
                _next.TrialBoots = 0;
                _next.RollBackRequested = false;
                _next.Reason = null;
                return Commit();
            }
        }

        /// <summary>
        /// The running trial passed its health check: it stays. True at once when nothing is on
        /// trial; false when the store fails or the trial already asked to roll back.
        /// </summary>
        public bool Confirm()
        {
            lock (_gate)
            {
                RequireBoot();
                if (!_testing) return true;
                if (_record.RollBackRequested) return Refuse("version " + RunningVersionLocked() + " already asked to roll back");
                _next.CopyFrom(_record);
                _next.Trial = false;
                _next.TrialBoots = 0;
                _next.PreviousSlot = _record.ActiveSlot;
                _next.PreviousVersion = _record.ActiveVersion;
                _next.Reason = null;
                if (!Commit()) return false;
                _testing = false;
                return true;
            }
        }

        /// <summary>
        /// The running trial failed (reason "code: detail"): the next boot returns to the previous
        /// slot. False when nothing is on trial or the store fails (the next boot returns anyway:
        /// the trial boot was counted).
        /// </summary>
        public bool RollBack(string reason)
        {
            lock (_gate)
            {
                RequireBoot();
                if (!_testing) return Refuse("nothing is on trial: a confirmed version is not rolled back");
                if (_record.RollBackRequested) return true;
                _next.CopyFrom(_record);
                _next.RollBackRequested = true;
                _next.Reason = reason == null || reason.Length == 0 ? OtaError.HealthCheck : reason;
                return Commit();
            }
        }

        private int StartTrial()
        {
            _next.CopyFrom(_record);
            _next.TrialBoots = 1;
            StoreResult saved = _next.Save(_store);
            if (saved != StoreResult.Ok)
            {
                // An uncounted trial could boot again and again without ever confirming: run the
                // previous version instead; the next boot tries the count again.
                _rolledBackReason = OtaError.Describe(OtaError.StoreFailed,
                    "could not count the first boot of version " + _record.ActiveVersion + " (" + StoreResults.Name(saved) + ")");
                _problem = _rolledBackReason;
                return Run(_record.PreviousSlot, false);
            }
            _record.CopyFrom(_next);
            return Run(_record.ActiveSlot, true);
        }

        private int ReturnToPrevious(string reason)
        {
            _next.CopyFrom(_record);
            _next.ActiveSlot = _record.PreviousSlot;
            _next.ActiveVersion = _record.PreviousVersion;
            _next.Trial = false;
            _next.TrialBoots = 0;
            _next.RollBackRequested = false;
            _next.Reason = reason;
            StoreResult saved = _next.Save(_store);
            // Saved or not, the trial does not run again: an unsaved roll-back is retried at the
            // next boot, which finds the same counted trial.
            if (saved == StoreResult.Ok) _record.CopyFrom(_next);
            else _problem = OtaError.Describe(OtaError.StoreFailed, "could not record the roll-back (" + StoreResults.Name(saved) + ")");
            _rolledBackReason = reason;
            return Run(saved == StoreResult.Ok ? _record.ActiveSlot : _record.PreviousSlot, false);
        }

        private int Run(int slot, bool testing)
        {
            _runningSlot = slot;
            _testing = testing;
            return slot;
        }

        private bool Commit()
        {
            StoreResult saved = _next.Save(_store);
            if (saved != StoreResult.Ok) return Refuse(OtaError.Describe(OtaError.StoreFailed, "boot record not written (" + StoreResults.Name(saved) + ")"));
            _record.CopyFrom(_next);
            _problem = null;
            return true;
        }

        private bool Refuse(string problem)
        {
            _problem = problem;
            return false;
        }

        private void RequireBoot()
        {
            if (!_booted) throw new System.InvalidOperationException("Boot has not run");
        }

        private string RunningVersionLocked()
        {
            return VersionOf(_runningSlot);
        }

        private string VersionOf(int slot)
        {
            if (slot == FactorySlot) return _factoryVersion;
            // The running slot is either the record's active slot or, after a failed write, its previous one.
            if (slot == _record.ActiveSlot) return _record.ActiveVersion;
            return _record.PreviousVersion;
        }
    }
}
