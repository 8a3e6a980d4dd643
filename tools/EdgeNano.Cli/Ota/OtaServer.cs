using System.Collections.Concurrent;
using System.Text.Json;
using EdgeNano.Cli.Common;

namespace EdgeNano.Cli.Ota;

/// <summary>
/// The update server on a broker (docs/ota-protocol.md): announces an offered package to a device
/// with a retained message and answers the device's manifest and block requests from it. A
/// request for a package not offered to that device is counted, and answered with status 1 when
/// this server has offered the device something (it was withdrawn or replaced), so the device
/// learns at once that the package is gone; a device never offered anything here is left to
/// whichever server offers to it, since several pushes may share a broker. A lost connection is retried with backoff, and
/// the announcements are published again on each connect (a restarted broker forgets retained
/// messages).
/// </summary>
public sealed class OtaServer : IAsyncDisposable
{
    /// <summary>The request topics of both device id forms: "ns/name" and single-segment "name".</summary>
    public static readonly string[] SubscriptionFilters =
    [
        "$hw/events/device/+/ota/+/get",
        "$hw/events/device/+/+/ota/+/get",
    ];

    /// <summary>The largest block a device may ask for; a larger request is answered with status 2.</summary>
    public const int MaxBlockSize = 64 * 1024;

    private const string TopicPrefix = "$hw/events/device/";

    private readonly BrokerAddress _broker;
    private readonly string _clientId;
    private readonly ConcurrentDictionary<string, OtaPackageContent> _offers = new();
    private readonly ConcurrentDictionary<string, ServeCounts> _counts = new();
    private readonly ConcurrentDictionary<string, bool> _offeredTo = new();
    private readonly CancellationTokenSource _stop = new();
    private volatile MqttSession? _session;
    private Task _run = Task.CompletedTask;

    private OtaServer(BrokerAddress broker, string clientId)
    {
        _broker = broker;
        _clientId = clientId;
    }

    /// <summary>Raised after a block was published: device id, file index, block index.</summary>
    public event Action<string, int, int>? BlockServed;

    /// <summary>Connects and subscribes; throws <see cref="CliException"/> when the broker cannot be reached.</summary>
    public static async Task<OtaServer> ConnectAsync(BrokerAddress broker, string clientId, CancellationToken cancel)
    {
        var server = new OtaServer(broker, clientId);
        MqttSession session = await server.OpenAsync(cancel);
        server._run = Task.Run(() => server.RunAsync(session));
        return server;
    }

    /// <summary>
    /// Offers package to the device (its id as its twin topics spell it: "default/demo", or "demo"
    /// with single-segment ids): publishes the retained announcement and serves its requests from
    /// now on. A later offer replaces this one.
    /// </summary>
    public async Task OfferAsync(string deviceId, OtaPackageContent package, CancellationToken cancel)
    {
        _offers[deviceId] = package;
        _offeredTo[deviceId] = true;
        MqttSession? session = _session;
        if (session != null) await session.PublishAsync(AnnounceTopic(deviceId), Announcement(package), cancel, retain: true);
    }

    /// <summary>Stops offering to the device and clears its retained announcement.</summary>
    public async Task WithdrawAsync(string deviceId, CancellationToken cancel)
    {
        _offers.TryRemove(deviceId, out _);
        MqttSession? session = _session;
        if (session != null) await session.PublishAsync(AnnounceTopic(deviceId), [], cancel, retain: true);
    }

    /// <summary>What was served to the device so far.</summary>
    public OtaServeCounters CountersFor(string deviceId) =>
        _counts.TryGetValue(deviceId, out ServeCounts? counts) ? counts.Snapshot() : default;

    /// <summary>The announcement topic of a device.</summary>
    public static string AnnounceTopic(string deviceId) => TopicPrefix + deviceId + "/ota/announce";

    /// <summary>The announcement's JSON: package id, version, size.</summary>
    public static byte[] Announcement(OtaPackageContent package) =>
        JsonSerializer.SerializeToUtf8Bytes(new { package = package.PackageId, version = package.Version, size = package.Size });

    private async Task<MqttSession> OpenAsync(CancellationToken cancel)
    {
        MqttSession session = await MqttSession.ConnectAsync(_broker, _clientId, MqttSession.ConnectTimeout, cancel);
        try
        {
            await session.SubscribeAsync(SubscriptionFilters, cancel);
            foreach (var (deviceId, package) in _offers)
            {
                await session.PublishAsync(AnnounceTopic(deviceId), Announcement(package), cancel, retain: true);
            }
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
        _session = session;
        return session;
    }

    private async Task RunAsync(MqttSession session)
    {
        CancellationToken stop = _stop.Token;
        var delay = TimeSpan.FromSeconds(1);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await foreach (Received request in session.Incoming.ReadAllAsync(stop))
                {
                    await AnswerAsync(session, request, stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception)
            {
                // The session broke mid-answer: the device retries the request after reconnecting.
            }
            _session = null;
            await session.DisposeAsync();
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(delay, stop);
                    session = await OpenAsync(stop);
                    delay = TimeSpan.FromSeconds(1);
                    break;
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception)
                {
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
                }
            }
        }
    }

    private async Task AnswerAsync(MqttSession session, Received request, CancellationToken stop)
    {
        if (!TryParseTopic(request.Topic, out string deviceId, out bool manifest)) return;
        ServeCounts counts = _counts.GetOrAdd(deviceId, _ => new ServeCounts());
        if (!TryParseRequest(request.Payload, manifest, out string packageId, out int file, out int block, out int size))
        {
            Interlocked.Increment(ref counts.Unknown);
            return;
        }
        string resultTopic = TopicPrefix + deviceId + (manifest ? "/ota/manifest/result" : "/ota/block/result");
        byte kind = manifest ? OtaFrame.KindManifest : OtaFrame.KindBlock;
        if (!_offers.TryGetValue(deviceId, out OtaPackageContent? package) || package.PackageId != packageId)
        {
            Interlocked.Increment(ref counts.Unknown);
            // Only to a device this server has offered to: another server (another push on the
            // same broker) may be serving it, and a "not offered" from here would end its download.
            if (!_offeredTo.ContainsKey(deviceId)) return;
            await session.PublishAsync(resultTopic, OtaFrame.Build(kind, OtaFrame.StatusUnknownPackage, OtaFrame.TagOf(packageId), file, block, []), stop);
            return;
        }
        if (manifest)
        {
            byte[] body = [.. package.Signature, .. package.Manifest];
            // Counted before it leaves, so the counters never lag what the device already holds.
            Interlocked.Increment(ref counts.Manifests);
            await session.PublishAsync(resultTopic, OtaFrame.Build(kind, OtaFrame.StatusOk, package.Tag, 0, 0, body), stop);
            return;
        }
        if (!BlockExists(package, file, block, size))
        {
            await session.PublishAsync(resultTopic, OtaFrame.Build(kind, OtaFrame.StatusNoSuchBlock, package.Tag, file, block, []), stop);
            return;
        }
        byte[] bytes = package.Files[file].Bytes;
        int start = (int)((long)block * size);
        int count = Math.Min(size, bytes.Length - start);
        Interlocked.Increment(ref counts.Blocks);
        Interlocked.Add(ref counts.Bytes, count);
        await session.PublishAsync(resultTopic, OtaFrame.Build(kind, OtaFrame.StatusOk, package.Tag, file, block, bytes.AsSpan(start, count)), stop);
        BlockServed?.Invoke(deviceId, file, block);
    }

    /// <summary>Block (of size bytes) starts inside the file; block 0 of an empty file exists and is empty.</summary>
    private static bool BlockExists(OtaPackageContent package, int file, int block, int size)
    {
        if (file < 0 || file >= package.Files.Count || size <= 0 || size > MaxBlockSize || block < 0) return false;
        long start = (long)block * size;
        int length = package.Files[file].Bytes.Length;
        return start < length || (block == 0 && length == 0);
    }

    /// <summary>"$hw/events/device/{dev}/ota/{manifest|block}/get" → dev and which request.</summary>
    private static bool TryParseTopic(string topic, out string deviceId, out bool manifest)
    {
        deviceId = "";
        manifest = false;
        const string manifestSuffix = "/ota/manifest/get", blockSuffix = "/ota/block/get";
        if (!topic.StartsWith(TopicPrefix, StringComparison.Ordinal)) return false;
        if (topic.EndsWith(manifestSuffix, StringComparison.Ordinal)) manifest = true;
        else if (!topic.EndsWith(blockSuffix, StringComparison.Ordinal)) return false;
        int end = topic.Length - (manifest ? manifestSuffix.Length : blockSuffix.Length);
        if (end <= TopicPrefix.Length) return false;
        deviceId = topic[TopicPrefix.Length..end];
        return true;
    }

    private static bool TryParseRequest(byte[] payload, bool manifest, out string packageId, out int file, out int block, out int size)
    {
        packageId = "";
        file = block = size = 0;
        try
        {
            using var document = JsonDocument.Parse(payload);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("package", out var package) || package.ValueKind != JsonValueKind.String) return false;
            packageId = package.GetString()!;
            if (manifest) return true;
            return TryInt(root, "file", out file) && TryInt(root, "block", out block) && TryInt(root, "size", out size);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryInt(JsonElement root, string name, out int value)
    {
        value = 0;
        return root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out value);
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _stop.Cancel();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
        }
        MqttSession? session = _session;
        _session = null;
        if (session != null) await session.DisposeAsync();
        _stop.Dispose();
    }

    private sealed class ServeCounts
    {
        public long Manifests, Blocks, Bytes, Unknown;

        public OtaServeCounters Snapshot() =>
            new(Interlocked.Read(ref Manifests), Interlocked.Read(ref Blocks), Interlocked.Read(ref Bytes), Interlocked.Read(ref Unknown));
    }
}
