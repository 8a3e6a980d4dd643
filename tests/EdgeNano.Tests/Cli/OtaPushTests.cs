using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeNano.Cli;
using EdgeNano.Cli.Common;
using EdgeNano.Cli.Ota;
using EdgeNano.Updates;

namespace EdgeNano.Tests.Cli;

/// <summary>
/// `edgenano ota push` on the embedded MQTTnet broker with the real update server. The devices
/// here are plain MQTT clients that follow docs/ota-protocol.md (announce, manifest, blocks,
/// twin reports of ota_state, ota_progress, fw_version, ota_error) and check the signature and
/// every file's SHA-256 of what they were served.
/// </summary>
public class OtaPushTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _package;
    private readonly byte[] _publicKey;

    public OtaPushTests()
    {
        string key = _dir.File("fleet.key");
        Assert.Equal(0, HubRig.Run("ota", "keygen", "--out", key).ExitCode);
        _publicKey = Convert.FromHexString(File.ReadAllText(key + ".pub").Trim());
        string app = _dir.File("app");
        Directory.CreateDirectory(app);
        File.WriteAllBytes(Path.Combine(app, "EdgeNano.App.pe"), RandomNumberGenerator.GetBytes(5000 + Random.Shared.Next(3000)));
        File.WriteAllBytes(Path.Combine(app, "EdgeNano.Lib.pe"), RandomNumberGenerator.GetBytes(Random.Shared.Next(1, 1500)));
        _package = _dir.File("app.enpkg");
        CliRunResult pack = HubRig.Run("ota", "pack", "--in", app, "--version", "1.4.0", "--board", "simulator", "--key", key, "--out", _package);
        Assert.True(pack.ExitCode == 0, pack.Error);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Blocks of <see cref="ProtocolDevice.BlockSize"/> a device needs for the package.</summary>
    private int BlocksOfPackage() => OtaPackageFile.Read(_package).Files.Sum(f => Math.Max(1, (f.Bytes.Length + ProtocolDevice.BlockSize - 1) / ProtocolDevice.BlockSize));

    private static async Task<CliRunResult> PushAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await Task.Run(() => EdgeNanoCli.RunAsync(["ota", "push", .. args], output, error, CancellationToken.None));
        return new CliRunResult(code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Push_updates_each_device_to_confirmed_and_withdraws_every_announcement()
    {
        await using var rig = new HubRig();
        await using var lamp1 = await ProtocolDevice.StartAsync(rig, "default/lamp-1", _publicKey);
        await using var lamp2 = await ProtocolDevice.StartAsync(rig, "default/lamp-2", _publicKey);

        CliRunResult push = await PushAsync(_package, "--device", "lamp-1", "--device", "default/lamp-2", "--broker", rig.Url, "--timeout", "30s");

        Assert.True(push.ExitCode == 0, push.Output + push.Error);
        Assert.Contains("ota push: 2 confirmed of 2", push.Output);
        string blocks = BlocksOfPackage().ToString();
        foreach (var device in new[] { lamp1, lamp2 })
        {
            Assert.Equal("1.4.0", device.Version);
            string row = push.Output.Split('\n').Single(l => l.StartsWith("  " + device.Id + " "));
            Assert.Matches($@"confirmed\s+100%\s+{blocks}\s+1\.4\.0", row);
            await device.WaitForAsync(() => device.Announcements.LastOrDefault() == "", "the announcement withdrawn");
        }
        Assert.Empty(await RetainedAnnouncementsAsync(rig));
    }

    [Fact]
    public async Task A_device_that_refuses_or_rolls_back_fails_the_push_with_its_reason()
    {
        await using var rig = new HubRig();
        await using var good = await ProtocolDevice.StartAsync(rig, "default/lamp-1", _publicKey);
        await using var other = await ProtocolDevice.StartAsync(rig, "default/pump-1", _publicKey, refusal: OtaError.Describe(OtaError.WrongBoard, "package for simulator, this is esp32"));
        await using var unhealthy = await ProtocolDevice.StartAsync(rig, "default/fan-1", _publicKey, rollBack: true);

        CliRunResult push = await PushAsync(_package, "--device", "lamp-1", "--device", "pump-1", "--device", "fan-1", "--broker", rig.Url, "--timeout", "30s");

        Assert.Equal(1, push.ExitCode);
        Assert.Contains("1 confirmed, 1 failed, 1 rolled back of 3", push.Output);
        string refused = push.Output.Split('\n').Single(l => l.StartsWith("  default/pump-1 "));
        Assert.Contains("failed", refused);
        Assert.Contains("wrong-board: package for simulator, this is esp32", refused);
        Assert.Equal("1.0.0", other.Version);
        string rolledBack = push.Output.Split('\n').Single(l => l.StartsWith("  default/fan-1 "));
        Assert.Matches(@"rolled_back\s+100%\s+\d+\s+1\.0\.0\s+health-check", rolledBack);
        Assert.Empty(await RetainedAnnouncementsAsync(rig));
    }

    [Fact]
    public async Task A_stopped_push_withdraws_its_announcements_and_exits_130()
    {
        await using var rig = new HubRig();
        await using var watcher = await rig.DeviceAsync("$hw/events/device/default/ghost-9/ota/announce");
        var output = new StringWriter();
        using var stop = new CancellationTokenSource();
        var options = new OtaPushOptions(_package, rig.Address) { Devices = ["default/ghost-9"], Timeout = TimeSpan.FromMinutes(5) };

        Task<int> push = Task.Run(() => OtaPush.RunAsync(options, TextWriter.Synchronized(output), stop.Token));
        using var wait = new CancellationTokenSource(HubRig.Wait);
        Received announce = await watcher.Incoming.ReadAsync(wait.Token);
        Assert.Contains(OtaPackageFile.Read(_package).PackageId, Encoding.UTF8.GetString(announce.Payload));
        stop.Cancel();

        Assert.Equal(130, await push.WaitAsync(HubRig.Wait));
        Assert.Empty((await watcher.Incoming.ReadAsync(wait.Token)).Payload);
        Assert.Empty(await RetainedAnnouncementsAsync(rig));
        Assert.Contains("stopped; every announcement withdrawn", output.ToString());
    }

    [Fact]
    public async Task With_concurrency_1_the_next_device_is_offered_only_when_the_first_has_finished()
    {
        await using var rig = new HubRig();
        await using var first = await ProtocolDevice.StartAsync(rig, "default/lamp-1", _publicKey);
        await using var second = await ProtocolDevice.StartAsync(rig, "default/lamp-2", _publicKey);
        var output = new StringWriter();
        var options = new OtaPushOptions(_package, rig.Address)
        {
            Devices = ["default/lamp-1", "default/lamp-2"],
            Concurrency = 1,
            Timeout = TimeSpan.FromSeconds(30),
        };

        int exit = await OtaPush.RunAsync(options, output, CancellationToken.None);

        Assert.True(exit == 0, output.ToString());
        Assert.NotNull(first.ConfirmedAt);
        Assert.NotNull(second.FirstOfferAt);
        Assert.True(second.FirstOfferAt > first.ConfirmedAt, $"lamp-2 offered at {second.FirstOfferAt:HH:mm:ss.fff}, lamp-1 confirmed at {first.ConfirmedAt:HH:mm:ss.fff}");
    }

    [Fact]
    public async Task A_silent_device_gives_its_place_to_the_next_one_and_keeps_its_announcement()
    {
        await using var rig = new HubRig();
        await using var lamp = await ProtocolDevice.StartAsync(rig, "default/lamp-1", _publicKey);
        await using var watcher = await rig.DeviceAsync("$hw/events/device/default/ghost-9/ota/announce");
        var output = new StringWriter();
        var options = new OtaPushOptions(_package, rig.Address)
        {
            Devices = ["default/ghost-9", "default/lamp-1"],
            Concurrency = 1,
            SilentRelease = TimeSpan.FromSeconds(1),
            Timeout = TimeSpan.FromSeconds(6),
        };

        int exit = await OtaPush.RunAsync(options, output, CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Equal("1.4.0", lamp.Version);
        Assert.Contains("1 confirmed, 1 timed out of 2", output.ToString());
        // The ghost's announcement stood while the push ran (it would have found it on connecting), and was withdrawn at the end.
        using var wait = new CancellationTokenSource(HubRig.Wait);
        Assert.NotEmpty((await watcher.Incoming.ReadAsync(wait.Token)).Payload);
        Assert.Empty((await watcher.Incoming.ReadAsync(wait.Token)).Payload);
    }

    [Fact]
    public async Task A_device_that_never_answers_times_out_the_push_and_loses_its_announcement()
    {
        await using var rig = new HubRig();
        await using var lamp = await ProtocolDevice.StartAsync(rig, "default/lamp-1", _publicKey);

        CliRunResult push = await PushAsync(_package, "--device", "lamp-1", "--device", "ghost-9", "--broker", rig.Url, "--timeout", "3s");

        Assert.Equal(1, push.ExitCode);
        Assert.Contains("1 confirmed, 1 timed out of 2", push.Output);
        Assert.Contains("timed out (no answer)", push.Output.Split('\n').Single(l => l.StartsWith("  default/ghost-9 ")));
        Assert.Empty(await RetainedAnnouncementsAsync(rig));
    }

    [Fact]
    public async Task Push_all_offers_the_package_to_the_owners_devices_that_report_a_firmware_version()
    {
        await using var rig = new HubRig();
        await rig.StartHubAsync();
        await using var lamp1 = await ProtocolDevice.StartAsync(rig, "default/lamp-1", _publicKey);
        await using var lamp2 = await ProtocolDevice.StartAsync(rig, "default/lamp-2", _publicKey);
        // A device of the owner without the updates module: it reports no fw_version and must not be offered anything.
        await using var sensor = await ProtocolDevice.StartAsync(rig, "default/sensor-1", _publicKey, reportsVersion: false);
        await WaitForHubAsync(rig, 3);

        CliRunResult push = await PushAsync(_package, "--all", "--broker", rig.Url, "--timeout", "30s");

        Assert.True(push.ExitCode == 0, push.Output + push.Error);
        Assert.Contains("lists 3 device(s) on node edge-node", push.Output);
        Assert.Contains("ota push: 2 confirmed of 2", push.Output);
        Assert.Equal("1.4.0", lamp1.Version);
        Assert.Equal("1.4.0", lamp2.Version);
        Assert.Empty(sensor.Announcements);
    }

    [Fact]
    public async Task Push_without_devices_or_a_readable_package_refuses_before_announcing_anything()
    {
        await using var rig = new HubRig();
        CliRunResult none = await PushAsync(_package, "--broker", rig.Url);
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("--device ID", none.Error);

        File.WriteAllText(_dir.File("bad.enpkg"), "not a zip");
        CliRunResult bad = await PushAsync(_dir.File("bad.enpkg"), "--device", "lamp-1", "--broker", rig.Url);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("is not a package", bad.Error);

        CliRunResult noOwner = await PushAsync(_package, "--all", "--broker", rig.Url);
        Assert.Equal(1, noOwner.ExitCode);
        Assert.Contains("no twin owner answered $hw/events/node/edge-node/membership/get", noOwner.Error);
        Assert.Empty(await RetainedAnnouncementsAsync(rig));
    }

    [Fact]
    public void A_confirmed_report_counts_only_after_the_offer_and_with_the_packages_version()
    {
        var device = new OtaDeviceProgress("default/lamp-1", "1.4.0");
        var now = DateTime.UtcNow;
        // Still confirmed from the last update, before this one was offered: not this push's result.
        device.TakeReport(Report(("ota_state", "confirmed"), ("fw_version", "1.3.0")), now);
        Assert.Equal(OtaPushPhase.Queued, device.Phase);
        Assert.Equal("1.3.0", device.FwVersion);

        device.Offer(now);
        device.TakeReport(Report(("ota_state", "confirmed")), now);
        Assert.Equal(OtaPushPhase.Offered, device.Phase);

        device.TakeReport(Report(("ota_state", "testing"), ("ota_progress", "100")), now);
        device.TakeReport(Report(("fw_version", "1.4.0"), ("ota_state", "confirmed")), now);
        Assert.Equal(OtaPushPhase.Confirmed, device.Phase);
        Assert.Equal(100, device.Percent);
    }

    [Fact]
    public void Twin_reports_are_read_from_actual_values_only()
    {
        byte[] payload = Encoding.UTF8.GetBytes("""
            {"event_id":"e1","timestamp":1,"twin":{
              "ota_state":{"actual":{"value":"downloading","metadata":{"timestamp":1}},"metadata":{"type":"string"}},
              "ota_progress":{"actual":{"value":"42"}},
              "led":{"expected":{"value":"true"}}}}
            """);

        Dictionary<string, string> actual = OtaDeviceProgress.ReadActual(payload);

        Assert.Equal(new Dictionary<string, string> { ["ota_state"] = "downloading", ["ota_progress"] = "42" }, actual);
        Assert.Empty(OtaDeviceProgress.ReadActual(Encoding.UTF8.GetBytes("{\"twin\":")));
    }

    private static Dictionary<string, string> Report(params (string Key, string Value)[] values) => values.ToDictionary(v => v.Key, v => v.Value);

    /// <summary>Non-empty retained announcements left on the broker (what a device connecting now would find).</summary>
    private static async Task<List<string>> RetainedAnnouncementsAsync(HubRig rig)
    {
        await using var probe = await rig.DeviceAsync("$hw/events/device/+/+/ota/announce", "$hw/events/device/+/ota/announce");
        var found = new List<string>();
        using var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        try
        {
            while (true)
            {
                Received message = await probe.Incoming.ReadAsync(quiet.Token);
                if (message.Payload.Length > 0) found.Add(message.Topic);
            }
        }
        catch (OperationCanceledException)
        {
        }
        return found;
    }

    private static async Task WaitForHubAsync(HubRig rig, int devices)
    {
        var deadline = DateTime.UtcNow + HubRig.Wait;
        while (true)
        {
            lock (rig.HubLog)
            {
                if (rig.HubLog.Count(l => l.Contains("new device")) >= devices) return;
            }
            if (DateTime.UtcNow > deadline) Assert.Fail("the hub did not learn every device:\n" + string.Join("\n", rig.HubLog));
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// A device following docs/ota-protocol.md over MQTT: on an announcement it fetches and
    /// verifies the manifest (P-256 with the trusted key), downloads every block, checks the
    /// files' SHA-256, reports each state on its twin, and "boots" the new version
    /// (fw_version, confirmed), or refuses with the given ota_error, or rolls back.
    /// </summary>
    private sealed class ProtocolDevice : IAsyncDisposable
    {
        public const int BlockSize = 1024;
        private readonly MqttSession _session;
        private readonly byte[] _key;
        private readonly string? _refusal;
        private readonly bool _rollBack;
        private readonly CancellationTokenSource _stop = new();
        private Task _run = Task.CompletedTask;
        private readonly string _topics;
        private readonly object _gate = new();

        private ProtocolDevice(MqttSession session, string id, byte[] key, string? refusal, bool rollBack)
        {
            _rollBack = rollBack;
            _session = session;
            Id = id;
            _key = key;
            _refusal = refusal;
            _topics = "$hw/events/device/" + id;
        }

        public string Id { get; }
        public string Version { get; private set; } = "1.0.0";
        public DateTime? FirstOfferAt { get; private set; }
        public DateTime? ConfirmedAt { get; private set; }

        /// <summary>Announcement payloads received, in order ("" for a withdrawal).</summary>
        public List<string> Announcements
        {
            get { lock (_gate) return [.. _announcements]; }
        }

        private readonly List<string> _announcements = [];

        public static async Task<ProtocolDevice> StartAsync(HubRig rig, string id, byte[] key, string? refusal = null, bool reportsVersion = true, bool rollBack = false)
        {
            string topics = "$hw/events/device/" + id;
            MqttSession session = await rig.DeviceAsync(topics + "/ota/announce", topics + "/ota/manifest/result", topics + "/ota/block/result");
            var device = new ProtocolDevice(session, id, key, refusal, rollBack);
            if (reportsVersion) await device.ReportAsync(("fw_version", device.Version), ("ota_state", OtaState.Idle), ("ota_progress", "0"), ("ota_error", ""));
            else await device.ReportAsync(("temperature", "21.5"));
            device._run = Task.Run(device.RunAsync);
            return device;
        }

        public async Task WaitForAsync(Func<bool> condition, string what)
        {
            var deadline = DateTime.UtcNow + HubRig.Wait;
            while (!condition())
            {
                if (DateTime.UtcNow > deadline) Assert.Fail($"{Id}: not {what} within {HubRig.Wait}; announcements: [{string.Join(", ", Announcements)}]");
                await Task.Delay(20);
            }
        }

        private async Task RunAsync()
        {
            try
            {
                while (true)
                {
                    Received message = await _session.Incoming.ReadAsync(_stop.Token);
                    if (!message.Topic.EndsWith("/ota/announce")) continue;
                    if (!Announced(message)) continue;
                    using var announce = JsonDocument.Parse(message.Payload);
                    await UpdateAsync(announce.RootElement.GetProperty("package").GetString()!);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (System.Threading.Channels.ChannelClosedException)
            {
            }
        }

        private bool Announced(Received message)
        {
            lock (_gate)
            {
                _announcements.Add(Encoding.UTF8.GetString(message.Payload));
                if (message.Payload.Length > 0) FirstOfferAt ??= DateTime.UtcNow;
            }
            return message.Payload.Length > 0;
        }

        private async Task UpdateAsync(string packageId)
        {
            await ReportAsync(("ota_state", OtaState.Downloading), ("ota_progress", "0"));
            await PublishAsync("/ota/manifest/get", $$"""{"package":"{{packageId}}"}""");
            byte[] body = await FrameAsync("/ota/manifest/result", packageId, 1, 0, 0);
            byte[] signature = body[..64], manifest = body[64..];
            if (_refusal != null || !OtaKeys.Verify(_key, manifest, signature))
            {
                await ReportAsync(("ota_state", OtaState.Failed), ("ota_error", _refusal ?? OtaError.BadSignature));
                return;
            }
            using var json = JsonDocument.Parse(manifest);
            JsonElement[] files = [.. json.RootElement.GetProperty("files").EnumerateArray()];
            for (int f = 0; f < files.Length; f++)
            {
                int size = files[f].GetProperty("size").GetInt32();
                var bytes = new MemoryStream();
                for (int block = 0; block == 0 || block * BlockSize < size; block++)
                {
                    await PublishAsync("/ota/block/get", $$"""{"package":"{{packageId}}","file":{{f}},"block":{{block}},"size":{{BlockSize}}}""");
                    bytes.Write(await FrameAsync("/ota/block/result", packageId, 2, f, block));
                }
                string hash = Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray()));
                Assert.Equal(files[f].GetProperty("sha256").GetString(), hash);
                await ReportAsync(("ota_progress", ((f + 1) * 100 / files.Length).ToString()));
            }
            foreach (string state in new[] { OtaState.Verifying, OtaState.Staged, OtaState.Activating, OtaState.Testing }) await ReportAsync(("ota_state", state));
            if (_rollBack)
            {
                // The new version never became healthy: the previous one boots again and says why.
                await ReportAsync(("fw_version", Version), ("ota_state", OtaState.RolledBack), ("ota_error", OtaError.Describe(OtaError.HealthCheck, "no twin resync in 60 s")));
                return;
            }
            Version = json.RootElement.GetProperty("version").GetString()!;
            ConfirmedAt = DateTime.UtcNow;
            await ReportAsync(("fw_version", Version), ("ota_state", OtaState.Confirmed));
        }

        /// <summary>The body of the next result frame on the topic, its header checked against what was asked.</summary>
        private async Task<byte[]> FrameAsync(string suffix, string packageId, byte kind, int file, int block)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(HubRig.Wait);
            while (true)
            {
                Received message = await _session.Incoming.ReadAsync(timeout.Token);
                if (message.Topic.EndsWith("/ota/announce"))
                {
                    Announced(message);
                    continue;
                }
                if (!message.Topic.EndsWith(suffix)) continue;
                byte[] frame = message.Payload;
                Assert.Equal("ENO1", Encoding.ASCII.GetString(frame, 0, 4));
                Assert.Equal(kind, frame[4]);
                Assert.Equal(0, frame[5]);
                Assert.Equal(packageId[..16], Convert.ToHexStringLower(frame, 6, 8));
                Assert.Equal(file, BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(14)));
                Assert.Equal(block, (int)BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(16)));
                return frame[20..];
            }
        }

        private Task PublishAsync(string suffix, string json) => _session.PublishAsync(_topics + suffix, Encoding.UTF8.GetBytes(json), _stop.Token);

        /// <summary>A KubeEdge twin/update of actual values, as the board's first device sends it.</summary>
        private Task ReportAsync(params (string Key, string Value)[] values)
        {
            var twin = values.ToDictionary(v => v.Key, v => (object)new { actual = new { value = v.Value }, metadata = new { type = "string" } });
            return _session.PublishAsync(_topics + "/twin/update", JsonSerializer.SerializeToUtf8Bytes(new { event_id = Guid.NewGuid().ToString("N"), timestamp = 1, twin }), _stop.Token);
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            try
            {
                await _run;
            }
            catch (Exception)
            {
            }
            await _session.DisposeAsync();
            _stop.Dispose();
        }
    }
}
