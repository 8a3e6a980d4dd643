namespace EdgeNano.Runtime
{
    /// <summary>Isolation of failing modules: counted failures, stop, restart after a doubling delay.</summary>
    public sealed partial class ModuleHost
    {
        private void Fail(ModuleSlot slot, string what, System.Exception error, long now)
        {
            ModuleCounters.Add(ref slot.Counters.errors);
            slot.ConsecutiveFailures++;
            _log.Write(LogLevel.Error, slot.Module.Name, "failed " + what + ": " + error.Message);
            if (slot.ConsecutiveFailures < _config.FailuresBeforeRestart || _state != Running) return;
            try
            {
                slot.Module.Stop();
            }
            catch (System.Exception stopError)
            {
                ModuleCounters.Add(ref slot.Counters.errors);
                _log.Write(LogLevel.Error, slot.Module.Name, "failed to stop: " + stopError.Message);
            }
            ScheduleRestart(slot, now);
        }

        private void ScheduleRestart(ModuleSlot slot, long now)
        {
            long delay = RestartDelay(slot.RestartsWithoutCure);
            slot.RestartsWithoutCure++;
            slot.State = ModuleSlot.AwaitingRestart;
            slot.RestartAtMs = now + delay;
            _log.Write(LogLevel.Warning, slot.Module.Name, "stopped after " + slot.ConsecutiveFailures.ToString() +
                " consecutive failures; restart in " + delay.ToString() + " ms");
            TimerAdded(slot.RestartAtMs);
        }

        /// <summary>Base delay doubled per restart that did not cure the module, capped.</summary>
        private long RestartDelay(int restartsWithoutCure)
        {
            long delay = _config.RestartBaseDelayMs;
            for (int i = 0; i < restartsWithoutCure && delay < _config.RestartMaxDelayMs; i++) delay *= 2;
            return delay > _config.RestartMaxDelayMs ? _config.RestartMaxDelayMs : delay;
        }

        private void RestartDueModules(long now)
        {
            for (int i = 0; i < _slots.Length; i++)
            {
                ModuleSlot slot = _slots[i];
                if (slot.State != ModuleSlot.AwaitingRestart || slot.RestartAtMs > now) continue;
                ModuleCounters.Add(ref slot.Counters.restarts);
                _log.Write(LogLevel.Info, slot.Module.Name, "restarting");
                StartModule(slot, now);
            }
        }

        private void StartModule(ModuleSlot slot, long now)
        {
            slot.State = ModuleSlot.Running;
            slot.ConsecutiveFailures = 0;
            try
            {
                slot.Module.Start();
            }
            catch (System.Exception e)
            {
                ModuleCounters.Add(ref slot.Counters.errors);
                slot.ConsecutiveFailures = _config.FailuresBeforeRestart;
                _log.Write(LogLevel.Error, slot.Module.Name, "failed to start: " + e.Message);
                ScheduleRestart(slot, now);
            }
        }
    }
}
