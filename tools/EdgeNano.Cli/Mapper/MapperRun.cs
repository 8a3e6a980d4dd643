using System.Collections.Concurrent;
using EdgeNano.Cli.Mapper.Dmi;

namespace EdgeNano.Cli.Mapper;

/// <summary>
/// A running mapper: its DMI server on its own socket, its registration with edgecore, its MQTT
/// link to the boards' twins, and one loop that, for every served device, publishes desired
/// values the owner's twin does not hold yet and reports the device's twins and state to
/// edgecore at the device's report cycle. A board that is offline keeps its desired values in
/// the owner's twin; it applies them when it syncs again.
/// </summary>
internal sealed class MapperRun : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a board's twin may lack a served property (values still arriving after it connects) before that is a problem.</summary>
    private static readonly TimeSpan BoardGrace = TimeSpan.FromSeconds(3);

    private readonly MapperOptions _options;
    private readonly Action<string> _log;
    private readonly ConcurrentDictionary<string, DeviceTrack> _tracks = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private UnixGrpcHost? _host;
    private Task _loop = Task.CompletedTask;
    private long _reports, _states, _desired;

    private MapperRun(MapperOptions options, Action<string> log)
    {
        _options = options;
        _log = log;
        Catalog = new DeviceCatalog(options.Protocol, options.DefaultReportCycle) { Changed = DeviceChanged };
        Boards = new BoardLink(options.Broker, log) { Connected = BrokerConnected, Refused = DesiredRefused };
        Edgecore = new EdgecoreLink(options, log) { Registered = answer => Catalog.Sync(answer.ModelList, answer.DeviceList) };
        Refusals = new DmiRefusals(log);
    }

    public DeviceCatalog Catalog { get; }

    public BoardLink Boards { get; }

    public EdgecoreLink Edgecore { get; }

    public DmiRefusals Refusals { get; }

    /// <summary>Device status reports edgecore took.</summary>
    public long Reports => Interlocked.Read(ref _reports);

    /// <summary>Device state reports edgecore took.</summary>
    public long States => Interlocked.Read(ref _states);

    /// <summary>Desired values published to the owner's twin.</summary>
    public long DesiredSent => Interlocked.Read(ref _desired);

    /// <summary>Serves the mapper socket first (edgecore calls it once registered), then registers and connects.</summary>
    public static async Task<MapperRun> StartAsync(MapperOptions options, Action<string> log, CancellationToken cancel)
    {
        var run = new MapperRun(options, log);
        var endpoint = new DeviceMapperEndpoint(run.Catalog, device => StatusReport.Of(device, run.Boards.View), run.Refusals, log);
        run._host = await UnixGrpcHost.StartAsync(options.MapperSocket, endpoint, options.MaxMessageBytes, run.Refusals.Answered, cancel);
        log($"mapper: serving DMI (v1beta1) for protocol {options.Protocol} on {Path.GetFullPath(options.MapperSocket)}");
        run.Boards.Start();
        run.Edgecore.Start();
        run._loop = Task.Run(run.LoopAsync);
        return run;
    }

    /// <summary>The state reported for a device now: offline and unknown as its board says, unhealthy when part of the Device is not served.</summary>
    public string StateOf(MappedDevice device)
    {
        var siblings = device.Board == null ? [] : Catalog.Devices.Where(d => d.Board == device.Board && d.Id != device.Id).Select(d => d.Id);
        string said = Boards.Presence.StateOf(device.Id, siblings);
        if (said == BoardPresence.Offline) return said;
        bool problems = device.Problems.Count > 0 || (_tracks.TryGetValue(device.Id, out DeviceTrack? track) && track.BoardProblems.Count > 0);
        return problems ? "unhealthy" : said;
    }

    private void DeviceChanged(string id, MappedDevice? device)
    {
        if (device == null)
        {
            _tracks.TryRemove(id, out _);
            // Made again later, the Device must be driven afresh: nothing seen of the old one counts.
            Boards.View.Forget(id);
            return;
        }
        var track = new DeviceTrack { NextReport = DateTime.UtcNow };
        _tracks[id] = track;
        var properties = device.Properties.Select(p => p.Desired == null ? p.Name : $"{p.Name}={p.Desired}");
        _log($"mapper: serving device {id} (board {device.Board ?? "not named"}): {string.Join(" ", properties)}; report every {device.ReportCycle.TotalSeconds:0.###} s");
        foreach (string problem in device.Problems) LogOnce(track, $"mapper: device {id}: {problem}");
    }

    private void BrokerConnected()
    {
        foreach (DeviceTrack track in _tracks.Values) track.NeedsTwin = true;
    }

    private void DesiredRefused(string device, string key, string value, string reason) =>
        _log($"mapper: device {device}: the twin owner refused desired {key}={value}: {reason}");

    private async Task LoopAsync()
    {
        CancellationToken stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            foreach (MappedDevice device in Catalog.Devices)
            {
                if (!_tracks.TryGetValue(device.Id, out DeviceTrack? track)) continue;
                try
                {
                    await ServeAsync(device, track, stop);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    // One device's trouble is logged and left for the next tick; the others go on.
                    _log($"mapper: device {device.Id}: {e.GetType().Name}: {e.Message}");
                }
            }
            try
            {
                await Task.Delay(Tick, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ServeAsync(MappedDevice device, DeviceTrack track, CancellationToken stop)
    {
        DateTime now = DateTime.UtcNow;
        if (Boards.IsConnected)
        {
            if (track.NeedsTwin)
            {
                track.NeedsTwin = false;
                track.Sent.Clear(); // what was sent before may have been lost with the connection
                await Boards.RequestTwinAsync(device.Id, stop);
            }
            await DriveAsync(device, track, now, stop);
        }
        if (now < track.NextReport) return;
        track.NextReport = now + device.ReportCycle;
        CheckBoard(device, track, now);
        await ReportAsync(device, track, stop);
    }

    /// <summary>Publishes each desired value the owner's twin does not hold as expected, again after a while if it still does not.</summary>
    private async Task DriveAsync(MappedDevice device, DeviceTrack track, DateTime now, CancellationToken stop)
    {
        foreach (MappedProperty property in device.Properties)
        {
            if (property.Desired == null || !property.Writable) continue;
            if (Boards.View.Expected(device.Id, property.Name) == property.Desired) continue;
            if (track.Sent.TryGetValue(property.Name, out var sent) && sent.Value == property.Desired && now - sent.At < _options.DesiredRetry) continue;
            if (!await Boards.SetDesiredAsync(device.Id, property.Name, property.Desired, property.TwinType, stop)) return;
            if (sent.Value != property.Desired) _log($"mapper: device {device.Id}: desired {property.Name}={property.Desired} sent to the board's twin");
            track.Sent[property.Name] = (property.Desired, now);
            Interlocked.Increment(ref _desired);
        }
    }

    /// <summary>Served properties the board's twin lacks, once the board has been reporting for a while, are problems of the device.</summary>
    private void CheckBoard(MappedDevice device, DeviceTrack track, DateTime now)
    {
        IReadOnlyCollection<string> reported = Boards.View.ActualKeys(device.Id);
        if (reported.Count == 0) return;
        track.BoardSeenAt ??= now;
        if (now - track.BoardSeenAt < BoardGrace) return;
        track.BoardProblems.Clear();
        foreach (MappedProperty property in device.Properties.Where(p => !reported.Contains(p.Name)))
        {
            string problem = $"property {property.Name} is not on board {device.Board ?? device.Id} (its twin has {string.Join(", ", reported.Order(StringComparer.Ordinal))}): nothing to drive or report";
            track.BoardProblems.Add(problem);
            LogOnce(track, $"mapper: device {device.Id}: {problem}");
        }
    }

    private async Task ReportAsync(MappedDevice device, DeviceTrack track, CancellationToken stop)
    {
        string state = StateOf(device);
        if (state != track.LastState) _log($"mapper: device {device.Id}: {state}");
        track.LastState = state;
        // Unknown says nothing edgecore should keep: it would only hide the state the board itself said.
        var request = new ReportDeviceStatesRequest { DeviceName = device.Name, DeviceNamespace = device.Namespace, State = state };
        if (state != BoardPresence.Unknown && await Edgecore.ReportStateAsync(request, stop)) Interlocked.Increment(ref _states);
        DeviceStatus status = StatusReport.Of(device, Boards.View);
        if (status.Twins.Count == 0) return; // nothing desired with a value from the board yet; edgecore takes no empty values
        var report = new ReportDeviceStatusRequest { DeviceName = device.Name, DeviceNamespace = device.Namespace, ReportedDevice = status };
        if (await Edgecore.ReportStatusAsync(report, stop)) Interlocked.Increment(ref _reports);
    }

    private void LogOnce(DeviceTrack track, string line)
    {
        if (track.Logged.Add(line)) _log(line);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        await Edgecore.DisposeAsync();
        await Boards.DisposeAsync();
        if (_host != null) await _host.DisposeAsync();
        _stop.Dispose();
    }
}
