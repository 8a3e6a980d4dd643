using System.Text;
using System.Text.Json;
using EdgeNano.Cli.Common;
using EdgeNano.DeviceTwin;
using EdgeNano.DeviceTwin.Wire;
using EdgeNano.EventBus;
using EdgeNano.Runtime;

namespace EdgeNano.Cli.Hub;

/// <summary>
/// The twin hub's protocol side, without a network: edgecore's devicetwin role for KubeEdge's
/// device topics. <see cref="Handle"/> takes one received MQTT message and returns what to
/// publish in answer. Twins are kept by the device code's <see cref="TwinStore"/> (one per
/// device); a change is applied in memory and its device marked unsaved, and <see cref="Commit"/>
/// writes every unsaved device to <see cref="TwinDatabase"/> in one transaction. The caller
/// publishes a message's replies only after the commit that follows it (<see cref="WriteBatch"/>),
/// so nothing is acknowledged that a crash could lose. Thread-safe: messages are handled one at a time.
/// A sharded hub (<see cref="HubShard"/>) answers only the devices of its shard and ignores the
/// rest. Bad input is refused with an error result and counted (<see cref="Counts"/>), never thrown.
/// </summary>
internal sealed class TwinHub
{
    /// <summary>What the hub subscribes to: edgecore's eventbus filters, for both device-ID forms.</summary>
    public static readonly string[] SubscriptionFilters =
    [
        "$hw/events/device/+/+/twin/+",
        "$hw/events/device/+/twin/+",
        "$hw/events/device/+/+/state/update",
        "$hw/events/device/+/state/update",
        "$hw/events/node/+/membership/get",
    ];

    private readonly TwinDatabase _database;
    private readonly IClock _clock;
    private readonly HubLimits _limits;
    private readonly Action<string> _log;
    private readonly SortedDictionary<string, HubDevice> _devices = new(StringComparer.Ordinal);
    private readonly TwinDecoder _decoder;
    private readonly TwinMessage _in;
    private readonly TwinMessage _out;
    private readonly TwinMessage _document;
    private readonly TwinEncoder _encoder = new();
    private readonly TwinUpdate _update;
    private readonly byte[] _buffer;
    private byte[] _snapshot = [];
    private readonly List<HubDevice> _unsaved = [];
    private readonly object _gate = new();
    private readonly HubShard _shard;
    private long _answered, _badJson, _invalid, _unknownDevice, _oversize, _otherShard, _failed;

    /// <param name="lane">With lanes (<see cref="HubLanes"/>): the saved devices this hub holds; the other lanes load the rest. Null: all.</param>
    public TwinHub(TwinDatabase database, IClock clock, HubLimits limits, Action<string> log, HubShard? shard = null, Func<string, bool>? lane = null)
    {
        _database = database;
        _clock = clock;
        _limits = limits;
        _log = log;
        _shard = shard ?? HubShard.Whole;
        _decoder = new TwinDecoder(limits.MaxPayload, 16);
        _in = new TwinMessage(limits.MaxPayload, limits.PropertiesPerDevice, false);
        // Room for a whole twin with every value, twice over (a document has last and current).
        int outgoing = Math.Max(limits.MaxPayload, 2 * limits.ArenaBytes + 256 * limits.PropertiesPerDevice);
        _out = new TwinMessage(outgoing, limits.PropertiesPerDevice, false);
        _document = new TwinMessage(outgoing, limits.PropertiesPerDevice, true);
        _update = new TwinUpdate(limits.PropertiesPerDevice);
        _buffer = new byte[outgoing];
        foreach (SavedDevice saved in database.LoadAll())
        {
            if (!_shard.Owns(saved.DeviceId)) throw NotThisShard(saved.DeviceId);
            if (lane == null || lane(saved.DeviceId)) Restore(saved);
        }
    }

    /// <summary>
    /// Where membership/get takes its device list from: this hub's devices unless set (a lane
    /// answering for all lanes of its process sets it to all of theirs).
    /// </summary>
    public Func<IEnumerable<(string Id, string? State)>>? MembershipSource { get; set; }

    /// <summary>This hub's devices and their last states, in order.</summary>
    public List<(string Id, string? State)> Members()
    {
        lock (_gate) return [.. _devices.Values.Select(d => (d.DeviceId, d.State))];
    }

    /// <summary>The shard this hub answers for (<see cref="HubShard.Whole"/> without --shard).</summary>
    public HubShard Shard => _shard;

    /// <summary>What the hub has answered and refused so far.</summary>
    public HubCounts Counts
    {
        get
        {
            lock (_gate)
            {
                return new HubCounts
                {
                    Answered = _answered, BadJson = _badJson, Invalid = _invalid, UnknownDevice = _unknownDevice,
                    Oversize = _oversize, OtherShard = _otherShard, Failed = _failed,
                };
            }
        }
    }

    /// <summary>
    /// A saved twin of a device another shard owns: answering it here would give the device two
    /// owners (this file's copy and the other shard's), so the hub does not start.
    /// </summary>
    private CliException NotThisShard(string deviceId) => new(
        $"the twin database {_database.Path} holds device {deviceId}, which belongs to shard {HubShard.Of(deviceId, _shard.Count)}, " +
        $"not to this hub's shard {_shard}: the file was written by another shard, by an unsharded hub or with another shard count. " +
        "Start each shard on its own file with the count it was made with");

    /// <summary>Device IDs the hub knows, in order.</summary>
    public IReadOnlyCollection<string> DeviceIds
    {
        get { lock (_gate) return _devices.Keys.ToArray(); }
    }

    /// <summary>Handles one received message; returns the messages to publish (often none).</summary>
    public List<HubPublish> Handle(string topic, ReadOnlySpan<byte> payload)
    {
        var replies = new List<HubPublish>();
        int operation = Classify(topic, out string id);
        // Results, deltas and documents (ours or another owner's) are not for the hub.
        if (operation is not (KubeEdgeOperation.TwinUpdate or KubeEdgeOperation.TwinGet or KubeEdgeOperation.StateUpdate or KubeEdgeOperation.MembershipGet))
            return replies;
        lock (_gate)
        {
            // Another shard answers it; counted, not logged (half the traffic of a 2-shard fleet).
            if (operation != KubeEdgeOperation.MembershipGet && !_shard.Owns(id))
            {
                _otherShard++;
                return replies;
            }
            if (payload.Length > _limits.MaxPayload)
            {
                _oversize++;
                _in.Clear();
                string reason = $"payload of {payload.Length} bytes is over the hub's {_limits.MaxPayload}";
                Error(topic + "/result", TwinStatus.BadRequest, reason, replies);
                _log($"{topic}: refused 400: {reason}");
                return replies;
            }
            byte[] bytes = payload.ToArray();
            try
            {
                switch (operation)
                {
                    case KubeEdgeOperation.TwinUpdate: HandleUpdate(topic, id, bytes, replies); break;
                    case KubeEdgeOperation.TwinGet: HandleGet(topic, id, bytes, replies); break;
                    case KubeEdgeOperation.StateUpdate: HandleState(topic, id, bytes, replies); break;
                    default: HandleMembership(topic, id, bytes, replies); break;
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A bug met by some input must not stop the hub for every other device.
                _failed++;
                replies.Clear();
                Error(topic + "/result", TwinStatus.InternalError, "the hub failed on this message", replies);
                _log($"{topic}: refused 500: the hub failed on this message: {e.GetType().Name}: {e.Message}");
            }
        }
        return replies;
    }

    // ---- operations ----

    private void HandleUpdate(string topic, string id, byte[] payload, List<HubPublish> replies)
    {
        string resultTopic = topic + "/result";
        if (!Decode(payload, topic, resultTopic, replies)) return;
        if (!FillUpdate(out string? refusal))
        {
            Refuse(id, resultTopic, TwinStatus.BadRequest, refusal!, replies);
            return;
        }
        bool isNew = !_devices.ContainsKey(id);
        HubDevice device = GetOrCreate(id);
        TwinResult result = device.Store.ApplyEdgeUpdate(HubDevice.Index, _update);
        if (result.Status != TwinStatus.Ok)
        {
            // A refused first update leaves no device behind (nothing of it was saved either).
            if (isNew) _devices.Remove(id);
            Refuse(id, resultTopic, result.Status, result.Reason, replies);
            return;
        }
        // The result first (the sender waits for it), then the document for apps, then the delta.
        _answered++;
        replies.Add(new HubPublish(resultTopic, EncodeUpdateResult(device)));
        if (result.NoChange) return;
        _log($"{id}: {(isNew ? "new device, " : "")}twin/update applied ({Describe(device, result)})");
        replies.Add(new HubPublish(topic + "/document", EncodeDocument(device, result)));
        MarkUnsaved(device);
        byte[]? delta = EncodeDelta(device);
        if (delta != null) replies.Add(new HubPublish(topic + "/delta", delta));
    }

    private void HandleGet(string topic, string id, byte[] payload, List<HubPublish> replies)
    {
        string resultTopic = topic + "/result";
        if (!Decode(payload, topic, resultTopic, replies)) return;
        if (!_devices.TryGetValue(id, out HubDevice? device))
        {
            // A get does not create a device (its first update or state does), so a mistyped name is a clear 404.
            Refuse(id, resultTopic, TwinStatus.NotFound, "device " + id + " is not known to the hub", replies);
            return;
        }
        StartOut();
        _out.TwinPresence = Presence.Value;
        foreach (int slot in device.LiveSlots()) AddCurrent(_out, device.Store, slot);
        _answered++;
        replies.Add(new HubPublish(resultTopic, EncodeOut(_out)));
    }

    private void HandleState(string topic, string id, byte[] payload, List<HubPublish> replies)
    {
        string resultTopic = topic + "/result";
        if (!Decode(payload, topic, resultTopic, replies)) return;
        string? state = _in.State.HasValue ? _in.State.GetString() : null;
        if (state is not ("online" or "offline" or "ok" or "unknown" or "unhealthy"))
        {
            Refuse(id, resultTopic, TwinStatus.BadRequest, "state must be online, offline, ok, unknown or unhealthy", replies);
            return;
        }
        if (!_devices.ContainsKey(id)) _log($"{id}: new device");
        HubDevice device = GetOrCreate(id);
        if (device.State != state) _log($"{id}: state {device.State ?? "(none)"} -> {state}");
        device.State = state;
        if (state is "online" or "ok") device.LastOnlineMs = _clock.NowMs;
        MarkUnsaved(device);
        _answered++;
        replies.Add(new HubPublish(resultTopic, Json(w =>
        {
            w.WriteString("event_id", EventId());
            w.WriteNumber("timestamp", _clock.NowMs);
            w.WriteStartObject("device");
            w.WriteString("name", Name(id));
            w.WriteString("state", state);
            w.WriteString("lastOnlineTime", device.LastOnlineMs == 0 ? "" : DateTimeOffset.FromUnixTimeMilliseconds(device.LastOnlineMs).ToString("yyyy-MM-ddTHH:mm:ssZ"));
            w.WriteEndObject();
        })));
    }

    private void HandleMembership(string topic, string node, byte[] payload, List<HubPublish> replies)
    {
        if (!Decode(payload, topic, topic + "/result", replies)) return;
        // The hub has no node assignment: every device it knows is a member of every node. A
        // shard knows only its own devices, so every shard answers with its slice: a requester
        // gets one result per shard, with the same event_id (docs/hub-shards.md).
        _answered++;
        replies.Add(new HubPublish(topic + "/result", Json(w =>
        {
            w.WriteString("event_id", EventId());
            w.WriteNumber("timestamp", _clock.NowMs);
            w.WriteStartArray("devices");
            foreach (var (id, state) in MembershipSource?.Invoke() ?? Members())
            {
                w.WriteStartObject();
                w.WriteString("id", id);
                w.WriteString("name", Name(id));
                if (state != null) w.WriteString("state", state);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        })));
    }

    // ---- devices ----

    private HubDevice GetOrCreate(string id)
    {
        if (_devices.TryGetValue(id, out HubDevice? device)) return device;
        device = new HubDevice(id, _limits, _clock);
        _devices.Add(id, device);
        return device;
    }

    private void Restore(SavedDevice saved)
    {
        var device = new HubDevice(saved.DeviceId, _limits, _clock) { State = saved.State, LastOnlineMs = saved.LastOnlineMs };
        byte[] snapshot = saved.Snapshot;
        int status = device.Store.LoadSnapshot(snapshot, snapshot.Length);
        if (status == SnapshotStatus.TooLarge)
        {
            // Starting empty would overwrite the saved twin at the device's next change.
            throw new CliException($"the saved twin of {saved.DeviceId} does not fit {_limits.PropertiesPerDevice} properties and " +
                $"{_limits.ArenaBytes} bytes; start the hub with larger --max-properties / --max-twin-bytes");
        }
        if (status != SnapshotStatus.Loaded)
        {
            _log($"{saved.DeviceId}: saved twin refused ({SnapshotStatus.Name(status)}); the device starts empty");
        }
        _devices[saved.DeviceId] = device;
    }

    private void MarkUnsaved(HubDevice device)
    {
        if (device.Unsaved) return;
        device.Unsaved = true;
        _unsaved.Add(device);
    }

    /// <summary>Changes applied and not yet written (devices waiting for <see cref="Commit"/>).</summary>
    public int UnsavedDevices
    {
        get { lock (_gate) return _unsaved.Count; }
    }

    /// <summary>
    /// Writes every device changed since the last commit in one transaction. When it throws,
    /// nothing of the batch is written and the devices stay unsaved for the next commit.
    /// </summary>
    public void Commit()
    {
        lock (_gate)
        {
            if (_unsaved.Count == 0) return;
            // One buffer for all devices (saved one at a time), sized for the largest store.
            if (_snapshot.Length == 0) _snapshot = new byte[_unsaved[0].Store.MaxSnapshotSize()];
            long now = _clock.NowMs;
            // Lanes share the file's one connection: one transaction at a time.
            lock (_database.Gate)
            using (TwinDatabase.Batch batch = _database.Begin())
            {
                foreach (HubDevice device in _unsaved)
                {
                    int length = device.Store.WriteSnapshot(_snapshot);
                    if (length < 0)
                    {
                        _log($"{device.DeviceId}: twin too large to save (snapshot buffer {_snapshot.Length} bytes)");
                        continue;
                    }
                    batch.Save(device.DeviceId, _snapshot.AsSpan(0, length), device.State, device.LastOnlineMs, now);
                }
                batch.Commit();
            }
            foreach (HubDevice device in _unsaved) device.Unsaved = false;
            _unsaved.Clear();
        }
    }

    // ---- decoding ----

    /// <summary>The KubeEdge operation of a topic (namespace/name or single-segment device IDs) and its device or node ID ("" for none).</summary>
    internal static int Classify(string topic, out string id)
    {
        int operation = KubeEdgeTopicParser.Classify(topic, false, out int start, out int length);
        if (operation == KubeEdgeOperation.None) operation = KubeEdgeTopicParser.Classify(topic, true, out start, out length);
        id = operation == KubeEdgeOperation.None ? "" : topic.Substring(start, length);
        return operation;
    }

    private bool Decode(byte[] payload, string topic, string resultTopic, List<HubPublish> replies)
    {
        if (_decoder.Decode(payload, 0, payload.Length, _in)) return true;
        _in.Clear();
        _badJson++;
        string reason = $"bad JSON: {_decoder.Error} at byte {_decoder.ErrorPosition}";
        _log($"{topic}: refused 400: {reason}");
        Error(resultTopic, TwinStatus.BadRequest, reason, replies);
        return false;
    }

    /// <summary>The decoded message's twin map as the store's input (as the device's TwinModule does it).</summary>
    private bool FillUpdate(out string? refusal)
    {
        refusal = null;
        _update.Clear();
        if (_in.TwinPresence != Presence.Value)
        {
            refusal = TwinReasons.BodyWrong;
            return false;
        }
        if (!WireUpdate.Fill(_in, _update))
        {
            refusal = TwinReasons.TooManyChanges;
            return false;
        }
        return true;
    }

    // ---- encoding ----

    private void Refuse(string id, string resultTopic, int code, string reason, List<HubPublish> replies)
    {
        if (code == TwinStatus.NotFound) _unknownDevice++;
        else _invalid++;
        _log($"{id}: refused {code}: {reason}");
        Error(resultTopic, code, reason, replies);
    }

    /// <summary>An error result echoing the request's event_id (empty when it was not decoded).</summary>
    private void Error(string resultTopic, int code, string reason, List<HubPublish> replies)
    {
        int length = _encoder.EncodeError(_buffer, 0, _buffer.Length, _in.EventId, _clock.NowMs, code, reason);
        replies.Add(new HubPublish(resultTopic, _buffer.AsSpan(0, length).ToArray()));
    }

    private void StartOut()
    {
        _out.Clear();
        if (_in.EventId.HasValue) _out.EventId.Set(_in.EventId.Buffer, _in.EventId.Offset, _in.EventId.Length);
        else _out.EventId.Set("");
        _out.SetTimestamp(_clock.NowMs);
    }

    /// <summary>update/result: the properties the update named, as they are now (null when deleted).</summary>
    private byte[] EncodeUpdateResult(HubDevice device)
    {
        StartOut();
        _out.TwinPresence = Presence.Value;
        for (int c = 0; c < _update.Count; c++)
        {
            int slot = device.Store.FindProperty(HubDevice.Index, _update.Key(c));
            if (slot >= 0) AddCurrent(_out, device.Store, slot);
        }
        return EncodeOut(_out);
    }

    /// <summary>delta: the properties with a desired value, and every expected value that actual has not reached; null when none.</summary>
    private byte[]? EncodeDelta(HubDevice device)
    {
        StartOut();
        _out.EventId.Set(Guid.NewGuid().ToString());
        _out.TwinPresence = Presence.Value;
        TwinStore store = device.Store;
        byte[] arena = store.ArenaBytes;
        foreach (int slot in device.LiveSlots())
        {
            if (store.InDeltaTwin(slot)) AddCurrent(_out, store, slot);
            if (store.InDelta(slot))
            {
                _out.AddDelta(arena, store.KeyOffset(slot), store.KeyLength(slot), arena, store.ExpectedOffset(slot), store.ExpectedLength(slot));
            }
        }
        return _out.DeltaCount == 0 ? null : EncodeOut(_out);
    }

    /// <summary>document: for every changed property, its state before (last) and after (current) the update.</summary>
    private byte[] EncodeDocument(HubDevice device, TwinResult result)
    {
        TwinStore store = device.Store;
        byte[] arena = store.ArenaBytes;
        _document.Clear();
        _document.EventId.Set(Guid.NewGuid().ToString());
        _document.SetTimestamp(_clock.NowMs);
        _document.TwinPresence = Presence.Value;
        for (int i = 0; i < result.Count; i++)
        {
            int slot = result.Slot(i);
            TwinProperty? property = _document.AddProperty(arena, store.KeyOffset(slot), store.KeyLength(slot));
            if (property == null) break;
            TwinState last = property.Last;
            if (!result.LastPresent(i) || result.LastType(i) == TwinType.Deleted) last.Presence = Presence.Null;
            else
            {
                last.Presence = Presence.Value;
                byte[] lastBytes = result.ArenaBytes;
                if (result.LastHasExpected(i)) SetValue(last.Expected, lastBytes, result.LastExpectedOffset(i), result.LastExpectedLength(i), result.LastExpectedTimestamp(i));
                if (result.LastHasActual(i)) SetValue(last.Actual, lastBytes, result.LastActualOffset(i), result.LastActualLength(i), result.LastActualTimestamp(i));
                last.SetOptional(result.LastOptional(i));
                last.Type.Set(TwinType.Name(result.LastType(i)));
            }
            FillState(property.Current, store, slot);
        }
        int length = _encoder.Encode(_document, false, _buffer, 0, _buffer.Length);
        return length < 0 ? [] : _buffer.AsSpan(0, length).ToArray();
    }

    private static void AddCurrent(TwinMessage message, TwinStore store, int slot)
    {
        byte[] arena = store.ArenaBytes;
        TwinProperty? property = message.AddProperty(arena, store.KeyOffset(slot), store.KeyLength(slot));
        if (property != null) FillState(property.Twin, store, slot);
    }

    private static void FillState(TwinState twin, TwinStore store, int slot)
    {
        if (store.IsDeleted(slot))
        {
            twin.Presence = Presence.Null;
            return;
        }
        twin.Presence = Presence.Value;
        byte[] arena = store.ArenaBytes;
        if (store.HasExpected(slot)) SetValue(twin.Expected, arena, store.ExpectedOffset(slot), store.ExpectedLength(slot), store.ExpectedTimestamp(slot));
        if (store.HasActual(slot)) SetValue(twin.Actual, arena, store.ActualOffset(slot), store.ActualLength(slot), store.ActualTimestamp(slot));
        twin.SetOptional(store.Optional(slot));
        twin.Type.Set(TwinType.Name(store.Type(slot)));
    }

    private static void SetValue(TwinValue value, byte[] bytes, int offset, int length, long timestamp)
    {
        value.Presence = Presence.Value;
        value.Value.Set(bytes, offset, length);
        value.HasTimestamp = timestamp > 0;
        value.Timestamp = timestamp;
    }

    private byte[] EncodeOut(TwinMessage message)
    {
        // Versions stripped, as edgecore sends twins to devices.
        int length = _encoder.Encode(message, false, _buffer, 0, _buffer.Length);
        return length < 0 ? [] : _buffer.AsSpan(0, length).ToArray();
    }

    private string EventId() => _in.EventId.HasValue ? _in.EventId.GetString() : "";

    private static string Name(string id) => id[(id.LastIndexOf('/') + 1)..];

    private static byte[] Json(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static string Describe(HubDevice device, TwinResult result)
    {
        var text = new StringBuilder();
        TwinStore store = device.Store;
        for (int i = 0; i < result.Count; i++)
        {
            int slot = result.Slot(i);
            if (text.Length > 0) text.Append(", ");
            text.Append(Encoding.UTF8.GetString(store.ArenaBytes, store.KeyOffset(slot), store.KeyLength(slot)));
            if (store.IsDeleted(slot)) text.Append(" deleted");
            if (result.Has(i, TwinResult.ActualChanged) && store.HasActual(slot))
                text.Append(" actual=").Append(Encoding.UTF8.GetString(store.ArenaBytes, store.ActualOffset(slot), store.ActualLength(slot)));
            if (result.Has(i, TwinResult.ExpectedChanged) && store.HasExpected(slot))
                text.Append(" expected=").Append(Encoding.UTF8.GetString(store.ArenaBytes, store.ExpectedOffset(slot), store.ExpectedLength(slot)));
        }
        return text.ToString();
    }
}
