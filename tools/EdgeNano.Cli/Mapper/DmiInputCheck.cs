using EdgeNano.Board;
using EdgeNano.Cli.Mapper.Dmi;
using EdgeNano.DeviceTwin;

namespace EdgeNano.Cli.Mapper;

// DMI's Device, not the `edgenano device` command's namespace.
using Device = EdgeNano.Cli.Mapper.Dmi.Device;

/// <summary>
/// What the mapper refuses outright from edgecore (an InvalidArgument answer, counted): names
/// Kubernetes could not have given, property names that are not twin keys, more properties than
/// a twin holds. A device that passes may still have problems of its own (<see cref="MappedDevice.Problems"/>),
/// which are reported rather than refused, so one bad Device does not hide behind a gRPC error.
/// </summary>
internal static class DmiInputCheck
{
    /// <summary>Properties one Device or DeviceModel may carry.</summary>
    public const int MaxProperties = 128;

    /// <summary>Null when the device can be taken, else why not.</summary>
    public static string? Device(Device? device)
    {
        if (device == null) return "the request carries no device";
        if (NameProblem("device name", device.Name) is { } name) return name;
        if (NamespaceProblem(device.Namespace) is { } ns) return ns;
        if (device.Spec == null) return $"device {device.Name} has no spec";
        if (device.Spec.Properties.Count > MaxProperties) return $"device {device.Name} has {device.Spec.Properties.Count} properties, more than {MaxProperties}";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (DeviceProperty property in device.Spec.Properties)
        {
            if (!TwinRules.IsValidKey(TwinText.Of(property.Name ?? "")))
                return $"device {device.Name}: property name '{Printable(property.Name)}' is not a twin key (1-128 of a-z A-Z 0-9 - _ . , : / @ #)";
            if (!seen.Add(property.Name!)) return $"device {device.Name}: property {property.Name} is given twice";
            if (property.ReportCycle < 0) return $"device {device.Name}: property {property.Name} has a negative reportCycle";
        }
        return null;
    }

    /// <summary>Null when the model can be taken, else why not.</summary>
    public static string? Model(DeviceModel? model)
    {
        if (model == null) return "the request carries no device model";
        if (NameProblem("model name", model.Name) is { } name) return name;
        if (NamespaceProblem(model.Namespace) is { } ns) return ns;
        int count = model.Spec?.Properties.Count ?? 0;
        if (count > MaxProperties) return $"model {model.Name} has {count} properties, more than {MaxProperties}";
        return null;
    }

    /// <summary>Null when name and namespace are ones Kubernetes gives, else why not.</summary>
    public static string? Names(string kind, string name, string ns) => NameProblem(kind, name) ?? NamespaceProblem(ns);

    /// <summary>KubeEdge before v1.16 sends no namespace: such a device lives in default.</summary>
    public static string NamespaceOf(string ns) => string.IsNullOrEmpty(ns) ? "default" : ns;

    private static string? NameProblem(string kind, string? name) =>
        !string.IsNullOrEmpty(name) && KubeNames.IsSubdomain(name) ? null : $"{kind} '{Printable(name)}' is not a Kubernetes name: {KubeNames.SubdomainRule}";

    private static string? NamespaceProblem(string? ns) =>
        string.IsNullOrEmpty(ns) || KubeNames.IsNamespace(ns) ? null : $"namespace '{Printable(ns)}' is not a Kubernetes namespace";

    /// <summary>At most 64 characters of what was sent, control characters escaped, for one log line.</summary>
    public static string Printable(string? text)
    {
        if (text == null) return "";
        string shown = BoardDescription.Printable(text.Length > 64 ? text[..64] : text);
        return text.Length > 64 ? shown + "..." : shown;
    }
}
