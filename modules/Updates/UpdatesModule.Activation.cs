using EdgeNano.Runtime;
using EdgeNano.Runtime.Storage;

namespace EdgeNano.Updates
{
    /// <summary>
    /// Staged → activating: the boot record marks the staging slot to be tried at the next boot,
    /// the package's sequence and id are remembered (replay protection; its retained announcement
    /// is not taken up again), and the board restarts a moment later so the report can leave.
    /// </summary>
    public sealed partial class UpdatesModule
    {
        private long _restartAt;
        private string _restartReason;

        private void Staged()
        {
            SetState(OtaState.Staged, "");
            ReportIfDue();
            if (!_boot.Activate(_boot.StagingSlot, _manifest.Version))
            {
                Fail(OtaError.StoreFailed, "cannot write the boot record", false);
                return;
            }
            StoreResult remembered = _memory.Activated(_packageId, _manifest.Sequence);
            if (remembered != StoreResult.Ok)
            {
                Context.Log.Write(LogLevel.Warning, Name, "could not remember the activated package: " + StoreResults.Name(remembered));
            }
            _progress.Forget();
            Context.Log.Write(LogLevel.Info, Name, "version " + _manifest.Version + " staged; restarting to try it");
            SetState(OtaState.Activating, "");
            ScheduleRestart("update to " + _manifest.Version);
        }

        private void ScheduleRestart(string reason)
        {
            _phase = Restarting;
            _restartReason = reason;
            _restartAt = Context.Clock.NowMs + _options.RestartDelayMs;
            Context.Host.SetTimer(this, _restartAt);
        }

        private void RestartIfDue(long now)
        {
            if (now < _restartAt) return;
            // Once: the restart may take a while to come (it stops this very composition).
            _restartAt = long.MaxValue;
            _restart.Restart(_restartReason);
        }
    }
}
