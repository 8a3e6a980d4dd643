namespace EdgeNano.Runtime
{
    /// <summary>Dispatch: draining the modules' rings fairly, a batch at a time.</summary>
    public sealed partial class ModuleHost
    {
        /// <summary>
        /// Up to this many messages of one module per pass: few ring locks per message under
        /// load, and still every module gets its turn.
        /// </summary>
        private const int BatchPerPass = 8;

        private void DispatchRound(int budget, long now)
        {
            int handled = 0;
            bool found = true;
            while (handled < budget && found)
            {
                found = false;
                for (int k = 0; k < _slots.Length && handled < budget; k++)
                {
                    ModuleSlot slot = _slots[_nextSlot];
                    _nextSlot++;
                    if (_nextSlot == _slots.Length) _nextSlot = 0;
                    if (slot.State != ModuleSlot.Running) continue;
                    int batch = slot.Ring.Count;
                    if (batch == 0) continue;
                    if (batch > BatchPerPass) batch = BatchPerPass;
                    if (batch > budget - handled) batch = budget - handled;
                    found = true;
                    // Peek, handle, then consume in one step; a module that fails into a restart
                    // mid-batch leaves the rest queued for when it is back.
                    int done = 0;
                    while (done < batch && slot.State == ModuleSlot.Running)
                    {
                        Message message = slot.Ring.Peek(done);
                        done++;
                        Dispatch(slot, message, now);
                    }
                    slot.Ring.Consume(done);
                    handled += done;
                }
            }
        }

        private void Dispatch(ModuleSlot slot, Message message, long now)
        {
            // Only the dispatcher writes this counter (dispatch is serialised), so no Interlocked.
            slot.Counters.received++;
            try
            {
                slot.Module.Handle(message);
                slot.ConsecutiveFailures = 0;
                slot.RestartsWithoutCure = 0;
            }
            catch (System.Exception e)
            {
                Fail(slot, "on message " + message.Id.ToString() + " (" + message.Operation + " " + message.Resource + ")", e, now);
            }
            finally
            {
                MessagePool.Release(message);
            }
        }

        private bool HasQueuedMessages()
        {
            for (int i = 0; i < _slots.Length; i++)
            {
                if (_slots[i].State == ModuleSlot.Running && _slots[i].Ring.Count > 0) return true;
            }
            return false;
        }
    }
}
