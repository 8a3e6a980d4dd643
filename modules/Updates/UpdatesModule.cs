using EdgeNano.EdgeHub;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Network;
using EdgeNano.Runtime.Storage;
using EdgeNano.Updates.Crypto;

namespace EdgeNano.Updates
{
    /// <summary>
    /// The updates module: field updates over MQTT as docs/ota-protocol.md "Device side" says —
    /// announce, signed manifest, blocks into the staging slot (resumable), verify, activate,
    /// and on the next boot the health check that confirms or rolls back. Server messages arrive
    /// in edgehub's <see cref="OtaInbox"/>; requests leave through edgehub as session control.
    /// Progress is reported as twin properties of the board's first device (<see cref="OtaReport"/>).
    /// Every buffer is made here, at start-up: a block costs no allocation.
    /// The concerns live in partial files: Announce, Manifest, Blocks, Verify, Activation, Health.
    /// </summary>
    public sealed partial class UpdatesModule : Module
    {
        /// <summary>The module's name on the bus.</summary>
        public const string ModuleName = "updates";

        // What the module is doing; the reported ota_state is _state.
        private const int Idle = 0;
        private const int FetchingManifest = 1;
        private const int FetchingBlocks = 2;
        private const int Checking = 3;
        private const int Restarting = 4;
        private const int Testing = 5;
        private const int CheckingSignature = 6;

        private readonly OtaOptions _options;
        private readonly OtaInbox _inbox;
        private readonly EdgeHubModule _hub;
        private readonly IStore _store;
        private readonly ISlotFiles _slots;
        private readonly BootControl _boot;
        private readonly IBoardRestart _restart;
        private readonly IBlockingWork _work;
        private readonly string _deviceId;
        private readonly string _boardId;

        private readonly UpdateManifest _manifest = new UpdateManifest();
        private readonly ManifestParser _parser = new ManifestParser();
        // The manifest result, kept from its arrival until BeginBlocks has written the manifest
        // into the staging slot (the signature is checked meanwhile): a pooled message, not a
        // buffer of the module's own. Null when none is kept.
        private Message _kept;
        private readonly byte[] _hash = new byte[Sha256.HashSize];
        private readonly Sha256 _sha = new Sha256();
        private readonly byte[] _packageId = new byte[32];
        private readonly byte[] _announced = new byte[32];
        private readonly int[] _firstBlock = new int[UpdateManifest.MaxFiles + 1];
        private readonly DownloadProgress _progress;
        private readonly OtaMemory _memory;
        private readonly OtaReport _report = new OtaReport();

        private int _phase = Idle;
        private string _state = OtaState.Idle;
        private string _error = "";
        private int _percent;
        private bool _reportDue;
        private int _manifestLength;

        private int _strays;
        private int _badAnnouncements;
        private int _blocksWritten;
        private int _saveFailures;

        /// <param name="options">Keys, block size, timeouts.</param>
        /// <param name="inbox">The OTA topics edgehub passes on (a block result, otaBlockSize + 20 bytes, must fit the pool's payload arrays).</param>
        /// <param name="hub">The session: requests go out through it, and its synced state is the health check.</param>
        /// <param name="store">Where the download bitmap and the memory of past packages are kept.</param>
        /// <param name="slots">The two application slots.</param>
        /// <param name="boot">The boot record (Boot() was called before composing the device).</param>
        /// <param name="restart">How the board restarts after activating or a failed trial.</param>
        /// <param name="work">Where the manifest's signature is checked (seconds on a device): never the dispatcher.</param>
        /// <param name="deviceId">The board's first device (twin id, "namespace/name"): it carries the ota_* properties.</param>
        /// <param name="boardId">The board's "board" name; a manifest for another board is refused.</param>
        public UpdatesModule(OtaOptions options, OtaInbox inbox, EdgeHubModule hub, IStore store, ISlotFiles slots, BootControl boot,
            IBoardRestart restart, IBlockingWork work, string deviceId, string boardId)
            : base(ModuleName, "updates")
        {
            if (options == null || inbox == null || hub == null || store == null || slots == null || boot == null || restart == null || work == null)
                throw new System.ArgumentNullException("options");
            if (options.Keys == null || options.Keys.Length == 0) throw new RuntimeConfigException("updates need at least one trusted key");
            _options = options;
            _inbox = inbox;
            _hub = hub;
            _store = store;
            _slots = slots;
            _boot = boot;
            _restart = restart;
            _work = work;
            _deviceId = deviceId;
            _boardId = boardId;
            _progress = new DownloadProgress(store, slots.SlotCapacity / options.BlockSize + UpdateManifest.MaxFiles);
            _memory = new OtaMemory(store);
        }

        /// <summary>The ota_state reported last ("idle", "downloading", ...); any thread may read it.</summary>
        public string State { get { return _state; } }
        /// <summary>The ota_error reported last ("code: detail"; empty when none).</summary>
        public string Error { get { return _error; } }
        /// <summary>Download progress in percent.</summary>
        public int Progress { get { return _percent; } }
        /// <summary>Blocks written to the staging slot in this life.</summary>
        public int BlocksWritten { get { return _blocksWritten; } }
        /// <summary>Frames that were not the one awaited (another package, block or kind): ignored.</summary>
        public int Strays { get { return _strays; } }
        /// <summary>Announcements that could not be read.</summary>
        public int BadAnnouncements { get { return _badAnnouncements; } }
        /// <summary>Bitmap saves the store refused (the download goes on; a reboot resumes from an older bitmap).</summary>
        public int SaveFailures { get { return _saveFailures; } }
        /// <summary>The download's bitmap (Done, Total).</summary>
        public DownloadProgress Download { get { return _progress; } }
        /// <summary>True while the running version is on trial (not yet confirmed).</summary>
        public bool IsOnTrial { get { return _boot.IsTesting; } }
        /// <summary>Twin reports sent and not sent.</summary>
        public OtaReport Reports { get { return _report; } }

        public override void Start()
        {
            long now = Context.Clock.NowMs;
            StoreResult memory = _memory.Load();
            if (memory != StoreResult.Ok && memory != StoreResult.Missing)
            {
                Context.Log.Write(LogLevel.Warning, Name, "ota-seen unreadable (" + StoreResults.Name(memory) + "): starting without it");
            }
            _phase = Idle;
            _state = OtaState.Idle;
            _error = "";
            // After the roll-back boot, and after any restart until the next update: the last
            // update's fate stays visible even if the first report did not get out.
            string rolledBack = _boot.RolledBackReason != null ? _boot.RolledBackReason : _boot.LastRollBackReason;
            if (rolledBack != null)
            {
                _state = OtaState.RolledBack;
                _error = rolledBack;
                Context.Log.Write(LogLevel.Warning, Name, "rolled back to " + _boot.RunningVersion + ": " + rolledBack);
            }
            else if (_boot.IsTesting)
            {
                BeginHealthCheck(now);
            }
            _reportDue = true;
            Context.Host.SetTimer(this, now);
        }

        /// <summary>An orderly shutdown saves the bitmap, so the next life resumes from the last block written.</summary>
        public override void Stop()
        {
            if (_phase == FetchingBlocks && _progress.Save() != StoreResult.Ok) _saveFailures++;
            ReleaseManifest();
        }

        public override void Handle(Message message)
        {
            int kind = _inbox.KindOf(message.Resource);
            if (message.Operation == OtaInbox.Received)
            {
                if (kind == OtaInbox.Announce) OnAnnouncement(message.Content, message.ContentLength);
                else if (kind == OtaInbox.ManifestResult) OnManifestResult(message);
                else if (kind == OtaInbox.BlockResult) OnBlockResult(message.Content, message.ContentLength);
            }
            else if (message.Operation == OtaInbox.TooLarge)
            {
                OnTooLarge(kind);
            }
            else
            {
                Context.Log.Write(LogLevel.Warning, Name, "unknown operation " + message.Operation + " from " + message.Source);
                return;
            }
            ReportIfDue();
        }

        /// <summary>
        /// A message the pool's payload arrays could not carry. An announcement is counted as
        /// unreadable; a result the module waits for ends the update with the reason (asking
        /// again would only bring the same answer).
        /// </summary>
        private void OnTooLarge(int kind)
        {
            string limit = "this device's largest payload (maxPayload " + Context.Bus.Pool.MaxContent.ToString() + " bytes)";
            if (kind == OtaInbox.Announce) _badAnnouncements++;
            else if (kind == OtaInbox.ManifestResult && _phase == FetchingManifest) Fail(OtaError.TooLarge, "the manifest result is larger than " + limit, true);
            else if (kind == OtaInbox.BlockResult && _phase == FetchingBlocks) Fail(OtaError.TooLarge, "a block result is larger than " + limit, false);
            else _strays++;
        }

        /// <summary>Gives the kept manifest result back to the pool (nothing when none is kept).</summary>
        private void ReleaseManifest()
        {
            Message kept = _kept;
            _kept = null;
            MessagePool.Release(kept);
        }

        public override void HandleTimer(long nowMs)
        {
            if (_phase == FetchingManifest || _phase == FetchingBlocks) CheckRequestTimeout(nowMs);
            else if (_phase == CheckingSignature) CheckSignatureOutcome(nowMs);
            else if (_phase == Checking) VerifySome(nowMs);
            else if (_phase == Restarting) RestartIfDue(nowMs);
            else if (_phase == Testing) CheckHealth(nowMs);
            ReportIfDue();
            ScheduleNext(nowMs);
        }

        private void ScheduleNext(long now)
        {
            long next = long.MaxValue;
            if (_phase == FetchingManifest || _phase == FetchingBlocks) next = _deadline;
            else if (_phase == Checking) next = _verifyRetryAt > now ? _verifyRetryAt : now;
            else if (_phase == CheckingSignature) next = _signatureResubmitAt;
            else if (_phase == Restarting) next = _restartAt;
            else if (_phase == Testing) next = now + HealthPollMs;
            if (_reportDue && now + ReportRetryMs < next) next = now + ReportRetryMs;
            if (next != long.MaxValue) Context.Host.SetTimer(this, next);
        }

        private const int ReportRetryMs = 50;

        /// <summary>A new ota_state (and error); reported at the end of this turn.</summary>
        private void SetState(string state, string error)
        {
            _state = state;
            _error = error == null ? "" : error;
            _reportDue = true;
        }

        private void ReportIfDue()
        {
            if (!_reportDue) return;
            if (_report.Send(Context, Name, _deviceId, _state, _percent, _boot.RunningVersion, _error)) _reportDue = false;
            else Context.Host.SetTimer(this, Context.Clock.NowMs + ReportRetryMs);
        }

        /// <summary>Ends the current package in failed; refuse remembers its id so its announcement is not taken up again.</summary>
        private void Fail(string code, string detail, bool refuse)
        {
            string error = OtaError.Describe(code, detail);
            Context.Log.Write(LogLevel.Warning, Name, "update failed: " + error);
            if (refuse)
            {
                StoreResult remembered = _memory.Refuse(_packageId);
                if (remembered != StoreResult.Ok) Context.Log.Write(LogLevel.Warning, Name, "could not remember the refusal: " + StoreResults.Name(remembered));
                // The saved bitmap is this package's only once its blocks were taken up; a
                // refused manifest leaves another package's interrupted download resumable.
                if (_phase == FetchingBlocks || _phase == Checking) _progress.Forget();
            }
            _phase = Idle;
            ReleaseManifest();
            SetState(OtaState.Failed, error);
        }
    }
}
