using System.Threading;
using EdgeNano.DeviceTwin;
using EdgeNano.DeviceTwin.Wire;
using EdgeNano.EventBus;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Network;

namespace EdgeNano.EdgeHub
{
    /// <summary>
    /// The edgehub module: owns the board's one MQTT session. Connects with a last will
    /// ({"state":"offline"} on the first device's state/update), reconnects with exponential
    /// backoff and full jitter, and after every connect resubscribes, publishes "online",
    /// asks twin/get for every device and, once the twins are merged, flushes the offline
    /// outbox. Blocking link calls run on the board's blocking-work thread (<see cref="LinkWorker"/>),
    /// never on the dispatcher. See README.md for the design.
    /// </summary>
    public sealed partial class EdgeHubModule : Module
    {
        private readonly IMqttLink _link;
        private readonly IBlockingWork _work;
        private readonly MqttLinkOptions _linkOptions;
        private readonly KubeEdgeTopics _topics;
        private readonly EdgeHubOptions _options;
        private readonly ReconnectBackoff _backoff;
        private readonly TwinOutbox _outbox;
        private readonly EventRing _events;
        // Which properties a report carried, read in place when the link gives a report back.
        private readonly TwinMapScanner _reportKeys;
        /// <summary>The data/update name under which edgehub reports events it had to drop.</summary>
        private const string DroppedEventsName = "edgehub_dropped_events";

        private readonly TwinEncoder _encoder = new TwinEncoder();
        private readonly EventIds _eventIds;
        // Session control payloads (state, twin/get, the drop count) are built here.
        private readonly byte[] _scratch;
        private readonly byte[] _key;
        private readonly bool[] _synced;
        private readonly int[] _recentDelays = new int[16];
        private readonly int[] _recentCeilings = new int[16];
        private readonly LinkListener _listener;
        private LinkWorker _worker;
        private TokenBucket _bucket;

        private int _state = EdgeHubState.Disconnected;
        private int _lostSignal;
        private long _nextAttemptAt;
        private long _connectedAt;
        private long _resyncDeadline;
        // Devices whose twin/get is answered since the connect (_synced), and when to ask the others again.
        private int _syncedCount;
        private long _getRetryAt;
        private int _getRetryDelay;
        private int _delayCount;

        private int _connects;
        private int _connectFailures;
        private int _losses;
        private int _reportsDirect;
        private int _reportsDeferred;
        private int _rereportsAsked;
        private int _eventsDirect;
        private int _resyncTimeouts;
        private int _decodeErrors;
        private int _unknownDevices;
        private int _dropReports;
        private int _workerStalls;
        private int _controlFailures;
        private int _twinGetRetries;

        /// <param name="link">The board's MQTT link; edgehub becomes its listener.</param>
        /// <param name="work">Where blocking link calls run (one thread on a device, a shared pool on the host).</param>
        /// <param name="linkOptions">Broker, client id, TLS; edgehub sets the will fields.</param>
        /// <remarks>
        /// With request ids of its own: for an edgehub without devicetwin beside it. Beside a
        /// TwinModule pass its EventIds (the other constructor), or devicetwin takes the answers
        /// to edgehub's twin/get for another client's and never merges them.
        /// </remarks>
        public EdgeHubModule(IMqttLink link, IBlockingWork work, MqttLinkOptions linkOptions, KubeEdgeTopics topics, EdgeHubOptions options)
            : this(link, work, linkOptions, topics, options, new EventIds(0))
        {
        }

        /// <param name="eventIds">The board's request ids, shared with devicetwin (<see cref="TwinModule.EventIds"/>), which matches the twin/get/results to them.</param>
        public EdgeHubModule(IMqttLink link, IBlockingWork work, MqttLinkOptions linkOptions, KubeEdgeTopics topics, EdgeHubOptions options,
            EventIds eventIds)
            : base(EdgeHubOperations.Module, "hub")
        {
            if (link == null || work == null || linkOptions == null || topics == null || eventIds == null) throw new System.ArgumentNullException("link");
            _eventIds = eventIds;
            _link = link;
            _work = work;
            _linkOptions = linkOptions;
            _topics = topics;
            _options = options ?? new EdgeHubOptions();
            _backoff = new ReconnectBackoff(_options.BackoffBaseMs, _options.BackoffCapMs, _options.BackoffFloorMs, _options.BackoffSeed);
            _outbox = new TwinOutbox(_options.OutboxCapacity, _options.MaxKeyLength, topics.DeviceCount);
            // An event larger than the ring's bytes cannot be kept offline: counted as too large.
            _events = new EventRing(_options.EventCapacity, _options.LargestKeptEvent(), _options.EventRingBytes());
            // In place: a report is scanned only when it will not be sent as it is (deferred to
            // the outbox, or taken back from a stalled link and dropped), so its bytes are ours.
            _reportKeys = TwinMapScanner.InPlace(_options.MaxPayload);
            _scratch = new byte[EdgeHubOptions.ControlPayloadBytes];
            _key = new byte[_options.MaxKeyLength];
            _synced = new bool[topics.DeviceCount];
            _listener = new LinkListener(this);
        }

        /// <summary>The session's state (<see cref="EdgeHubState"/>); any thread may read it.</summary>
        public int State { get { return Interlocked.CompareExchange(ref _state, 0, 0); } }
        /// <summary>The state's name, for logs and displays.</summary>
        public string StateName { get { return EdgeHubState.Name(State); } }

        /// <summary>Sessions opened.</summary>
        public int Connects { get { return _connects; } }
        /// <summary>Connect attempts that failed (refused, unreachable, subscribe refused).</summary>
        public int ConnectFailures { get { return _connectFailures; } }
        /// <summary>Sessions lost without our Disconnect.</summary>
        public int Losses { get { return _losses; } }
        /// <summary>Twin reports handed straight to the link.</summary>
        public int ReportsDirect { get { return _reportsDirect; } }
        /// <summary>Twin reports turned into outbox markers (offline, rate-limited, or link busy).</summary>
        public int ReportsDeferred { get { return _reportsDeferred; } }
        /// <summary>Re-reports asked of devicetwin while flushing the outbox.</summary>
        public int RereportsAsked { get { return _rereportsAsked; } }
        /// <summary>Events handed straight to the link.</summary>
        public int EventsDirect { get { return _eventsDirect; } }
        /// <summary>Resyncs that ended without every twin/get/result.</summary>
        public int ResyncTimeouts { get { return _resyncTimeouts; } }
        /// <summary>Reports that could not be decoded into outbox markers (the device was marked "report everything").</summary>
        public int DecodeErrors { get { return _decodeErrors; } }
        /// <summary>Reports or notes for a device the board does not host.</summary>
        public int UnknownDevices { get { return _unknownDevices; } }
        /// <summary>Event drop counts reported to the cloud.</summary>
        public int DropReports { get { return _dropReports; } }
        /// <summary>Times the link worker stopped on a failed publish.</summary>
        public int WorkerStalls { get { return _workerStalls; } }
        /// <summary>Session control messages (online, twin/get, drop count) that could not be queued.</summary>
        public int ControlFailures { get { return _controlFailures; } }
        /// <summary>Times twin/get was asked again for devices whose twin/get went unanswered.</summary>
        public int TwinGetRetries { get { return _twinGetRetries; } }
        /// <summary>The offline outbox of twin reports (counters: Marked, Coalesced, Overflows).</summary>
        public TwinOutbox Outbox { get { return _outbox; } }
        /// <summary>Events kept while offline (counters: Dropped, TooLarge).</summary>
        public EventRing Events { get { return _events; } }
        /// <summary>The outbound rate limit (counters: Allowed, Deferred); null before Start.</summary>
        public TokenBucket RateLimit { get { return _bucket; } }
        /// <summary>The blocking-work side of the session (counters: Published, Failed); null before Start.</summary>
        public LinkWorker Worker { get { return _worker; } }
        /// <summary>Reconnect delays drawn so far (the last 16 are kept).</summary>
        public int DelayCount { get { return _delayCount; } }

        /// <summary>The i-th reconnect delay drawn (0-based; the last 16 are kept).</summary>
        public int Delay(int index) { return _recentDelays[index % _recentDelays.Length]; }

        /// <summary>The ceiling the i-th reconnect delay was drawn under.</summary>
        public int DelayCeiling(int index) { return _recentCeilings[index % _recentCeilings.Length]; }

        public override void Start()
        {
            long now = Context.Clock.NowMs;
            CheckMessageCapacity();
            _bucket = new TokenBucket(_options.RatePerSecond, _options.Burst, now);
            if (_worker == null)
            {
                _worker = new LinkWorker(this, _link, _work, _linkOptions, Filters(), _options.OutgoingCapacity + ControlReserve(),
                    OutgoingRingBytes(), _options.TwinQos);
            }
            // One will per connection (MQTT): the board's first device carries it.
            byte[] will = new byte[96];
            int length = _encoder.EncodeStateUpdate(will, 0, will.Length, "", 0, "offline");
            byte[] exact = new byte[length];
            System.Array.Copy(will, exact, length);
            _linkOptions.WillTopic = _topics.StateUpdateTopic(0);
            _linkOptions.WillPayload = exact;
            _linkOptions.WillQos = MqttQos.AtLeastOnce;
            _linkOptions.WillRetain = false;
            _link.SetListener(_listener);
            _nextAttemptAt = now;
            Context.Host.SetTimer(this, now);
        }

        private string[] Filters()
        {
            string[] device = _topics.SubscriptionFilters;
            string[] extra = _options.ExtraFilters;
            int extraCount = extra == null ? 0 : extra.Length;
            if (extraCount == 0 && _ota == null) return device;
            string[] all = new string[device.Length + extraCount + OtaFilterCount()];
            System.Array.Copy(device, all, device.Length);
            if (extraCount > 0) System.Array.Copy(extra, 0, all, device.Length, extraCount);
            if (_ota != null) System.Array.Copy(_ota.Filters(), 0, all, device.Length + extraCount, OtaFilterCount());
            return all;
        }

        /// <summary>The outgoing ring's bytes; a setting smaller than one payload is refused.</summary>
        private int OutgoingRingBytes()
        {
            int bytes = _options.OutgoingRingBytes();
            if (bytes < _options.MaxPayload)
            {
                throw new RuntimeConfigException("edgehub's outgoingBytes (" + bytes.ToString() +
                    ") is less than maxPayload (" + _options.MaxPayload.ToString() + "): a largest payload could never be sent");
            }
            return bytes;
        }

        /// <summary>A flush writes a property key into a bus message: the configuration must leave room for it.</summary>
        private void CheckMessageCapacity()
        {
            Message probe = Context.Bus.Rent();
            if (probe == null) return;
            int capacity = probe.ContentCapacity;
            MessagePool.Release(probe);
            if (_options.MaxKeyLength > capacity)
            {
                throw new RuntimeConfigException("edgehub's MaxKeyLength (" + _options.MaxKeyLength.ToString() +
                    ") exceeds the bus message content capacity (" + capacity.ToString() + ")");
            }
        }

        public override void Stop()
        {
            SetState(EdgeHubState.Disconnected);
            if (!_link.IsConnected) return;
            // Ending on purpose: say so, since DISCONNECT makes the broker discard the will.
            for (int d = 0; d < _topics.DeviceCount; d++)
            {
                int length = _encoder.EncodeStateUpdate(_scratch, 0, _scratch.Length, "", Context.Clock.NowMs, "offline");
                _link.Publish(_topics.StateUpdateTopic(d), _scratch, 0, length, _options.TwinQos, false);
            }
            _link.Disconnect();
        }

        public override void Handle(Message message)
        {
            string operation = message.Operation;
            if (operation == TwinBus.ReportToOwner) HandleReport(message);
            else if (operation == EventBusOperations.Publish) HandleEvent(message);
            else if (operation == TwinBus.OwnerTwinMerged) HandleTwinMerged(message);
            else if (operation == OtaInbox.Request) HandleOtaRequest(message);
            else Context.Log.Write(LogLevel.Warning, Name, "unknown operation " + operation + " from " + message.Source);
        }

        public override void HandleTimer(long nowMs)
        {
            int outcome;
            if (_worker.TakeConnectOutcome(out outcome)) OnConnectOutcome(outcome, nowMs);
            if (_state >= EdgeHubState.Connected && Interlocked.Exchange(ref _lostSignal, 0) == 1) OnLost(nowMs);
            if (_worker.IsStalled) TakeBackStalled();
            if (_state == EdgeHubState.Disconnected && nowMs >= _nextAttemptAt)
            {
                SetState(EdgeHubState.Connecting);
                Interlocked.Exchange(ref _lostSignal, 0);
                _worker.RequestConnect();
            }
            else if (_state == EdgeHubState.Resyncing && nowMs >= _resyncDeadline)
            {
                _resyncTimeouts++;
                Context.Log.Write(LogLevel.Warning, Name, "twin/get not answered for every device; flushing anyway");
                EnterSynced(nowMs);
            }
            else if (_state == EdgeHubState.Synced)
            {
                Pump(nowMs);
                if (_backoff.Attempts > 0 && nowMs - _connectedAt >= _options.StableAfterMs) _backoff.Reset();
                RefetchAfterDrops(nowMs);
            }
            if (_state >= EdgeHubState.Resyncing && _syncedCount < _synced.Length && nowMs >= _getRetryAt) AskUnansweredAgain(nowMs);
            _worker.Kick();
            ScheduleNext(nowMs);
        }

        // ---- session ----

        private void OnConnectOutcome(int outcome, long now)
        {
            if (_state != EdgeHubState.Connecting) return;
            if (outcome == MqttConnectResult.Accepted && _link.IsConnected)
            {
                _connects++;
                _connectedAt = now;
                SetState(EdgeHubState.Connected);
                for (int d = 0; d < _topics.DeviceCount; d++)
                {
                    int length = _encoder.EncodeStateUpdate(_scratch, 0, _scratch.Length, "", now, "online");
                    QueueControl(_topics.StateUpdateTopic(d), length);
                }
                for (int d = 0; d < _topics.DeviceCount; d++)
                {
                    _synced[d] = false;
                    AskTwin(d, now);
                }
                _syncedCount = 0;
                _resyncDeadline = now + _options.ResyncTimeoutMs;
                _getRetryDelay = _options.TwinGetRetryMs;
                _getRetryAt = now + _getRetryDelay;
                SetState(EdgeHubState.Resyncing);
                return;
            }
            _connectFailures++;
            Context.Log.Write(LogLevel.Warning, Name, "connect failed: " +
                (outcome == LinkWorker.SubscribeFailed ? "subscribe refused" : MqttConnectResult.Name(outcome)));
            SetState(EdgeHubState.Disconnected);
            ScheduleReconnect(now, false);
        }

        private void OnLost(long now)
        {
            _losses++;
            SetState(EdgeHubState.Disconnected);
            ScheduleReconnect(now, now - _connectedAt >= _options.StableAfterMs);
        }

        private void ScheduleReconnect(long now, bool wasStable)
        {
            if (wasStable) _backoff.Reset();
            int delay = _backoff.Next();
            _recentDelays[_delayCount % _recentDelays.Length] = delay;
            _recentCeilings[_delayCount % _recentCeilings.Length] = _backoff.LastCeilingMs;
            _delayCount++;
            _nextAttemptAt = now + delay;
            Context.Log.Write(LogLevel.Info, Name, "reconnect in " + delay.ToString() + " ms (ceiling " + _backoff.LastCeilingMs.ToString() + " ms)");
        }

        private void HandleTwinMerged(Message message)
        {
            int device = DeviceIndex(message.Resource);
            if (device < 0 || _state < EdgeHubState.Resyncing || _synced[device]) return;
            _synced[device] = true;
            _syncedCount++;
            if (_state == EdgeHubState.Synced) Context.Log.Write(LogLevel.Info, Name, "twin/get of " + message.Resource + " answered late; twin merged");
            else if (_syncedCount == _synced.Length) EnterSynced(Context.Clock.NowMs);
        }

        /// <summary>
        /// On the timer, resyncing or synced: twin/get again for every device not answered since
        /// the connect, then wait twice as long (up to TwinGetRetryCapMs). The owner may not have
        /// been subscribed when the device asked (it answers nothing then, and nothing retained
        /// would tell the device later); reports are flushed meanwhile (ResyncTimeoutMs).
        /// </summary>
        private void AskUnansweredAgain(long now)
        {
            for (int d = 0; d < _synced.Length; d++)
            {
                if (!_synced[d]) AskTwin(d, now);
            }
            _twinGetRetries++;
            int cap = _options.TwinGetRetryCapMs;
            _getRetryDelay = _getRetryDelay > cap / 2 ? cap : 2 * _getRetryDelay;
            _getRetryAt = now + _getRetryDelay;
            Context.Log.Write(LogLevel.Info, Name, "twin/get not answered for " + (_synced.Length - _syncedCount).ToString() +
                " device(s); asked again, next in " + _getRetryDelay.ToString() + " ms");
        }

        private void EnterSynced(long now)
        {
            SetState(EdgeHubState.Synced);
            int dropped = _events.TakeDroppedToReport();
            if (dropped > 0)
            {
                int length = _encoder.EncodeDataUpdate(_scratch, 0, _scratch.Length, DroppedEventsName, dropped.ToString(), TwinType.Name(TwinType.Int), now);
                if (length > 0 && QueueControl(_topics.DataUpdateTopic(0), length)) _dropReports++;
            }
            Pump(now);
            Context.Host.SetTimer(this, now + 1);
        }

        /// <summary>Queues twin/get for one device, with an event id of its own.</summary>
        private void AskTwin(int device, long now)
        {
            int length = _encoder.EncodeTwinGet(_scratch, 0, _scratch.Length, _eventIds.Next(), _eventIds.Length, now);
            QueueControl(_topics.TwinGetTopic(device), length);
        }

        private void SetState(int state)
        {
            int previous = Interlocked.Exchange(ref _state, state);
            if (previous == state) return;
            ModuleContext context = Context;
            if (context != null) context.Log.Write(LogLevel.Info, Name, "state " + EdgeHubState.Name(previous) + " -> " + EdgeHubState.Name(state));
        }

        // ---- timing ----

        private void ScheduleNext(long now)
        {
            long next = long.MaxValue;
            if (_state == EdgeHubState.Disconnected) next = _nextAttemptAt;
            else if (_state == EdgeHubState.Resyncing) next = _resyncDeadline;
            else if (_state == EdgeHubState.Synced)
            {
                if (_outbox.Count > 0 || _events.Count > 0) next = now + WaitForToken(now);
                if (_backoff.Attempts > 0)
                {
                    long stable = _connectedAt + _options.StableAfterMs;
                    if (stable < next) next = stable;
                }
            }
            if (_state >= EdgeHubState.Resyncing && _syncedCount < _synced.Length && _getRetryAt < next) next = _getRetryAt;
            if (next != long.MaxValue) Context.Host.SetTimer(this, next);
        }

        private int WaitForToken(long now)
        {
            // At least a couple of ms, so a full link queue is polled, not spun on.
            int wait = _bucket.MsUntilToken(now);
            return wait < 2 ? 2 : wait;
        }

        private int DeviceIndex(string deviceId)
        {
            for (int i = 0; i < _topics.DeviceCount; i++)
            {
                if (_topics.DeviceId(i) == deviceId) return i;
            }
            return -1;
        }
    }
}
