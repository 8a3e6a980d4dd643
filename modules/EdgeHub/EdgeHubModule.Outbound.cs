using EdgeNano.DeviceTwin;
using EdgeNano.DeviceTwin.Wire;
using EdgeNano.Runtime;

namespace EdgeNano.EdgeHub
{
    /// <summary>edgehub's outbound path: reports and events straight to the link when possible, else to the outbox and the event ring; the flush.</summary>
    public sealed partial class EdgeHubModule
    {

        private void HandleReport(Message message)
        {
            int device = DeviceIndex(message.Resource);
            if (device < 0)
            {
                _unknownDevices++;
                return;
            }
            long now = Context.Clock.NowMs;
            if (_state == EdgeHubState.Synced && DataRoom() > 0 && _bucket.TryTake(now)
                && _worker.TryQueue(_topics.TwinUpdateTopic(device), message.Content, 0, message.ContentLength, _options.TwinQos, LinkWorker.TwinReport, device))
            {
                _reportsDirect++;
                return;
            }
            _reportsDeferred++;
            MarkReport(device, message.Content, 0, message.ContentLength);
            if (_state == EdgeHubState.Synced) Context.Host.SetTimer(this, now + WaitForToken(now));
        }

        private void HandleEvent(Message message)
        {
            long now = Context.Clock.NowMs;
            if (_state == EdgeHubState.Synced && _events.Count == 0 && DataRoom() > 0 && _bucket.TryTake(now)
                && _worker.TryQueue(message.Resource, message.Content, 0, message.ContentLength, _options.EventQos, LinkWorker.Event, -1))
            {
                _eventsDirect++;
                return;
            }
            _events.Add(message.Resource, message.Content, 0, message.ContentLength);
            if (_state == EdgeHubState.Synced) Context.Host.SetTimer(this, now + WaitForToken(now));
        }

        /// <summary>Marks every property of a twin/update as not yet delivered. Reads the payload in place: it is not sent afterwards.</summary>
        private void MarkReport(int device, byte[] payload, int offset, int length)
        {
            if (!_reportKeys.Open(payload, offset, length, "twin"))
            {
                _decodeErrors++;
                _outbox.MarkEverything(device);
                return;
            }
            while (_reportKeys.Next()) _outbox.Mark(device, _reportKeys.KeyBuffer, _reportKeys.KeyOffset, _reportKeys.KeyLength);
            if (_reportKeys.Error != null)
            {
                _decodeErrors++;
                _outbox.MarkEverything(device);
            }
        }

        /// <summary>Moves outbox markers (as re-report requests) and kept events on, as far as tokens and the link's queue allow.</summary>
        private void Pump(long now)
        {
            int budget = _bucket.Available(now);
            int room = DataRoom();
            if (budget > room) budget = room;
            // Each ask comes back as a report holding one of the bus's few payload arrays until
            // edgehub takes it: ask for no more than modules can rent. The pool itself keeps one
            // for what arrives from the cloud meanwhile (a resync's get/result) when it has more
            // than one, so a flush cannot starve it; keeping another here would leave a board
            // with one array (payloadArrays: 1) asking for nothing, ever.
            int payloads = Context.Bus.Pool.PayloadsForModules;
            if (budget > payloads) budget = payloads;
            // A device whose marked keys did not all fit the last ask (RereportMore): the next
            // ask carries more of them, so devicetwin reports them all together.
            int continuing = -1;
            while (budget > 0 && _outbox.Count > 0)
            {
                Message ask = Context.Bus.Rent();
                if (ask == null) break;
                int device = continuing;
                int keyLength = continuing >= 0 ? _outbox.TakeMore(continuing, _key, 0, _key.Length) : _outbox.Take(_key, out device);
                ask.SetContent(_key, 0, keyLength);
                int keys = keyLength > 0 ? 1 + TakeMoreKeys(ask, device) : 0;
                bool more = keys > 0 && _outbox.HasKeysOf(device);
                ask.Source = Name;
                ask.Destination = _options.TwinModule;
                ask.Operation = more ? TwinBus.RereportMore : TwinBus.Rereport;
                ask.Resource = _topics.DeviceId(device);
                if (Context.Bus.Send(ask) != SendResult.Accepted)
                {
                    // Put it back (from our copy: the bus took the message); the next round tries
                    // again. Several keys went with it, or asks before it: the whole device is
                    // marked, which supersedes them and loses nothing.
                    if (keys != 1 || continuing >= 0) _outbox.MarkEverything(device);
                    else _outbox.Mark(device, _key, 0, keyLength);
                    break;
                }
                _rereportsAsked++;
                continuing = more ? device : -1;
                // Only the last ask of a device comes back as a report holding a payload array.
                if (!more) budget--;
            }
            while (_events.Count > 0 && DataRoom() > 0 && _bucket.TryTake(now))
            {
                // A full outgoing ring (in bytes) keeps the event for the next pump.
                if (!_worker.TryQueue(_events.OldestTopic, _events.OldestPayload, _events.OldestOffset, _events.OldestLength, _options.EventQos, LinkWorker.Event, -1)) break;
                _events.RemoveOldest();
            }
        }

        /// <summary>Places in the link queue that reports and events may use: the control reserve stays free.</summary>
        private int DataRoom()
        {
            return _worker.Room - ControlReserve();
        }

        /// <summary>Session control after a connect: online and twin/get per device, the drop count, and an OTA request.</summary>
        private int ControlReserve()
        {
            return 2 * _topics.DeviceCount + 1 + OtaReserve();
        }

        private bool QueueControl(string topic, int length)
        {
            // Session control (online, twin/get, drop counts) is not rate limited: a handful per connect,
            // with places of its own in the link queue.
            if (length >= 0 && _worker.TryQueue(topic, _scratch, 0, length, _options.TwinQos, LinkWorker.Control, -1)) return true;
            _controlFailures++;
            Context.Log.Write(LogLevel.Error, Name, "could not queue " + topic);
            return false;
        }

        /// <summary>
        /// Adds the device's other marked keys to a re-report ask, as many as its own content
        /// holds, separated by TwinBus.RereportKeySeparator: devicetwin reports them in one
        /// twin/update instead of one each. The keys added.
        /// </summary>
        private int TakeMoreKeys(Message ask, int device)
        {
            int added = 0;
            while (ask.ContentLength + 1 < ask.ContentCapacity)
            {
                int at = ask.ContentLength;
                int length = _outbox.TakeMore(device, ask.Content, at + 1, ask.ContentCapacity);
                if (length < 0) break;
                ask.Content[at] = TwinBus.RereportKeySeparator;
                ask.ContentLength = at + 1 + length;
                added++;
            }
            return added;
        }

        private void TakeBackStalled()
        {
            _workerStalls++;
            string topic;
            int kind;
            int device;
            int offset;
            int length;
            // Each publish is read where it waits, then forgotten: no payload-sized copy.
            while (_worker.PeekStalled(out topic, out kind, out device, out offset, out length))
            {
                if (kind == LinkWorker.TwinReport) MarkReport(device, _worker.PayloadBytes, offset, length);
                else if (kind == LinkWorker.Event) _events.Add(topic, _worker.PayloadBytes, offset, length);
                // Control messages are made again after the next connect.
                _worker.DropStalledHead();
            }
            _worker.Resume();
        }
    }
}
