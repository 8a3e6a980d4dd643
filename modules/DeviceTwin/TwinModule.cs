using EdgeNano.DeviceTwin.Wire;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Storage;

namespace EdgeNano.DeviceTwin
{
    /// <summary>
    /// The devicetwin module: the twin store on the bus. Other modules report and read through
    /// it (TwinBus), the twin owner's messages are applied by KubeEdge's rules, subscribers hear
    /// of expected-value changes, device-side changes go on to the uplink for the cloud, and the
    /// state is written to flash, coalesced, and read back at boot.
    /// </summary>
    public sealed class TwinModule : Module, ISnapshotSource
    {
        private readonly TwinStore _store;
        private readonly TwinModuleOptions _options;
        private readonly IStore _flash;
        private readonly TwinMessage _in;
        private readonly TwinMessage _out;
        private readonly TwinDecoder _decoder;
        private readonly TwinEncoder _encoder = new TwinEncoder();
        private readonly TwinUpdate _update;
        private readonly string[] _subscribers;
        private SnapshotWriter _writer;
        private int _subscriberCount;

        private int _applied;
        private int _rejected;
        private int _decodeErrors;
        private int _unknownDevices;
        private int _tooLarge;
        private int _deliveryFailures;
        private int _ownerErrors;

        /// <param name="store">The twin store, with the board's devices registered.</param>
        /// <param name="flash">Where the twin persists; null keeps it in RAM only.</param>
        public TwinModule(TwinStore store, TwinModuleOptions options, IStore flash) : base(TwinBus.Module, "twin")
        {
            _store = store;
            _options = options;
            _flash = flash;
            _in = new TwinMessage(options.MaxPayload, options.PropertiesPerMessage, false);
            _out = new TwinMessage(options.MaxPayload, options.PropertiesPerMessage, false);
            _decoder = new TwinDecoder(options.MaxPayload, Json.JsonReader.DefaultMaxDepth);
            _update = new TwinUpdate(options.PropertiesPerMessage);
            _subscribers = new string[options.SubscriberCapacity];
        }

        public TwinStore Store { get { return _store; } }

        /// <summary>Updates from modules or the owner that changed the twin.</summary>
        public int Applied { get { return _applied; } }
        /// <summary>Updates refused by the twin's rules (400/404/500 answered).</summary>
        public int Rejected { get { return _rejected; } }
        /// <summary>Payloads that were not valid twin JSON.</summary>
        public int DecodeErrors { get { return _decodeErrors; } }
        /// <summary>Messages for a device this board does not host.</summary>
        public int UnknownDevices { get { return _unknownDevices; } }
        /// <summary>Replies, reports or notifications that did not fit a bus message.</summary>
        public int TooLarge { get { return _tooLarge; } }
        /// <summary>Notifications, reports or replies the bus refused (full ring, empty pool, no uplink).</summary>
        public int DeliveryFailures { get { return _deliveryFailures; } }
        /// <summary>Error results the twin owner sent back for our reports.</summary>
        public int OwnerErrors { get { return _ownerErrors; } }
        /// <summary>The persistence writer (counters: Writes, Failures, CoalescedChanges), or null without flash.</summary>
        public SnapshotWriter Persistence { get { return _writer; } }

        public override void Start()
        {
            if (_flash == null || _writer != null) return;
            int capacity = _store.MaxSnapshotSize();
            _writer = new SnapshotWriter(_flash, _options.PersistKey, this, Context.Clock, capacity, _options.PersistIntervalMs);
            LoadFromFlash();
        }

        public override void Stop()
        {
            if (_writer != null && _writer.IsDirty) _writer.Flush();
        }

        public override void HandleTimer(long nowMs)
        {
            if (_writer == null) return;
            _writer.Poll();
            if (_writer.IsDirty) Context.Host.SetTimer(this, nowMs + _options.PersistIntervalMs);
        }

        public override void Handle(Message message)
        {
            string operation = message.Operation;
            if (operation == TwinBus.Update) HandleDeviceUpdate(message);
            else if (operation == TwinBus.OwnerDelta || operation == TwinBus.OwnerGetResult) HandleOwnerTwin(message);
            else if (operation == TwinBus.OwnerUpdateResult) HandleOwnerResult(message);
            else if (operation == TwinBus.Get) HandleGet(message);
            else if (operation == TwinBus.Subscribe) HandleSubscribe(message);
            else if (operation == TwinBus.Rereport) HandleRereport(message);
            else Context.Log.Write(LogLevel.Warning, Name, "unknown operation " + operation + " from " + message.Source);
        }

        // ---- operations ----

        private void HandleDeviceUpdate(Message message)
        {
            int device = DecodeFor(message);
            if (device < 0) return;
            if (!FillUpdate(message)) return;
            TwinResult result = _store.ApplyEdgeUpdate(device, _update);
            if (result.Status != TwinStatus.Ok)
            {
                _rejected++;
                ReplyError(message, result.Status, result.Reason);
                return;
            }
            if (!result.NoChange)
            {
                _applied++;
                AfterChange(device, result, true);
            }
            if (message.Sync) ReplyTwin(message, device, result);
        }

        private void HandleOwnerTwin(Message message)
        {
            int device = DecodeFor(message);
            if (device < 0) return;
            if (!FillUpdate(message)) return;
            // Our own twin hub sends version pairs and gets KubeEdge's version check; edgecore
            // strips them towards devices, so its desired values are merged as they come.
            TwinResult result = CarriesVersions() ? _store.ApplyCloudSync(device, _update) : _store.MergeCloudTwin(device, _update);
            if (result.Status != TwinStatus.Ok)
            {
                _rejected++;
                Context.Log.Write(LogLevel.Warning, Name, "owner's " + message.Operation + " for " + message.Resource + " refused: " + result.Reason);
            }
            else if (!result.NoChange)
            {
                _applied++;
                AfterChange(device, result, false);
            }
            if (message.Operation == TwinBus.OwnerGetResult) TellUplinkMerged(device);
        }

        private void TellUplinkMerged(int device)
        {
            if (_options.Uplink == null) return;
            Message note = Context.Bus.Rent();
            if (note == null)
            {
                _deliveryFailures++;
                return;
            }
            note.Source = Name;
            note.Destination = _options.Uplink;
            note.Operation = TwinBus.OwnerTwinMerged;
            note.Resource = _store.DeviceId(device);
            if (Context.Bus.Send(note) != SendResult.Accepted) _deliveryFailures++;
        }

        private void HandleOwnerResult(Message message)
        {
            if (!_decoder.Decode(message.Content, 0, message.ContentLength, _in))
            {
                _decodeErrors++;
                return;
            }
            if (!_in.HasCode || _in.Code == TwinStatus.Ok) return;
            _ownerErrors++;
            Context.Log.Write(LogLevel.Warning, Name, "twin owner refused a report for " + message.Resource + ": " +
                _in.Code.ToString() + " " + _in.Reason.GetString());
        }

        private void HandleGet(Message message)
        {
            int device = _store.FindDevice(message.Resource);
            int slot = device < 0 ? -1 : _store.FindProperty(device, TwinText.Of(message.Content, 0, message.ContentLength));
            if (slot < 0 || _store.IsDeleted(slot))
            {
                if (device < 0) _unknownDevices++;
                _in.Clear();
                ReplyError(message, TwinStatus.NotFound, device < 0 ? TwinReasons.DeviceMissing : TwinReasons.NoTwin);
                return;
            }
            _out.Clear();
            _out.EventId.Set("");
            _out.SetTimestamp(Context.Clock.NowMs);
            _out.TwinPresence = Presence.Value;
            if (!AddCurrent(slot)) _tooLarge++;
            Reply(message, false);
        }

        private void HandleSubscribe(Message message)
        {
            string subscriber = message.Source;
            for (int i = 0; i < _subscriberCount; i++)
            {
                if (_subscribers[i] == subscriber) return;
            }
            if (_subscriberCount == _subscribers.Length)
            {
                _deliveryFailures++;
                Context.Log.Write(LogLevel.Error, Name, "subscriber table full; " + subscriber + " will not hear of expected changes");
                _in.Clear();
                ReplyError(message, TwinStatus.InternalError, "the subscriber table is full");
                return;
            }
            _subscribers[_subscriberCount++] = subscriber;
            SendCurrentExpected(subscriber);
        }

        private void HandleRereport(Message message)
        {
            int device = _store.FindDevice(message.Resource);
            if (device < 0)
            {
                _unknownDevices++;
                return;
            }
            if (_options.Uplink == null) return;
            if (message.ContentLength > 0)
            {
                int slot = _store.FindProperty(device, TwinText.Of(message.Content, 0, message.ContentLength));
                if (slot >= 0) ReportCurrent(device, slot);
                return;
            }
            // Every property, one report each: a whole device may not fit one bus message.
            int rows = _store.PropertyCount(device);
            for (int row = 0; row < rows; row++) ReportCurrent(device, _store.Slot(device, row));
        }

        /// <summary>Sends the uplink a twin/update with the property's current actual value (or its deletion).</summary>
        private void ReportCurrent(int device, int slot)
        {
            bool deleted = _store.IsDeleted(slot);
            if (!deleted && !_store.HasActual(slot)) return;
            Message report = Context.Bus.Rent();
            if (report == null)
            {
                _deliveryFailures++;
                return;
            }
            byte[] arena = _store.ArenaBytes;
            _encoder.BeginTwinUpdate(report.Content, 0, report.ContentCapacity, "", Context.Clock.NowMs);
            if (deleted) _encoder.AddDeleted(KeyString(slot));
            else _encoder.AddActual(arena, _store.KeyOffset(slot), _store.KeyLength(slot), arena, _store.ActualOffset(slot), _store.ActualLength(slot), TwinType.Name(_store.Type(slot)), _store.ActualTimestamp(slot));
            SendReport(report, _encoder.EndTwinUpdate(), device);
        }

        // ---- after a change ----

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
            if (_subscriberCount == 0) return;
            BeginExpectedNote();
            for (int i = 0; i < result.Count; i++)
            {
                if (result.Has(i, TwinResult.ExpectedChanged)) AddExpectedToNote(result.Slot(i));
            }
            for (int s = 0; s < _subscriberCount; s++) SendNote(_subscribers[s], device);
        }

        /// <summary>
        /// A new subscriber hears every expected value the twin already holds (restored from flash
        /// after a reboot, say), so outputs come back to their desired state before the cloud is
        /// reachable again.
        /// </summary>
        private void SendCurrentExpected(string subscriber)
        {
            for (int device = 0; device < _store.DeviceCount; device++)
            {
                BeginExpectedNote();
                for (int row = 0; row < _store.PropertyCount(device); row++)
                {
                    int slot = _store.Slot(device, row);
                    if (!_store.IsDeleted(slot)) AddExpectedToNote(slot);
                }
                SendNote(subscriber, device);
            }
        }

        private void BeginExpectedNote()
        {
            _out.Clear();
            _out.EventId.Set("");
            _out.SetTimestamp(Context.Clock.NowMs);
            _out.DeltaPresence = Presence.Value;
        }

        private void AddExpectedToNote(int slot)
        {
            if (!_store.HasExpected(slot)) return;
            byte[] arena = _store.ArenaBytes;
            if (!_out.AddDelta(arena, _store.KeyOffset(slot), _store.KeyLength(slot), arena, _store.ExpectedOffset(slot), _store.ExpectedLength(slot))) _tooLarge++;
        }

        /// <summary>Sends the note in _out (when it names any key) to one subscriber.</summary>
        private void SendNote(string subscriber, int device)
        {
            if (_out.DeltaCount == 0) return;
            Message note = Context.Bus.Rent();
            if (note == null)
            {
                _deliveryFailures++;
                return;
            }
            int length = _encoder.Encode(_out, false, note.Content, 0, note.ContentCapacity);
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
            if (Context.Bus.Send(note) != SendResult.Accepted) _deliveryFailures++;
        }

        private void ReportToOwner(int device, TwinResult result)
        {
            Message report = Context.Bus.Rent();
            if (report == null)
            {
                _deliveryFailures++;
                return;
            }
            byte[] arena = _store.ArenaBytes;
            _encoder.BeginTwinUpdate(report.Content, 0, report.ContentCapacity, "", Context.Clock.NowMs);
            int reported = 0;
            for (int i = 0; i < result.Count; i++)
            {
                int slot = result.Slot(i);
                string type = TwinType.Name(_store.Type(slot));
                if (result.Has(i, TwinResult.Deleted))
                {
                    // Rare (a local delete): the key string is made only here.
                    _encoder.AddDeleted(KeyString(slot));
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
            if (Context.Bus.Send(report) != SendResult.Accepted) _deliveryFailures++;
        }

        // ---- decoding ----

        /// <summary>Decodes the message content into _in; the device index, or -1 (answered and counted).</summary>
        private int DecodeFor(Message message)
        {
            if (!_decoder.Decode(message.Content, 0, message.ContentLength, _in))
            {
                _decodeErrors++;
                Context.Log.Write(LogLevel.Warning, Name, "bad twin JSON from " + message.Source + " for " + message.Resource + ": " +
                    _decoder.Error + " at byte " + _decoder.ErrorPosition.ToString());
                ReplyError(message, TwinStatus.BadRequest, _decoder.Error);
                return -1;
            }
            int device = _store.FindDevice(message.Resource);
            if (device < 0)
            {
                _unknownDevices++;
                ReplyError(message, TwinStatus.NotFound, TwinReasons.DeviceMissing);
            }
            return device;
        }

        /// <summary>Turns the decoded message's twin map into the store's input; false (answered) when it does not fit.</summary>
        private bool FillUpdate(Message message)
        {
            _update.Clear();
            for (int i = 0; i < _in.PropertyCount; i++)
            {
                TwinProperty property = _in.PropertyAt(i);
                int change = _update.Add(Text(property.Key));
                if (change < 0)
                {
                    _rejected++;
                    ReplyError(message, TwinStatus.BadRequest, "too many properties in one message");
                    return false;
                }
                TwinState twin = property.Twin;
                if (twin.IsNull)
                {
                    _update.SetDelete(change);
                    continue;
                }
                if (twin.Expected.Presence == Presence.Value)
                {
                    _update.SetExpected(change, Text(twin.Expected.Value));
                    if (twin.Expected.HasTimestamp) _update.SetExpectedTimestamp(change, twin.Expected.Timestamp);
                }
                if (twin.Actual.Presence == Presence.Value)
                {
                    _update.SetActual(change, Text(twin.Actual.Value));
                    if (twin.Actual.HasTimestamp) _update.SetActualTimestamp(change, twin.Actual.Timestamp);
                }
                if (twin.HasOptional) _update.SetOptional(change, twin.Optional);
                if (twin.Type.HasValue) _update.SetType(change, Text(twin.Type));
                if (twin.ExpectedVersion.Presence == Presence.Value) _update.SetExpectedVersion(change, twin.ExpectedVersion.Cloud, twin.ExpectedVersion.Edge);
                if (twin.ActualVersion.Presence == Presence.Value) _update.SetActualVersion(change, twin.ActualVersion.Cloud, twin.ActualVersion.Edge);
            }
            return true;
        }

        private bool CarriesVersions()
        {
            for (int i = 0; i < _in.PropertyCount; i++)
            {
                TwinState twin = _in.PropertyAt(i).Twin;
                if (twin.ExpectedVersion.Presence == Presence.Value || twin.ActualVersion.Presence == Presence.Value) return true;
            }
            return false;
        }

        private static TwinText Text(WireText text)
        {
            return TwinText.Of(text.Buffer, text.Offset, text.Length);
        }

        private string KeyString(int slot)
        {
            byte[] arena = _store.ArenaBytes;
            int offset = _store.KeyOffset(slot);
            char[] key = new char[_store.KeyLength(slot)];
            for (int i = 0; i < key.Length; i++) key[i] = (char)arena[offset + i];
            return new string(key);
        }

        // ---- replies ----

        /// <summary>Answers a request (Sync) with the twin of the changed keys, versions stripped.</summary>
        private void ReplyTwin(Message request, int device, TwinResult result)
        {
            _out.Clear();
            _out.EventId.Set(_in.EventId.Buffer, _in.EventId.Offset, _in.EventId.Length);
            _out.SetTimestamp(Context.Clock.NowMs);
            _out.TwinPresence = Presence.Value;
            for (int i = 0; i < result.Count; i++)
            {
                if (!AddCurrent(result.Slot(i))) _tooLarge++;
            }
            Reply(request, false);
        }

        /// <summary>Adds a property's current state to _out (null when deleted). False when _out is full.</summary>
        private bool AddCurrent(int slot)
        {
            byte[] arena = _store.ArenaBytes;
            TwinProperty property = _out.AddProperty(arena, _store.KeyOffset(slot), _store.KeyLength(slot));
            if (property == null) return false;
            TwinState twin = property.Twin;
            if (_store.IsDeleted(slot))
            {
                twin.Presence = Presence.Null;
                return true;
            }
            if (_store.HasExpected(slot))
            {
                SetValue(twin.Expected, arena, _store.ExpectedOffset(slot), _store.ExpectedLength(slot), _store.ExpectedTimestamp(slot));
            }
            if (_store.HasActual(slot))
            {
                SetValue(twin.Actual, arena, _store.ActualOffset(slot), _store.ActualLength(slot), _store.ActualTimestamp(slot));
            }
            twin.SetOptional(_store.Optional(slot));
            twin.Type.Set(TwinType.Name(_store.Type(slot)));
            return true;
        }

        private static void SetValue(TwinValue value, byte[] bytes, int offset, int length, long timestamp)
        {
            value.Presence = Presence.Value;
            value.Value.Set(bytes, offset, length);
            value.HasTimestamp = timestamp > 0;
            value.Timestamp = timestamp;
        }

        private void ReplyError(Message request, int code, string reason)
        {
            if (!request.Sync) return;
            Message reply = Context.Bus.Rent();
            if (reply == null)
            {
                _deliveryFailures++;
                return;
            }
            int length = _encoder.EncodeError(reply.Content, 0, reply.ContentCapacity, _in.EventId, Context.Clock.NowMs, code, reason);
            SendReply(request, reply, length);
        }

        private void Reply(Message request, bool withVersions)
        {
            if (!request.Sync) return;
            Message reply = Context.Bus.Rent();
            if (reply == null)
            {
                _deliveryFailures++;
                return;
            }
            SendReply(request, reply, _encoder.Encode(_out, withVersions, reply.Content, 0, reply.ContentCapacity));
        }

        private void SendReply(Message request, Message reply, int length)
        {
            if (length < 0)
            {
                _tooLarge++;
                MessagePool.Release(reply);
                return;
            }
            reply.ContentLength = length;
            reply.Source = Name;
            reply.Operation = request.Operation;
            reply.Resource = request.Resource;
            if (Context.Bus.Respond(request, reply) != SendResult.Accepted) _deliveryFailures++;
        }

        // ---- persistence ----

        private void LoadFromFlash()
        {
            int length;
            StoreResult found = _writer.Load(out length);
            if (found == StoreResult.Missing)
            {
                Context.Log.Write(LogLevel.Info, Name, "no saved twin; starting empty");
                return;
            }
            if (found != StoreResult.Ok)
            {
                Context.Log.Write(LogLevel.Warning, Name, "saved twin unreadable (" + StoreResults.Name(found) + "); starting empty");
                return;
            }
            // The record keeps its payload after its header; the twin reads from offset 0.
            byte[] buffer = _writer.Buffer;
            System.Array.Copy(buffer, SnapshotRecord.PayloadOffset, buffer, 0, length);
            int loaded = _store.LoadSnapshot(buffer, length);
            Context.Log.Write(loaded == SnapshotStatus.Loaded ? LogLevel.Info : LogLevel.Warning, Name,
                loaded == SnapshotStatus.Loaded ? "twin restored from flash" : "saved twin refused (" + SnapshotStatus.Name(loaded) + "); starting empty");
        }

        int ISnapshotSource.WriteSnapshot(byte[] buffer, int offset, int capacity)
        {
            return _store.WriteSnapshot(buffer, offset, capacity);
        }
    }
}
