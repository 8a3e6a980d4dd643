using System.Threading;

namespace EdgeNano.Runtime
{
    /// <summary>Time: module timers, request timeouts, and telling the dispatcher when to wake.</summary>
    public sealed partial class ModuleHost
    {
        /// <summary>
        /// Wakes the module's HandleTimer at dueMs (runtime clock). Each module has one timer:
        /// an earlier time replaces a later one, a later one is ignored until the timer has
        /// fired. Any thread may call it (a pin interrupt, a network callback).
        /// </summary>
        public void SetTimer(Module module, long dueMs)
        {
            ModuleSlot slot = null;
            ModuleSlot[] slots = _slots;
            for (int i = 0; i < slots.Length; i++)
            {
                if (slots[i].Module == module) slot = slots[i];
            }
            if (slot == null) throw new System.ArgumentException("SetTimer for a module that is not registered");
            lock (_stateGate)
            {
                if (dueMs >= slot.TimerAtMs) return;
                if (slot.TimerAtMs == long.MaxValue) _armedTimers++;
                slot.TimerAtMs = dueMs;
            }
            TimerAdded(dueMs);
        }

        internal void TimerAdded(long dueMs)
        {
            lock (_stateGate)
            {
                if (dueMs < _nextDeadline) _nextDeadline = dueMs;
            }
            SignalTimer(dueMs);
        }

        /// <summary>
        /// Tells the dispatcher about a deadline unless it already expects an earlier one that is
        /// still ahead. Both Bus.Request and the end of a dispatch round come here, so a deadline
        /// is never lost between them.
        /// </summary>
        private void SignalTimer(long dueMs)
        {
            long now = _clock.NowMs;
            lock (_stateGate)
            {
                if (dueMs >= _signaledDeadline && _signaledDeadline > now) return;
                _signaledDeadline = dueMs;
            }
            IDispatchSignal signal = _signal;
            if (signal != null) signal.TimerDue(this, dueMs);
        }

        private void FireModuleTimers(long now)
        {
            if (Interlocked.CompareExchange(ref _armedTimers, 0, 0) == 0) return;
            for (int i = 0; i < _slots.Length; i++)
            {
                ModuleSlot slot = _slots[i];
                if (slot.State != ModuleSlot.Running) continue;
                lock (_stateGate)
                {
                    if (slot.TimerAtMs > now) continue;
                    slot.TimerAtMs = long.MaxValue;
                    _armedTimers--;
                }
                try
                {
                    slot.Module.HandleTimer(now);
                }
                catch (System.Exception e)
                {
                    Fail(slot, "on its timer", e, now);
                }
            }
        }

        private void FireRequestTimeouts(long now)
        {
            if (_pending.InUse == 0) return;
            long requestId;
            int requester;
            while (_pending.TakeExpired(now, out requestId, out requester))
            {
                ModuleSlot slot = _slots[requester];
                ModuleCounters.Add(ref slot.Counters.requestTimeouts);
                if (slot.State != ModuleSlot.Running) continue;
                try
                {
                    slot.Module.HandleRequestTimeout(requestId);
                }
                catch (System.Exception e)
                {
                    Fail(slot, "on timeout of request " + requestId.ToString(), e, now);
                }
            }
        }

        private void RecomputeNextDeadline()
        {
            long next = _pending.InUse == 0 ? long.MaxValue : _pending.NextDeadline();
            for (int i = 0; i < _slots.Length; i++)
            {
                if (_slots[i].State == ModuleSlot.AwaitingRestart && _slots[i].RestartAtMs < next) next = _slots[i].RestartAtMs;
                if (_slots[i].State == ModuleSlot.Running && _armedTimers > 0 && _slots[i].TimerAtMs < next) next = _slots[i].TimerAtMs;
            }
            // Unlocked fast path for the common case (nothing pending); a torn read of the long
            // only sends us down the locked path.
            if (next == long.MaxValue && _nextDeadline == long.MaxValue) return;
            lock (_stateGate) _nextDeadline = next;
            if (next != long.MaxValue) SignalTimer(next);
        }
    }
}
