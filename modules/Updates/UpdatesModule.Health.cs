using EdgeNano.EdgeHub;
using EdgeNano.Runtime;

namespace EdgeNano.Updates
{
    /// <summary>
    /// A version on trial must connect and resync its twin (edgehub synced) within
    /// HealthTimeoutMs: then it is confirmed; otherwise the boot record is rolled back and the
    /// board restarts into the previous slot, which reports rolled_back with the reason.
    /// </summary>
    public sealed partial class UpdatesModule
    {
        private const int HealthPollMs = 50;
        private long _healthDeadline;

        private void BeginHealthCheck(long now)
        {
            _phase = Testing;
            _percent = 100;
            _healthDeadline = now + _options.HealthTimeoutMs;
            SetState(OtaState.Testing, "");
            Context.Log.Write(LogLevel.Info, Name, "version " + _boot.RunningVersion + " on trial: confirming once synced");
        }

        private void CheckHealth(long now)
        {
            if (_hub.State == EdgeHubState.Synced)
            {
                if (!_boot.Confirm())
                {
                    // Not confirmed: the next boot takes the previous slot again (a safe failure).
                    Context.Log.Write(LogLevel.Error, Name, "cannot confirm " + _boot.RunningVersion + ": the store refused");
                    return;
                }
                _phase = Idle;
                SetState(OtaState.Confirmed, "");
                Context.Log.Write(LogLevel.Info, Name, "version " + _boot.RunningVersion + " confirmed");
                return;
            }
            if (now < _healthDeadline) return;
            string reason = OtaError.Describe(OtaError.HealthCheck, "not synced within " + _options.HealthTimeoutMs.ToString() + " ms");
            Context.Log.Write(LogLevel.Warning, Name, "version " + _boot.RunningVersion + " failed its trial: " + reason);
            _boot.RollBack(reason);
            SetState(OtaState.RolledBack, reason);
            ScheduleRestart(reason);
        }
    }
}
