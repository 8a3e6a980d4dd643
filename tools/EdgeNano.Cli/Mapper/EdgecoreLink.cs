using EdgeNano.Cli.Mapper.Dmi;
using Grpc.Core;
using Grpc.Net.Client;

namespace EdgeNano.Cli.Mapper;

/// <summary>
/// The mapper's link to edgecore's DMI socket. edgecore learns which socket serves a protocol
/// only from <c>MapperRegister</c>, and forgets it when it restarts, so this registers (with
/// the protocol's devices asked for) whenever edgecore is new to it: at start, once the socket
/// appears (retried with backoff, 0.5 s doubling to 30 s, while it is absent or refuses), again
/// when the socket file is replaced (edgecore started again) and after a report found edgecore
/// gone. Each answer goes to <see cref="Registered"/>, which re-syncs the devices.
/// </summary>
internal sealed class EdgecoreLink : IAsyncDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(250);

    private readonly MapperOptions _options;
    private readonly Action<string> _log;
    private readonly GrpcChannel _channel;
    private readonly DeviceManagerService.DeviceManagerServiceClient _client;
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;
    private volatile bool _registered;
    private volatile bool _lost;
    private volatile bool _statesUnsupported;
    private int _registrations;

    public EdgecoreLink(MapperOptions options, Action<string> log)
    {
        _options = options;
        _log = log;
        _channel = DmiSocket.Channel(options.EdgecoreSocket, options.MaxMessageBytes);
        _client = new DeviceManagerService.DeviceManagerServiceClient(_channel);
    }

    /// <summary>Called with edgecore's answer to each successful registration: the devices and models to serve.</summary>
    public Action<MapperRegisterResponse>? Registered { get; set; }

    /// <summary>Registered with the edgecore that runs now.</summary>
    public bool IsRegistered => _registered;

    /// <summary>Successful registrations so far.</summary>
    public int Registrations => Volatile.Read(ref _registrations);

    public void Start() => _run = Task.Run(RunAsync);

    /// <summary>Reports a device's twins; false when not registered or edgecore did not take the call.</summary>
    public async Task<bool> ReportStatusAsync(ReportDeviceStatusRequest request, CancellationToken cancel)
    {
        if (!_registered) return false;
        try
        {
            await _client.ReportDeviceStatusAsync(request, deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancel);
            return true;
        }
        catch (RpcException e)
        {
            Failed("ReportDeviceStatus", request.DeviceNamespace + "/" + request.DeviceName, e);
            return false;
        }
    }

    /// <summary>Reports a device's state (online, offline, unhealthy, unknown); false when not sent. edgecore before v1.18 has no such call: then never again.</summary>
    public async Task<bool> ReportStateAsync(ReportDeviceStatesRequest request, CancellationToken cancel)
    {
        if (!_registered || _statesUnsupported) return false;
        try
        {
            await _client.ReportDeviceStatesAsync(request, deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancel);
            return true;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
            _statesUnsupported = true;
            _log("mapper: edgecore has no ReportDeviceStates (KubeEdge before v1.18): device states go to it only from the boards' own state/update");
            return false;
        }
        catch (RpcException e)
        {
            Failed("ReportDeviceStates", request.DeviceNamespace + "/" + request.DeviceName, e);
            return false;
        }
    }

    private void Failed(string call, string device, RpcException e)
    {
        if (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            // edgecore went away: register again once it is back (it may have forgotten the mapper).
            if (!_lost) _log($"mapper: edgecore did not answer {call} ({e.StatusCode}); registering again when it is back");
            _lost = true;
            _registered = false;
            return;
        }
        _log($"mapper: edgecore refused {call} for {device}: {e.StatusCode} {e.Status.Detail}");
    }

    private async Task RunAsync()
    {
        CancellationToken stop = _stop.Token;
        TimeSpan delay = _options.RegisterBackoff;
        string? lastFailure = null;
        while (!stop.IsCancellationRequested)
        {
            string? socket = DmiSocket.Identity(_options.EdgecoreSocket);
            string? failure = socket == null ? $"no edgecore DMI socket at {_options.EdgecoreSocket}" : await RegisterAsync(stop);
            if (stop.IsCancellationRequested) break;
            if (failure == null)
            {
                lastFailure = null;
                delay = _options.RegisterBackoff;
                await WatchAsync(socket!, stop);
                continue;
            }
            // One line per new reason, not one per retry: an absent edgecore is retried for as long as it takes.
            if (failure != lastFailure) _log($"mapper: {failure}; retrying with backoff (up to {_options.RegisterBackoffCap.TotalSeconds:0.#} s)");
            lastFailure = failure;
            try
            {
                await Task.Delay(delay * (0.75 + Random.Shared.NextDouble() / 2), stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.RegisterBackoffCap.Ticks));
        }
    }

    /// <summary>One MapperRegister; null when it worked, else why not.</summary>
    private async Task<string?> RegisterAsync(CancellationToken stop)
    {
        var request = new MapperRegisterRequest
        {
            WithData = true,
            Mapper = new MapperInfo
            {
                Name = _options.Name,
                Version = typeof(EdgecoreLink).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
                ApiVersion = "v1beta1",
                Protocol = _options.Protocol,
                Address = Google.Protobuf.ByteString.CopyFromUtf8(Path.GetFullPath(_options.MapperSocket)),
                State = "online",
            },
        };
        MapperRegisterResponse answer;
        try
        {
            answer = await _client.MapperRegisterAsync(request, deadline: DateTime.UtcNow + CallTimeout, cancellationToken: stop);
        }
        catch (RpcException e) when (!stop.IsCancellationRequested)
        {
            return $"edgecore at {_options.EdgecoreSocket} did not take the registration: {e.StatusCode} {e.Status.Detail}";
        }
        _lost = false;
        _registered = true;
        int count = Interlocked.Increment(ref _registrations);
        _log($"mapper: registered with edgecore at {_options.EdgecoreSocket} as {_options.Name} for protocol {_options.Protocol}" +
            $"{(count > 1 ? " again" : "")}: {answer.DeviceList.Count} device(s), {answer.ModelList.Count} model(s)");
        Registered?.Invoke(answer);
        return null;
    }

    /// <summary>Returns when edgecore needs a new registration: its socket file was replaced or removed, or a report found it gone.</summary>
    private async Task WatchAsync(string socket, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(WatchInterval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            string? now = DmiSocket.Identity(_options.EdgecoreSocket);
            if (now != socket)
            {
                _registered = false;
                _log(now == null
                    ? $"mapper: edgecore's DMI socket {_options.EdgecoreSocket} is gone (edgecore stopped); registering again when it is back"
                    : $"mapper: edgecore's DMI socket {_options.EdgecoreSocket} was replaced (edgecore started again); registering again");
                return;
            }
            if (_lost) return;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
        }
        _channel.Dispose();
        _stop.Dispose();
    }
}
