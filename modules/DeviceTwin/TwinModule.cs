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
    public sealed partial class TwinModule : Module, ISnapshotSource
    {
        private readonly TwinStore _store;
        private readonly TwinModuleOptions _options;
        private readonly IStore _flash;
        private readonly TwinMessage _in;
        private readonly TwinDecoder _decoder;
        private readonly TwinEncoder _encoder = new TwinEncoder();
        private readonly TwinUpdate _update;
        private readonly EventIds _eventIds;
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
        private int _othersResults;

        /// <param name="store">The twin store, with the board's devices registered.</param>
        /// <param name="flash">Where the twin persists; null keeps it in RAM only.</param>
        public TwinModule(TwinStore store, TwinModuleOptions options, IStore flash) : this(store, options, flash, new EventIds(0))
        {
        }

        /// <param name="eventIds">The board's request ids: the ids of its reports, and those results are matched with (share them with edgehub, which asks twin/get).</param>
        public TwinModule(TwinStore store, TwinModuleOptions options, IStore flash, EventIds eventIds) : base(TwinBus.Module, "twin")
        {
            _eventIds = eventIds;
            _store = store;
            _options = options;
            _flash = flash;
            // Decoded in place: _in's text is the bus message's own payload while it is handled,
            // so it needs no payload-sized arena of its own, nor the decoder a scratch buffer.
            // No membership lists: devicetwin is sent twin messages only (eventbus keeps the
            // node's membership answers), and 8 member places cost 340 bytes.
            _in = new TwinMessage(1, options.PropertiesPerMessage, 0, false);
            _decoder = TwinDecoder.InPlace(options.MaxPayload, Json.JsonReader.DefaultMaxDepth);
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
        /// <summary>
        /// Results (twin/update/result, twin/get/result) whose event_id is none of the board's
        /// recent requests: answers to another client of the device's topics, ignored.
        /// </summary>
        public int OthersResults { get { return _othersResults; } }
        /// <summary>The ids of the board's requests (give them to edgehub, which asks twin/get).</summary>
        public EventIds EventIds { get { return _eventIds; } }
        /// <summary>The persistence writer (counters: Writes, Failures, CoalescedChanges), or null without flash.</summary>
        public SnapshotWriter Persistence { get { return _writer; } }

        public override void Start()
        {
            // One mark per device hosted (all registered before start), made once.
            if (_deviceMarks == null) _deviceMarks = new byte[_store.DeviceCount];
            if (_rowMarks == null) _rowMarks = new byte[_store.DeviceCount * _store.PropertiesPerDevice];
            if (_flash == null || _writer != null) return;
            int capacity = _store.MaxSnapshotSize();
            // A write every few seconds at most borrows a payload array rather than keeping a
            // snapshot-sized buffer, when the pool's arrays can hold the snapshot.
            MessagePool pool = Context.Bus.Pool;
            _writer = new SnapshotWriter(_flash, _options.PersistKey, this, Context.Clock,
                SnapshotWriter.CanBorrow(pool, capacity) ? pool : null, capacity, _options.PersistIntervalMs);
            LoadFromFlash();
        }

        public override void Stop()
        {
            if (_writer != null && _writer.IsDirty) _writer.Flush();
        }

        public override void HandleTimer(long nowMs)
        {
            if (_renotify) RenotifySubscribers();
            if (_reportAgainDue) ReportAgain();
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
            else if (operation == TwinBus.Rereport || operation == TwinBus.RereportMore) HandleRereport(message);
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
            if (message.Operation == TwinBus.OwnerGetResult && !AnswersUs()) return;
            if (!FillUpdate(message)) return;
            // Our own twin hub sends version pairs and gets KubeEdge's version check; edgecore
            // strips them towards devices, so its desired values are merged as they come.
            TwinResult result = WireUpdate.CarriesVersions(_in) ? _store.ApplyCloudSync(device, _update) : _store.MergeCloudTwin(device, _update);
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
            if (_deviceMarks != null && (_deviceMarks[device] & OwnerLacks) != 0 && _options.Uplink != null)
            {
                // The owner did not know the device when it refused a report (404); now it speaks
                // of it, so it does: everything it missed goes out again.
                _deviceMarks[device] = (byte)(_deviceMarks[device] & ~OwnerLacks);
                _reportRetries++;
                ReportTogether(device, AllRows);
            }
            else if (message.Operation == TwinBus.OwnerGetResult)
            {
                CorrectOwnerReadings(device);
            }
            if (message.Operation == TwinBus.OwnerGetResult) TellUplinkMerged(device);
        }

        /// <summary>
        /// After a whole twin from the owner (the get after a reconnect): each reading the owner
        /// holds that differs from ours, or that it lacks, is reported again. A board restarted
        /// from an older snapshot (power lost before its last write reached the flash) can read
        /// its pins as the snapshot says, so its first readings are no change and go unreported,
        /// while the owner still holds a newer value its previous life reported; without this
        /// the two would differ until the reading next changes.
        /// </summary>
        private void CorrectOwnerReadings(int device)
        {
            if (_options.Uplink == null) return;
            ReportTogether(device, OwnerCorrections);
        }

        // The slot whose actual value the owner's twin (change c of _update) has wrong, or -1.
        private int OwnerReadingToCorrect(int device, int c)
        {
            if (_update.IsDelete(c)) return -1;
            int slot = _store.FindProperty(device, _update.Key(c));
            if (slot < 0 || _store.IsDeleted(slot) || !_store.HasActual(slot)) return -1;
            if (_update.HasActual(c) && _store.ActualIs(slot, _update.Actual(c))) return -1;
            return slot;
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
            if (!AnswersUs() || !_in.HasCode || _in.Code == TwinStatus.Ok) return;
            _ownerErrors++;
            int device = _store.FindDevice(message.Resource);
            bool unknownToOwner = _in.Code == TwinStatus.NotFound && device >= 0 && _deviceMarks != null;
            // edgecore answers 404 to the reports of a device it does not hold yet (its Device
            // made in the cluster later): they would never be sent again, so the device is
            // reported whole once the owner next sends its twin or a delta for it.
            if (unknownToOwner) _deviceMarks[device] |= OwnerLacks;
            Context.Log.Write(LogLevel.Warning, Name, "twin owner refused a report for " + message.Resource + ": " +
                _in.Code.ToString() + " " + _in.Reason.GetString() + (unknownToOwner ? " (reported again when the owner next sends its twin)" : ""));
        }

        /// <summary>Whether the decoded result in _in echoes one of our requests; counted when it does not.</summary>
        private bool AnswersUs()
        {
            WireText id = _in.EventId;
            if (id.HasValue && _eventIds.IsRecent(id.Buffer, id.Offset, id.Length)) return true;
            _othersResults++;
            return false;
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
            ReplyProperty(message, slot);
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
            if (message.ContentLength == 0)
            {
                ForgetListed(device);
                ReportTogether(device, AllRows);
                return;
            }
            MarkListed(device, message);
            // More keys follow in the next ask for the device: they go out together.
            if (message.Operation == TwinBus.RereportMore) return;
            ReportListed(device);
        }

        // What ReportTogether reports: every row of the device, the rows whose reading the
        // owner's twin in _update has wrong, or the rows re-report asks listed (Listed).
        private const int AllRows = 0;
        private const int OwnerCorrections = 1;
        private const int ListedKeys = 2;

        // Per slot, two marks in one byte (one array, not two: each is a heap object on the device).
        // Listed: named by a re-report ask for its device not yet answered. A mark per row rather
        // than the keys: an ask that did not hold every key (RereportMore) leaves its rows marked
        // until the device's last ask reports them all together.
        // Reporting: listed in the report being made (ReportListed moves Listed here).
        private byte[] _rowMarks;
        private const byte Listed = 1;
        private const byte Reporting = 2;

        /// <summary>Marks the rows of the keys a re-report ask lists (separated by TwinBus.RereportKeySeparator); a key the device lacks is passed over.</summary>
        private void MarkListed(int device, Message ask)
        {
            byte[] content = ask.Content;
            int start = 0;
            for (int i = 0; i <= ask.ContentLength; i++)
            {
                if (i < ask.ContentLength && content[i] != TwinBus.RereportKeySeparator) continue;
                int slot = i > start ? _store.FindProperty(device, TwinText.Of(content, start, i - start)) : -1;
                if (slot >= 0) _rowMarks[slot] |= Listed;
                start = i + 1;
            }
        }

        /// <summary>Reports the device's listed rows together and forgets them (those that could not leave yet are marked again).</summary>
        private void ReportListed(int device)
        {
            // Copied out first: what ReportTogether cannot send now it marks again, for the timer.
            int rows = _store.PropertyCount(device);
            for (int row = 0; row < rows; row++)
            {
                int slot = _store.Slot(device, row);
                _rowMarks[slot] = (_rowMarks[slot] & Listed) != 0 ? Reporting : (byte)0;
            }
            ReportTogether(device, ListedKeys);
        }

        private void ForgetListed(int device)
        {
            int rows = _store.PropertyCount(device);
            for (int row = 0; row < rows; row++)
            {
                int slot = _store.Slot(device, row);
                _rowMarks[slot] = (byte)(_rowMarks[slot] & Reporting);
            }
        }

        /// <summary>
        /// Reports current values of a device together: of every row, of the rows whose reading
        /// the owner's twin in _update has wrong, or of the rows re-report asks listed (which:
        /// AllRows, OwnerCorrections, ListedKeys). As many as fit one twin/update go in one (it
        /// holds one of the bus's few payload arrays, not one per property); the rest start the
        /// next. A property too large for a twin/update of its own is counted (TooLarge).
        /// </summary>
        private void ReportTogether(int device, int which)
        {
            int candidates = which == OwnerCorrections ? _update.Count : _store.PropertyCount(device);
            Message report = null;
            int inReport = 0;
            for (int i = 0; i < candidates; i++)
            {
                int slot = Candidate(device, i, which);
                if (slot < 0 || !HasCurrent(slot)) continue;
                if (report == null)
                {
                    report = Context.Bus.RentForPayload();
                    if (report == null)
                    {
                        // No payload array free (the reports just made hold them until edgehub
                        // takes them): the rows not reported yet wait for the timer. Not the whole
                        // device again, which would need as many arrays at once, every time.
                        ReportRestLater(device, which, i, candidates);
                        return;
                    }
                    _encoder.BeginTwinUpdate(report.Content, 0, report.ContentCapacity, _eventIds.Next(), _eventIds.Length, Context.Clock.NowMs);
                    inReport = 0;
                }
                _encoder.MarkProperty();
                AddCurrentToReport(slot);
                if (_encoder.StillFits)
                {
                    inReport++;
                    continue;
                }
                _encoder.TakeBackProperty();
                if (inReport == 0)
                {
                    // Alone it does not fit a payload either: counted, and the others go on.
                    _tooLarge++;
                    continue;
                }
                // The report is full: send it, and this property starts the next one.
                SendReport(report, _encoder.EndTwinUpdate(), device);
                report = null;
                i--;
            }
            if (report == null) return;
            if (inReport > 0) SendReport(report, _encoder.EndTwinUpdate(), device);
            else MessagePool.Release(report);
        }

        /// <summary>Marks ReportTogether's candidates from the first-th on as listed, reported again on the timer (ReportAgain).</summary>
        private void ReportRestLater(int device, int which, int first, int candidates)
        {
            for (int i = first; i < candidates; i++)
            {
                int slot = Candidate(device, i, which);
                if (slot >= 0) _rowMarks[slot] |= Listed;
            }
            ReportListedUndelivered(device);
        }

        // The i-th slot ReportTogether looks at: the device's i-th row, the slot change i of
        // _update has a wrong reading for, or the device's i-th row when an ask listed it (-1
        // when there is none).
        private int Candidate(int device, int i, int which)
        {
            if (which == OwnerCorrections) return OwnerReadingToCorrect(device, i);
            int slot = _store.Slot(device, i);
            if (which == ListedKeys && (_rowMarks[slot] & Reporting) == 0) return -1;
            return slot;
        }

        /// <summary>True when a property has something to report: an actual value or its deletion.</summary>
        private bool HasCurrent(int slot)
        {
            return _store.IsDeleted(slot) || _store.HasActual(slot);
        }

        /// <summary>Adds a property's current actual value (or its deletion) to the report being encoded.</summary>
        private void AddCurrentToReport(int slot)
        {
            byte[] arena = _store.ArenaBytes;
            if (_store.IsDeleted(slot)) _encoder.AddDeleted(arena, _store.KeyOffset(slot), _store.KeyLength(slot));
            else _encoder.AddActual(arena, _store.KeyOffset(slot), _store.KeyLength(slot), arena, _store.ActualOffset(slot), _store.ActualLength(slot), TwinType.Name(_store.Type(slot)), _store.ActualTimestamp(slot));
        }
    }
}
