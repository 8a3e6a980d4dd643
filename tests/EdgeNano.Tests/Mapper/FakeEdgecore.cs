using System.Collections.Concurrent;
using EdgeNano.Cli.Mapper;
using EdgeNano.Cli.Mapper.Dmi;
using Grpc.Core;
using Grpc.Net.Client;

namespace EdgeNano.Tests.Mapper;

/// <summary>
/// A stand-in for edgecore's DMI side: a real gRPC DeviceManagerService on a real Unix socket,
/// answering MapperRegister with the devices and models it is given (as edgecore answers with
/// those of the mapper's protocol), and keeping every registration and report. It calls the
/// mapper back at the address the mapper registered, as edgecore's device manager does when the
/// cloud changes a Device. Stop removes the socket and Start creates it anew: an edgecore restart.
/// </summary>
public sealed class FakeEdgecore : DeviceManagerService.DeviceManagerServiceBase, IAsyncDisposable
{
    private readonly object _gate = new();
    private List<Device> _devices = [];
    private List<DeviceModel> _models = [];
    private UnixGrpcHost? _host;
    private GrpcChannel? _mapperChannel;

    public FakeEdgecore(string socketPath) => SocketPath = socketPath;

    public string SocketPath { get; }

    public ConcurrentQueue<MapperRegisterRequest> Registrations { get; } = new();

    public ConcurrentQueue<ReportDeviceStatusRequest> StatusReports { get; } = new();

    /// <summary>The :authority each registration came with.</summary>
    public ConcurrentQueue<string> Authorities { get; } = new();

    public ConcurrentQueue<ReportDeviceStatesRequest> StateReports { get; } = new();

    /// <summary>Answer ReportDeviceStates UNIMPLEMENTED, as edgecore before v1.18 does (it has no such call).</summary>
    public bool WithoutStates { get; set; }

    /// <summary>What the next registration is answered with.</summary>
    public void Holds(IEnumerable<DeviceModel> models, IEnumerable<Device> devices)
    {
        lock (_gate)
        {
            _models = [.. models];
            _devices = [.. devices];
        }
    }

    public async Task StartAsync() => _host = await UnixGrpcHost.StartAsync(SocketPath, this, 4 * 1024 * 1024, null, CancellationToken.None);

    public async Task StopAsync()
    {
        if (_host != null) await _host.DisposeAsync();
        _host = null;
        _mapperChannel?.Dispose();
        _mapperChannel = null;
    }

    /// <summary>A client of the mapper's socket, as the last registration named it.</summary>
    public DeviceMapperService.DeviceMapperServiceClient Mapper()
    {
        if (!Registrations.TryPeek(out _)) throw new InvalidOperationException("no mapper has registered");
        string address = Registrations.Last().Mapper.Address.ToStringUtf8();
        _mapperChannel ??= DmiSocket.Channel(address, 4 * 1024 * 1024);
        return new DeviceMapperService.DeviceMapperServiceClient(_mapperChannel);
    }

    /// <summary>The reports about one device (namespace/name) so far.</summary>
    public IEnumerable<ReportDeviceStatusRequest> StatusOf(string id) => StatusReports.Where(r => r.DeviceNamespace + "/" + r.DeviceName == id);

    /// <summary>The reported and observed-desired values of a property in the latest report of a device, or nulls.</summary>
    public (string? Reported, string? ObservedDesired) Latest(string id, string property)
    {
        Twin? twin = StatusOf(id).LastOrDefault(r => r.ReportedDevice.Twins.Any(t => t.PropertyName == property))?
            .ReportedDevice.Twins.Last(t => t.PropertyName == property);
        return (twin?.Reported?.Value, twin?.ObservedDesired?.Value);
    }

    /// <summary>The state in the latest state report of a device, or null.</summary>
    public string? LatestState(string id) => StateReports.LastOrDefault(r => r.DeviceNamespace + "/" + r.DeviceName == id)?.State;

    public override Task<MapperRegisterResponse> MapperRegister(MapperRegisterRequest request, ServerCallContext context)
    {
        // As edgecore: a mapper without a protocol is refused.
        if (string.IsNullOrEmpty(request.Mapper?.Protocol)) throw new RpcException(new Status(StatusCode.Unknown, "the protocol is nil"));
        Registrations.Enqueue(request);
        Authorities.Enqueue(context.Host);
        var answer = new MapperRegisterResponse();
        if (!request.WithData) return Task.FromResult(answer);
        lock (_gate)
        {
            answer.DeviceList.AddRange(_devices.Where(d => d.Spec.Protocol.ProtocolName == request.Mapper.Protocol));
            answer.ModelList.AddRange(_models);
        }
        return Task.FromResult(answer);
    }

    public override Task<ReportDeviceStatusResponse> ReportDeviceStatus(ReportDeviceStatusRequest request, ServerCallContext context)
    {
        StatusReports.Enqueue(request);
        return Task.FromResult(new ReportDeviceStatusResponse());
    }

    public override Task<ReportDeviceStatesResponse> ReportDeviceStates(ReportDeviceStatesRequest request, ServerCallContext context)
    {
        if (WithoutStates) return base.ReportDeviceStates(request, context); // UNIMPLEMENTED
        StateReports.Enqueue(request);
        return Task.FromResult(new ReportDeviceStatesResponse());
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
