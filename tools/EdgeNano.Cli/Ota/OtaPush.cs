using EdgeNano.Cli.Common;
using Spectre.Console;

namespace EdgeNano.Cli.Ota;

/// <summary>What <c>ota push</c> is asked to do.</summary>
public sealed record OtaPushOptions(string PackageFile, BrokerAddress Broker)
{
    /// <summary>Devices by id as their twin topics spell it ("default/demo", or "demo" with single-segment ids).</summary>
    public IReadOnlyList<string> Devices { get; init; } = [];

    /// <summary>Also every updatable device the twin owner knows on <see cref="Node"/>.</summary>
    public bool All { get; init; }

    public string Node { get; init; } = "edge-node";

    /// <summary>The push ends then, finished or not.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Most devices holding a place (offered, not finished, heard from lately) at once.</summary>
    public int Concurrency { get; init; } = 50;

    /// <summary>How long --all waits for the twin owner's membership and twins.</summary>
    public TimeSpan DiscoveryTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// An offered device silent this long (no report, no request) gives its place to the next
    /// one; its announcement stays, so it still updates when it comes back.
    /// </summary>
    public TimeSpan SilentRelease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Spectre live table (a terminal) instead of plain lines.</summary>
    public bool Live { get; init; }
}

/// <summary>
/// <c>ota push</c>: offers a package to devices through <see cref="OtaServer"/> (retained
/// announcement, manifest and blocks on request), at most --concurrency at once, and follows
/// each device through its twin reports (ota_state, ota_progress, fw_version, ota_error on
/// <c>$hw/events/device/{dev}/twin/update</c>) and the blocks served, until every device is
/// confirmed, failed or rolled back, or the timeout. A finished device's announcement is
/// withdrawn at once; the rest are withdrawn at the end, since no server answers them after it.
/// </summary>
public static class OtaPush
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private static readonly string[] ReportFilters = ["$hw/events/device/+/+/twin/update", "$hw/events/device/+/twin/update"];
    private const string TopicPrefix = "$hw/events/device/";
    private const string ReportSuffix = "/twin/update";

    /// <summary>Runs the push; 0 when every device confirmed the package's version, 1 otherwise, 130 when cancelled.</summary>
    public static async Task<int> RunAsync(OtaPushOptions options, TextWriter output, CancellationToken cancel)
    {
        void Log(string line)
        {
            lock (output) output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {line}");
        }

        if (options.Concurrency < 1) throw new CliException("--concurrency must be at least 1");
        if (!options.All && options.Devices.Count == 0) throw new CliException("name the devices with --device ID (repeatable) or use --all");
        foreach (string id in options.Devices)
        {
            if (id.Length == 0 || id.IndexOfAny(['+', '#']) >= 0 || id.StartsWith('/') || id.EndsWith('/'))
                throw new CliException($"'{id}' is not a device id (namespace/name)");
        }
        OtaPackageContent package = OtaPackageFile.Read(options.PackageFile);

        var ids = new List<string>(options.Devices);
        if (options.All) ids.AddRange(await OtaFleetMembers.DiscoverAsync(options.Broker, options.Node, options.DiscoveryTimeout, Log, cancel));
        ids = ids.Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0) throw new CliException($"no device to update: the twin owner knows none on node {options.Node} that reports fw_version");
        var devices = ids.Select(id => new OtaDeviceProgress(id, package.Version)).ToList();
        var byId = devices.ToDictionary(d => d.DeviceId, StringComparer.Ordinal);
        Log($"ota push: package {package.PackageId[..16]}... version {package.Version}, {package.Files.Count} file(s), {package.Size} bytes, " +
            $"to {devices.Count} device(s), at most {options.Concurrency} at once, timeout {options.Timeout.TotalSeconds:0} s, broker {options.Broker}");

        // Watch before offering, so no report of a fast device is missed.
        await using var watch = new ReportWatch(options.Broker);
        await watch.ConnectAsync(cancel);
        await using OtaServer server = await OtaServer.ConnectAsync(options.Broker, "edgenano-ota", cancel);

        var run = new PushRun(options, package, devices, byId, server, watch, Log);
        bool cancelled = false;
        try
        {
            if (options.Live)
            {
                await AnsiConsole.Live(new Markup("starting...")).StartAsync(async live => await run.LoopAsync(() =>
                {
                    live.UpdateTarget(OtaPushDisplay.Table(devices, run.Elapsed, options.Timeout));
                    live.Refresh();
                }, cancel));
            }
            else
            {
                await run.LoopAsync(null, cancel);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            cancelled = true;
        }
        foreach (OtaDeviceProgress d in devices) d.TimeOut();
        await run.WithdrawAllAsync();
        Log(cancelled ? "ota push: stopped; every announcement withdrawn" : $"ota push: ended after {run.Elapsed.TotalSeconds:0.0} s");
        lock (output) OtaPushDisplay.WriteSummary(output, devices);
        if (cancelled) return 130;
        return devices.All(d => d.Phase == OtaPushPhase.Confirmed) ? 0 : 1;
    }

    /// <summary>The push's loop state: queue, places, withdrawals, and what was last shown.</summary>
    private sealed class PushRun(OtaPushOptions options, OtaPackageContent package, List<OtaDeviceProgress> devices,
        Dictionary<string, OtaDeviceProgress> byId, OtaServer server, ReportWatch watch, Action<string> log)
    {
        private readonly Queue<OtaDeviceProgress> _queue = new(devices);
        private readonly HashSet<string> _withdrawn = new(StringComparer.Ordinal);
        private readonly HashSet<string> _withdrawFailed = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _shown = new(StringComparer.Ordinal);
        private readonly DateTime _start = DateTime.UtcNow;

        public TimeSpan Elapsed => DateTime.UtcNow - _start;

        public async Task LoopAsync(Action? showLive, CancellationToken cancel)
        {
            DateTime nextTotals = DateTime.UtcNow;
            DateTime nextLive = DateTime.UtcNow;
            while (!devices.All(d => d.Finished) && Elapsed < options.Timeout)
            {
                DateTime now = DateTime.UtcNow;
                while (watch.TryRead(out Received report)) Take(report, now);
                await watch.EnsureConnectedAsync(log, cancel);
                foreach (OtaDeviceProgress d in devices)
                {
                    if (d.Phase != OtaPushPhase.Queued) d.TakeCounters(server.CountersFor(d.DeviceId), now);
                }
                await WithdrawFinishedAsync(cancel);
                await OfferNextAsync(now, cancel);
                if (showLive != null)
                {
                    if (now >= nextLive)
                    {
                        showLive();
                        nextLive = now.AddMilliseconds(250);
                    }
                }
                else
                {
                    ShowChanges();
                    if (now >= nextTotals)
                    {
                        log($"ota push: {OtaPushDisplay.Totals(devices)}; {Elapsed.TotalSeconds:0} s of {options.Timeout.TotalSeconds:0}");
                        nextTotals = now.AddSeconds(5);
                    }
                }
                await Task.Delay(Tick, cancel);
            }
            await WithdrawFinishedAsync(cancel);
            if (showLive != null) showLive();
            else ShowChanges();
        }

        private void Take(Received report, DateTime now)
        {
            string topic = report.Topic;
            if (!topic.StartsWith(TopicPrefix, StringComparison.Ordinal) || !topic.EndsWith(ReportSuffix, StringComparison.Ordinal)) return;
            if (topic.Length <= TopicPrefix.Length + ReportSuffix.Length) return;
            string id = topic[TopicPrefix.Length..^ReportSuffix.Length];
            if (!byId.TryGetValue(id, out OtaDeviceProgress? device)) return;
            Dictionary<string, string> actual = OtaDeviceProgress.ReadActual(report.Payload);
            if (actual.Count > 0) device.TakeReport(actual, now);
        }

        /// <summary>Offers to queued devices while fewer than --concurrency hold a place.</summary>
        private async Task OfferNextAsync(DateTime now, CancellationToken cancel)
        {
            int holding = devices.Count(d => d.Phase == OtaPushPhase.Offered && now - d.HeardAt < options.SilentRelease);
            while (holding < options.Concurrency && _queue.Count > 0)
            {
                OtaDeviceProgress next = _queue.Dequeue();
                try
                {
                    await server.OfferAsync(next.DeviceId, package, cancel);
                }
                catch (Exception e) when (!cancel.IsCancellationRequested)
                {
                    // The server keeps the offer and announces it again when it reconnects.
                    log($"ota push: announcing to {next.DeviceId} failed ({e.Message}); the server repeats it when the broker is back");
                }
                next.Offer(now);
                holding++;
            }
        }

        private async Task WithdrawFinishedAsync(CancellationToken cancel)
        {
            foreach (OtaDeviceProgress d in devices)
            {
                if (!d.Finished || d.Phase == OtaPushPhase.TimedOut || !_withdrawn.Add(d.DeviceId)) continue;
                try
                {
                    await server.WithdrawAsync(d.DeviceId, cancel);
                }
                catch (Exception e) when (!cancel.IsCancellationRequested)
                {
                    _withdrawn.Remove(d.DeviceId); // tried again next time round
                    if (_withdrawFailed.Add(d.DeviceId)) log($"ota push: withdrawing the announcement for {d.DeviceId} failed ({e.Message}); retrying");
                }
            }
        }

        /// <summary>At the end: no announcement may outlive the server that answers it.</summary>
        public async Task WithdrawAllAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            foreach (OtaDeviceProgress d in devices)
            {
                if (d.Phase == OtaPushPhase.Queued || !_withdrawn.Add(d.DeviceId)) continue;
                try
                {
                    await server.WithdrawAsync(d.DeviceId, timeout.Token);
                }
                catch (Exception e)
                {
                    log($"ota push: could not withdraw the announcement for {d.DeviceId}: {e.Message}");
                }
            }
        }

        /// <summary>Plain output: a line for each device whose state, error or tens of percent changed.</summary>
        private void ShowChanges()
        {
            foreach (OtaDeviceProgress d in devices)
            {
                if (d.Phase == OtaPushPhase.Queued) continue;
                string key = $"{d.Describe()}|{d.Percent / 10}|{d.Error}|{d.FwVersion}";
                if (_shown.TryGetValue(d.DeviceId, out string? last) && last == key) continue;
                _shown[d.DeviceId] = key;
                log(OtaPushDisplay.Line(d));
            }
        }
    }

    /// <summary>The session that reads the devices' twin reports; reconnected when the broker drops it.</summary>
    private sealed class ReportWatch(BrokerAddress broker) : IAsyncDisposable
    {
        private MqttSession? _session;

        public async Task ConnectAsync(CancellationToken cancel)
        {
            _session = await MqttSession.ConnectAsync(broker, "edgenano-ota-watch", MqttSession.ConnectTimeout, cancel);
            await _session.SubscribeAsync(ReportFilters, cancel);
        }

        /// <summary>Reconnects a lost session; reports sent meanwhile are lost, later ones carry the state again.</summary>
        public async Task EnsureConnectedAsync(Action<string> log, CancellationToken cancel)
        {
            if (_session?.IsConnected == true) return;
            if (_session != null) await _session.DisposeAsync();
            _session = null;
            try
            {
                await ConnectAsync(cancel);
                log("ota push: watching reports again after a lost connection");
            }
            catch (CliException e)
            {
                log($"ota push: {e.Message}; retrying");
            }
        }

        public bool TryRead(out Received report)
        {
            report = default;
            return _session != null && _session.Incoming.TryRead(out report);
        }

        public async ValueTask DisposeAsync()
        {
            if (_session != null) await _session.DisposeAsync();
        }
    }
}
