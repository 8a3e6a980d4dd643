using EdgeNano.Board;
using EdgeNano.Cli.Kube;
using EdgeNano.Cli.Mapper.Dmi;
using Google.Protobuf.WellKnownTypes;
using YamlDotNet.Serialization;

namespace EdgeNano.Tests.Mapper;

/// <summary>
/// What edgecore hands a mapper for a board registered with <c>edgenano kube export</c>: the
/// exported YAML read back and converted as edgecore's DMI side converts Devices and
/// DeviceModels (deviceModelRef.name becomes deviceModelReference, protocol config values are
/// packed as google.protobuf wrappers, string values as StringValue).
/// </summary>
public static class ExportedDevices
{
    public static readonly string SimulatorBoard = Path.Combine(BuildPaths.RepoRoot, "boards", "simulator", "board.json");

    /// <summary>The board file's devices, renamed to id when given (one device: it becomes id), with every reportCycle set.</summary>
    public static (List<DeviceModel> Models, List<Device> Devices) FromBoard(string boardFile, string? id = null, long reportCycleMs = 200)
    {
        BoardDescription board = BoardParser.Parse(boardFile, File.ReadAllBytes(boardFile));
        Assert.True(board.IsValid, board.ErrorText());
        if (id != null) board.DeviceAt(0).Id = id;
        string yaml = KubeExport.ToYaml(board, "edge-node", "edgenano");
        var models = new List<DeviceModel>();
        var devices = new List<Device>();
        var reader = new DeserializerBuilder().Build();
        foreach (string document in yaml.Split("\n---\n").Skip(1))
        {
            var resource = reader.Deserialize<Dictionary<string, object>>(document);
            var metadata = (Dictionary<object, object>)resource["metadata"];
            var spec = (Dictionary<object, object>)resource["spec"];
            if ((string)resource["kind"] == "DeviceModel") models.Add(Model(metadata, spec));
            else devices.Add(Device(metadata, spec, reportCycleMs));
        }
        return (models, devices);
    }

    /// <summary>The device's property of that name.</summary>
    public static DeviceProperty Property(this Device device, string name) => device.Spec.Properties.Single(p => p.Name == name);

    /// <summary>A copy of the device with a desired value set on one property.</summary>
    public static Device WithDesired(this Device device, string property, string value)
    {
        Device copy = device.Clone();
        copy.Property(property).Desired = new TwinProperty { Value = value };
        return copy;
    }

    private static DeviceModel Model(Dictionary<object, object> metadata, Dictionary<object, object> spec)
    {
        var model = new DeviceModel { Name = (string)metadata["name"], Namespace = (string)metadata["namespace"], Spec = new DeviceModelSpec() };
        foreach (Dictionary<object, object> property in ((List<object>)spec["properties"]).Cast<Dictionary<object, object>>())
        {
            model.Spec.Properties.Add(new ModelProperty
            {
                Name = (string)property["name"],
                Description = (string)property["description"],
                Type = (string)property["type"],
                AccessMode = (string)property["accessMode"],
            });
        }
        return model;
    }

    private static Device Device(Dictionary<object, object> metadata, Dictionary<object, object> spec, long reportCycleMs)
    {
        var protocol = (Dictionary<object, object>)spec["protocol"];
        var config = new CustomizedValue();
        foreach (var (key, value) in (Dictionary<object, object>)protocol["configData"]) config.Data[(string)key] = Any.Pack(new StringValue { Value = (string)value });
        var device = new Device
        {
            Name = (string)metadata["name"],
            Namespace = (string)metadata["namespace"],
            Spec = new DeviceSpec
            {
                DeviceModelReference = (string)((Dictionary<object, object>)spec["deviceModelRef"])["name"],
                Protocol = new ProtocolConfig { ProtocolName = (string)protocol["protocolName"], ConfigData = config },
            },
        };
        foreach (Dictionary<object, object> property in ((List<object>)spec["properties"]).Cast<Dictionary<object, object>>())
        {
            var visitors = (Dictionary<object, object>)property["visitors"];
            var item = new DeviceProperty
            {
                Name = (string)property["name"],
                ReportCycle = reportCycleMs,
                ReportToCloud = true,
                Visitors = new VisitorConfig { ProtocolName = (string)visitors["protocolName"] },
            };
            if (property.TryGetValue("desired", out object? desired)) item.Desired = new TwinProperty { Value = (string)((Dictionary<object, object>)desired)["value"] };
            device.Spec.Properties.Add(item);
        }
        return device;
    }
}
