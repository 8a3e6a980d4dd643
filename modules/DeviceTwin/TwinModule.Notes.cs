using EdgeNano.DeviceTwin.Wire;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Storage;

namespace EdgeNano.DeviceTwin
{
    /// <summary>After a change: persistence marked, subscribers told of expected values, device-side changes reported to the owner.</summary>
    public sealed partial class TwinModule
    {
        /// <summary>How soon subscribers are told again after a note could not be delivered.</summary>
        private const int RenotifyAfterMs = 100;
        private bool _renotify;
        private int _renotifications;

        /// <summary>Times subscribers were told every expected value again after a note was not delivered.</summary>
        public int Renotifications { get { return _renotifications; } }

        private void AfterChange(int device, TwinResult result, bool madeOnDevice)
        {
            if (_writer != null)
            {
                _writer.MarkDirty();
                Context.Host.SetTimer(this, Context.Clock.NowMs + _options.PersistIntervalMs);
            }
            NotifySubscribers(device, result);
            if (madeOnDevice && _options.Uplink != null) ReportToOwner(device, result);
        }

        private void NotifySubscribers(int device, TwinResult result)
        {
            for (int s = 0; s < _subscriberCount; s++) SendNote(_subscribers[s], device, result);
        }

        /// <summary>
        /// A new subscriber hears every expected value the twin already holds (restored from flash
        /// after a reboot, say), so outputs come back to their desired state before the cloud is
        /// reachable again.
        /// </summary>
        private void SendCurrentExpected(string subscriber)
        {
            for (int device = 0; device < _store.DeviceCount; device++) SendNote(subscriber, device, null);
        }

        /// <summary>
        /// Sends one subscriber a note (a delta map) of the device's expected values: those the
        /// result changed, or every one the device holds when result is null. No note when there
        /// is none. Written straight into the bus message, once per subscriber.
        /// </summary>
        private void SendNote(string subscriber, int device, TwinResult result)
        {
            int candidates = result == null ? _store.PropertyCount(device) : result.Count;
            int first = 0;
            while (first < candidates && NoteSlot(device, result, first) < 0) first++;
            if (first == candidates) return;
            Message note = Context.Bus.RentForPayload();
            if (note == null)
            {
                NoteUndelivered();
                return;
            }
            byte[] arena = _store.ArenaBytes;
            _encoder.BeginMap(note.Content, 0, note.ContentCapacity, null, Context.Clock.NowMs, WireNames.Delta);
            for (int i = first; i < candidates; i++)
            {
                int slot = NoteSlot(device, result, i);
                if (slot >= 0) _encoder.AddDeltaValue(arena, _store.KeyOffset(slot), _store.KeyLength(slot), arena, _store.ExpectedOffset(slot), _store.ExpectedLength(slot));
            }
            int length = _encoder.EndMap();
            if (length < 0)
            {
                _tooLarge++;
                MessagePool.Release(note);
                return;
            }
            note.ContentLength = length;
            note.Source = Name;
            note.Destination = subscriber;
            note.Operation = TwinBus.ExpectedChanged;
            note.Resource = _store.DeviceId(device);
            if (Context.Bus.Send(note) != SendResult.Accepted) NoteUndelivered();
        }

        // The slot whose expected value a note carries as its i-th candidate (change i of the
        // result, or the device's i-th row when result is null), or -1.
        private int NoteSlot(int device, TwinResult result, int i)
        {
            int slot;
            if (result == null)
            {
                slot = _store.Slot(device, i);
                if (_store.IsDeleted(slot)) return -1;
            }
            else
            {
                if (!result.Has(i, TwinResult.ExpectedChanged)) return -1;
                slot = result.Slot(i);
            }
            return _store.HasExpected(slot) ? slot : -1;
        }

        /// <summary>
        /// A note that could not be delivered (no message free, a full ring) would leave an output
        /// never driven to its desired value: nothing else tells the subscriber again. So it is
        /// counted and, shortly after, every subscriber hears every current expected value again.
        /// </summary>
        private void NoteUndelivered()
        {
            _deliveryFailures++;
            if (_renotify) return;
            _renotify = true;
            Context.Host.SetTimer(this, Context.Clock.NowMs + RenotifyAfterMs);
        }

        /// <summary>On the timer after an undelivered note: as a new subscriber hears them. Fails again → tried again.</summary>
        private void RenotifySubscribers()
        {
            _renotify = false;
            _renotifications++;
            for (int s = 0; s < _subscriberCount; s++) SendCurrentExpected(_subscribers[s]);
        }

        private void ReportToOwner(int device, TwinResult result)
        {
            Message report = Context.Bus.RentForPayload();
            if (report == null)
            {
                ReportUndelivered(device);
                return;
            }
            byte[] arena = _store.ArenaBytes;
            _encoder.BeginTwinUpdate(report.Content, 0, report.ContentCapacity, _eventIds.Next(), _eventIds.Length, Context.Clock.NowMs);
            int reported = 0;
            for (int i = 0; i < result.Count; i++)
            {
                int slot = result.Slot(i);
                string type = TwinType.Name(_store.Type(slot));
                if (result.Has(i, TwinResult.Deleted))
                {
                    // Rare (a local delete): the key goes out as the store's bytes, "key":null.
                    _encoder.AddDeleted(_store.ArenaBytes, _store.KeyOffset(slot), _store.KeyLength(slot));
                    reported++;
                    continue;
                }
                if (result.Has(i, TwinResult.ActualChanged) && _store.HasActual(slot))
                {
                    _encoder.AddActual(arena, _store.KeyOffset(slot), _store.KeyLength(slot), arena, _store.ActualOffset(slot), _store.ActualLength(slot), type, _store.ActualTimestamp(slot));
                    reported++;
                }
                if (result.Has(i, TwinResult.ExpectedChanged) && _store.HasExpected(slot))
                {
                    _encoder.AddExpected(arena, _store.KeyOffset(slot), _store.KeyLength(slot), arena, _store.ExpectedOffset(slot), _store.ExpectedLength(slot), type, _store.ExpectedTimestamp(slot));
                    reported++;
                }
            }
            int length = _encoder.EndTwinUpdate();
            if (reported == 0)
            {
                MessagePool.Release(report);
                return;
            }
            SendReport(report, length, device);
        }

        private void SendReport(Message report, int length, int device)
        {
            if (length < 0)
            {
                _tooLarge++;
                MessagePool.Release(report);
                return;
            }
            report.ContentLength = length;
            report.Source = Name;
            report.Destination = _options.Uplink;
            report.Operation = TwinBus.ReportToOwner;
            report.Resource = _store.DeviceId(device);
            if (Context.Bus.Send(report) != SendResult.Accepted) ReportUndelivered(device);
        }
    }
}
