using EdgeNano.Cli.Mapper.Dmi;
using Grpc.Core;

namespace EdgeNano.Cli.Mapper;

// DMI's Device, not the `edgenano device` command's namespace.
using Device = EdgeNano.Cli.Mapper.Dmi.Device;

/// <summary>
/// The mapper's side of DMI, which edgecore calls when the cloud adds, changes or removes a
/// Device or DeviceModel of the protocol. Requests are checked (<see cref="DmiInputCheck"/>):
/// a refused one is answered InvalidArgument with the reason, logged and counted, and changes
/// nothing; a taken one goes to the <see cref="DeviceCatalog"/>.
/// </summary>
internal sealed class DeviceMapperEndpoint(DeviceCatalog catalog, Func<MappedDevice, DeviceStatus> statusOf, DmiRefusals refusals, Action<string> log)
    : DeviceMapperService.DeviceMapperServiceBase
{
    public override Task<RegisterDeviceResponse> RegisterDevice(RegisterDeviceRequest request, ServerCallContext context)
    {
        Device device = TakeDevice("RegisterDevice", request.Device);
        return Task.FromResult(new RegisterDeviceResponse { DeviceName = device.Name, DeviceNamespace = device.Namespace });
    }

    public override Task<UpdateDeviceResponse> UpdateDevice(UpdateDeviceRequest request, ServerCallContext context)
    {
        TakeDevice("UpdateDevice", request.Device);
        return Task.FromResult(new UpdateDeviceResponse());
    }

    public override Task<RemoveDeviceResponse> RemoveDevice(RemoveDeviceRequest request, ServerCallContext context)
    {
        Check("RemoveDevice", DmiInputCheck.Names("device name", request.DeviceName, request.DeviceNamespace));
        string id = DmiInputCheck.NamespaceOf(request.DeviceNamespace) + "/" + request.DeviceName;
        log(catalog.RemoveDevice(request.DeviceNamespace, request.DeviceName)
            ? $"mapper: device {id} removed: no longer driven or reported"
            : $"mapper: RemoveDevice for {id}, which the mapper did not serve");
        return Task.FromResult(new RemoveDeviceResponse());
    }

    public override Task<CreateDeviceModelResponse> CreateDeviceModel(CreateDeviceModelRequest request, ServerCallContext context)
    {
        DeviceModel model = TakeModel("CreateDeviceModel", request.Model);
        return Task.FromResult(new CreateDeviceModelResponse { DeviceModelName = model.Name, DeviceModelNamespace = model.Namespace });
    }

    public override Task<UpdateDeviceModelResponse> UpdateDeviceModel(UpdateDeviceModelRequest request, ServerCallContext context)
    {
        TakeModel("UpdateDeviceModel", request.Model);
        return Task.FromResult(new UpdateDeviceModelResponse());
    }

    public override Task<RemoveDeviceModelResponse> RemoveDeviceModel(RemoveDeviceModelRequest request, ServerCallContext context)
    {
        Check("RemoveDeviceModel", DmiInputCheck.Names("model name", request.ModelName, request.ModelNamespace));
        if (catalog.RemoveModel(request.ModelNamespace, request.ModelName))
            log($"mapper: model {DmiInputCheck.NamespaceOf(request.ModelNamespace)}/{request.ModelName} removed");
        return Task.FromResult(new RemoveDeviceModelResponse());
    }

    /// <summary>The device as edgecore gave it, with its status: the twins as the mapper last saw them on the board.</summary>
    public override Task<GetDeviceResponse> GetDevice(GetDeviceRequest request, ServerCallContext context)
    {
        Check("GetDevice", DmiInputCheck.Names("device name", request.DeviceName, request.DeviceNamespace));
        string id = DmiInputCheck.NamespaceOf(request.DeviceNamespace) + "/" + request.DeviceName;
        MappedDevice device = catalog.Find(id) ?? throw new RpcException(new Status(StatusCode.NotFound, $"the mapper serves no device {id}"));
        Device answer = device.Source.Clone();
        answer.Status = statusOf(device);
        return Task.FromResult(new GetDeviceResponse { Device = answer });
    }

    private Device TakeDevice(string call, Device? device)
    {
        Check(call, DmiInputCheck.Device(device));
        catalog.PutDevice(device!);
        return device!;
    }

    private DeviceModel TakeModel(string call, DeviceModel? model)
    {
        Check(call, DmiInputCheck.Model(model));
        catalog.PutModel(model!);
        log($"mapper: model {DmiInputCheck.NamespaceOf(model!.Namespace)}/{model.Name} taken ({call})");
        return model;
    }

    private void Check(string call, string? problem)
    {
        if (problem == null) return;
        refusals.CountInvalid();
        log($"mapper: refused {call}: {problem}");
        throw new RpcException(new Status(StatusCode.InvalidArgument, problem));
    }
}
