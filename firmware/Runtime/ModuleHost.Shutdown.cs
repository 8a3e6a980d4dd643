using System.Threading;

namespace EdgeNano.Runtime
{
    /// <summary>Graceful shutdown: drain, stop in reverse order within a time limit, count what is left.</summary>
    public sealed partial class ModuleHost
    {
        private void Drain()
        {
            long deadline = _clock.NowMs + _config.ShutdownDrainMs;
            // The clock bounds the drain in time; the budget bounds it when modules keep
            // feeding each other (or a test clock stands still).
            int budget = 0;
            for (int i = 0; i < _slots.Length; i++)
            {
                if (_slots[i].Ring != null) budget += _slots[i].Ring.Capacity * 4;
            }
            while (budget > 0 && HasQueuedMessages() && _clock.NowMs <= deadline)
            {
                DispatchRound(1, _clock.NowMs);
                budget--;
            }
        }

        private int DropQueuedMessages()
        {
            int total = 0;
            for (int i = 0; i < _slots.Length; i++)
            {
                ModuleSlot slot = _slots[i];
                if (slot.Ring == null) continue;
                Message message = slot.Ring.TryTake();
                while (message != null)
                {
                    ModuleCounters.Add(ref slot.Counters.dropped);
                    total++;
                    MessagePool.Release(message);
                    message = slot.Ring.TryTake();
                }
            }
            return total;
        }

        private void StopModule(ModuleSlot slot, int timeoutMs)
        {
            if (timeoutMs <= 0)
            {
                ModuleStopper.StopInline(slot, _log);
                return;
            }
            // A module's Stop may hang (a flush to a dead network); run it on its own short-lived
            // thread so one bad module cannot hold the whole shutdown.
            ModuleStopper stopper = new ModuleStopper(slot, _log);
            Thread thread = new Thread(stopper.Run);
            thread.Start();
            if (!thread.Join(timeoutMs))
            {
                ModuleCounters.Add(ref slot.Counters.stopTimeouts);
                _log.Write(LogLevel.Warning, slot.Module.Name, "Stop did not finish within " + timeoutMs.ToString() + " ms; moving on");
            }
        }

        private sealed class ModuleStopper
        {
            private readonly ModuleSlot _slot;
            private readonly ILog _log;

            public ModuleStopper(ModuleSlot slot, ILog log)
            {
                _slot = slot;
                _log = log;
            }

            public void Run()
            {
                StopInline(_slot, _log);
            }

            public static void StopInline(ModuleSlot slot, ILog log)
            {
                try
                {
                    slot.Module.Stop();
                }
                catch (System.Exception e)
                {
                    ModuleCounters.Add(ref slot.Counters.errors);
                    log.Write(LogLevel.Error, slot.Module.Name, "failed to stop: " + e.Message);
                }
            }
        }
    }
}
