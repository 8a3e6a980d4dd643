using EdgeNano.Cli.Mapper.Dmi;
using EdgeNano.DeviceTwin;
using Google.Protobuf.WellKnownTypes;

namespace EdgeNano.Cli.Mapper;

// DMI's Device, not the `edgenano device` command's namespace.
using Device = EdgeNano.Cli.Mapper.Dmi.Device;

/// <summary>One property of a mapped device: its twin type, whether the board drives it, and the desired value to drive it to.</summary>
internal sealed record MappedProperty(string Name, string TwinType, bool Writable, string? Desired);

/// <summary>
/// A Device as the mapper serves it: the DMI Device it was given, read against its DeviceModel.
/// Properties that the model does not have, or whose desired value the board cannot take, are
/// left out of <see cref="Properties"/> and named in <see cref="Problems"/>; the rest are served.
/// </summary>
internal sealed class MappedDevice
{
    private MappedDevice(Device source, string ns)
    {
        Source = source;
        Namespace = ns;
    }

    /// <summary>The Device as edgecore sent it (GetDevice answers with it).</summary>
    public Device Source { get; }

    public string Namespace { get; }

    public string Name => Source.Name;

    /// <summary>namespace/name: the id in the board's MQTT topics.</summary>
    public string Id => Namespace + "/" + Name;

    /// <summary>The board id from <c>spec.protocol.configData.board</c> (as kube export writes it), or null.</summary>
    public string? Board { get; private init; }

    /// <summary>namespace/model the device refers to.</summary>
    public string ModelKey => Namespace + "/" + Source.Spec.DeviceModelReference;

    public IReadOnlyList<MappedProperty> Properties { get; private init; } = [];

    /// <summary>Why parts of this Device are not served, one line each; empty when all is well.</summary>
    public IReadOnlyList<string> Problems { get; private init; } = [];

    /// <summary>How often the device is reported: the shortest reportCycle of its properties, or the default.</summary>
    public TimeSpan ReportCycle { get; private init; }

    /// <summary>The property of that name, or null.</summary>
    public MappedProperty? Property(string name) => Properties.FirstOrDefault(p => p.Name == name);

    /// <summary>Reads a device (checked with <see cref="DmiInputCheck.Device"/>) against its model, which may be missing.</summary>
    public static MappedDevice From(Device device, DeviceModel? model, string protocol, TimeSpan defaultReportCycle)
    {
        var problems = new List<string>();
        var properties = new List<MappedProperty>();
        string? protocolName = device.Spec.Protocol?.ProtocolName;
        if (protocolName != protocol) problems.Add($"its protocol is '{DmiInputCheck.Printable(protocolName)}', not '{protocol}'");
        if (model == null) problems.Add($"its model '{device.Spec.DeviceModelReference}' is not known to the mapper: nothing is driven or reported");
        long cycle = 0;
        foreach (DeviceProperty property in device.Spec.Properties)
        {
            if (property.ReportCycle > 0) cycle = cycle == 0 ? property.ReportCycle : Math.Min(cycle, property.ReportCycle);
            if (model == null) continue;
            ModelProperty? declared = model.Spec?.Properties.FirstOrDefault(p => p.Name == property.Name);
            if (declared == null)
            {
                problems.Add($"property {property.Name} is not in model {model.Name}: not served");
                continue;
            }
            string? type = TwinTypeOf(declared.Type);
            if (type == null)
            {
                problems.Add($"property {property.Name} has type '{DmiInputCheck.Printable(declared.Type)}' in model {model.Name}, which a board has no pin for: not served");
                continue;
            }
            bool writable = declared.AccessMode == "ReadWrite";
            string? desired = string.IsNullOrEmpty(property.Desired?.Value) ? null : property.Desired.Value;
            if (desired != null && DesiredProblem(property.Name, desired, type, writable, model.Name) is { } problem)
            {
                problems.Add(problem);
                desired = null;
            }
            properties.Add(new MappedProperty(property.Name, type, writable, desired));
        }
        return new MappedDevice(device, DmiInputCheck.NamespaceOf(device.Namespace))
        {
            Board = BoardOf(device),
            Properties = properties,
            Problems = problems,
            ReportCycle = cycle > 0 ? TimeSpan.FromMilliseconds(cycle) : defaultReportCycle,
        };
    }

    /// <summary>Why the desired value cannot go to the board, or null.</summary>
    private static string? DesiredProblem(string name, string desired, string type, bool writable, string model)
    {
        string shown = DmiInputCheck.Printable(desired);
        if (!writable) return $"property {name} is ReadOnly in model {model} (a pin the board reads): desired value '{shown}' is not sent to the board";
        if (!TwinRules.IsValidValue(TwinText.Of(desired)))
            return $"property {name}: desired value '{shown}' is not a twin value (1-512 of a-z A-Z 0-9 - _ . , : / @ #): not sent to the board";
        if (TwinRules.CheckValueType(DeviceTwin.TwinType.Parse(type), TwinText.Of(desired)) is { } reason)
            return $"property {name}: desired value '{shown}' is not a {type}: {reason}";
        return null;
    }

    /// <summary>The twin type a DeviceModel type becomes on the board, or null for one no pin has.</summary>
    public static string? TwinTypeOf(string modelType) => modelType?.ToUpperInvariant() switch
    {
        "BOOLEAN" => "boolean",
        "INT" => "int",
        "FLOAT" => "float",
        "STRING" => "string",
        _ => null,
    };

    private static string? BoardOf(Device device)
    {
        var data = device.Spec.Protocol?.ConfigData?.Data;
        if (data == null || !data.TryGetValue("board", out Any? value)) return null;
        return value.TryUnpack(out StringValue text) ? text.Value : null;
    }
}
