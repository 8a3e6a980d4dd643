using EdgeNano.Board;
using YamlDotNet.Serialization;

namespace EdgeNano.Cli.Kube;

/// <summary>
/// A board's devices as KubeEdge resources (devices.kubeedge.io/v1beta1): per device a
/// DeviceModel (its properties with KubeEdge types and access modes: inputs and counters
/// ReadOnly, outputs ReadWrite) and a Device instance bound to it, so the board registers in a
/// cluster under the same device IDs and property keys it speaks on MQTT.
/// </summary>
public static class KubeExport
{
    public const string ApiVersion = "devices.kubeedge.io/v1beta1";

    /// <summary>The YAML stream: a DeviceModel and a Device per board device, each its own document.</summary>
    public static string ToYaml(BoardDescription board, string? nodeName, string protocol)
    {
        // The validator keeps the names and label values within Kubernetes' rules (KubeNames).
        if (!board.IsValid) throw new ArgumentException(board.ErrorText(), nameof(board));
        var serializer = new SerializerBuilder()
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
            .WithEventEmitter(next => new QuotedStringValues(next))
            .Build();
        var text = new StringWriter();
        text.WriteLine($"# KubeEdge resources for board '{board.BoardId}' ({board.Mcu}), from {BoardDescription.Printable(board.FileName)}, by edgenano kube export");
        for (int d = 0; d < board.DeviceCount; d++)
        {
            BoardDevice device = board.DeviceAt(d);
            (string ns, string name) = Split(device.Id);
            string model = KubeNames.ModelName(name);
            text.WriteLine("---");
            serializer.Serialize(text, DeviceModel(device, ns, model, protocol));
            text.WriteLine("---");
            serializer.Serialize(text, Device(board, device, ns, name, model, nodeName, protocol));
        }
        return text.ToString();
    }

    private static Dictionary<string, object?> DeviceModel(BoardDevice device, string ns, string model, string protocol) => new()
    {
        ["apiVersion"] = ApiVersion,
        ["kind"] = "DeviceModel",
        ["metadata"] = new Dictionary<string, object?> { ["name"] = model, ["namespace"] = ns },
        ["spec"] = new Dictionary<string, object?>
        {
            ["protocol"] = protocol,
            ["properties"] = Properties(device).Select(p => new Dictionary<string, object?>
            {
                ["name"] = p.Key,
                ["description"] = p.Description,
                ["type"] = p.Type,
                ["accessMode"] = p.Writable ? "ReadWrite" : "ReadOnly",
            }).ToList(),
        },
    };

    private static Dictionary<string, object?> Device(BoardDescription board, BoardDevice device, string ns, string name, string model,
        string? nodeName, string protocol)
    {
        var spec = new Dictionary<string, object?>
        {
            ["deviceModelRef"] = new Dictionary<string, object?> { ["name"] = model },
        };
        if (!string.IsNullOrEmpty(nodeName)) spec["nodeName"] = nodeName;
        spec["protocol"] = new Dictionary<string, object?>
        {
            ["protocolName"] = protocol,
            ["configData"] = new Dictionary<string, object?> { ["board"] = board.BoardId, ["mcu"] = board.Mcu },
        };
        spec["properties"] = Properties(device).Select(p =>
        {
            var property = new Dictionary<string, object?> { ["name"] = p.Key };
            if (p.Desired != null) property["desired"] = new Dictionary<string, object?> { ["value"] = p.Desired };
            property["visitors"] = new Dictionary<string, object?> { ["protocolName"] = protocol, ["configData"] = p.Visitor };
            property["reportToCloud"] = true;
            return property;
        }).ToList();
        return new Dictionary<string, object?>
        {
            ["apiVersion"] = ApiVersion,
            ["kind"] = "Device",
            ["metadata"] = new Dictionary<string, object?>
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = new Dictionary<string, object?> { ["model"] = model, ["edgenano.io/board"] = board.BoardId },
            },
            ["spec"] = spec,
        };
    }

    private sealed record ExportedProperty(string Key, string Type, bool Writable, string Description, string? Desired, Dictionary<string, object?> Visitor);

    /// <summary>Every twin property of the device: one per pin, plus a counter's rate property.</summary>
    private static IEnumerable<ExportedProperty> Properties(BoardDevice device)
    {
        for (int i = 0; i < device.PropertyCount; i++)
        {
            PinBinding pin = device.PropertyAt(i);
            string kind = PinKind.Name(pin.Kind);
            var visitor = new Dictionary<string, object?> { ["pin"] = pin.Pin, ["kind"] = kind };
            string description = $"{kind} on GPIO {pin.Pin}";
            if (pin.ActiveLow)
            {
                visitor["activeLow"] = true;
                description += ", active low";
            }
            if (pin.Kind != PinKind.Output)
            {
                visitor["pull"] = PullMode.Name(pin.Pull);
                if (pin.Pull != PullMode.None) description += $", pull {PullMode.Name(pin.Pull)}";
            }
            if (pin.Kind == PinKind.Input && pin.DebounceMs > 0)
            {
                visitor["debounceMs"] = pin.DebounceMs;
                description += $", debounce {pin.DebounceMs} ms";
            }
            bool output = pin.Kind == PinKind.Output;
            yield return new ExportedProperty(pin.Key, KubeType(pin.Kind), output, description,
                output ? (pin.Initial ? "true" : "false") : null, visitor);
            if (pin.Kind == PinKind.Counter && pin.RateKey != null)
            {
                yield return new ExportedProperty(pin.RateKey, "INT", false, $"pulses of {pin.Key} per {pin.RateWindowMs} ms", null,
                    new Dictionary<string, object?> { ["pin"] = pin.Pin, ["kind"] = "rate", ["rateOf"] = pin.Key, ["rateWindowMs"] = pin.RateWindowMs });
            }
        }
    }

    /// <summary>The DeviceModel type enum (INT, FLOAT, DOUBLE, STRING, BOOLEAN, BYTES) for a pin kind's twin type.</summary>
    private static string KubeType(int kind) => PinKind.TwinType(kind) == "int" ? "INT" : "BOOLEAN";

    private static (string Namespace, string Name) Split(string id)
    {
        int slash = id.IndexOf('/');
        return (id[..slash], id[(slash + 1)..]);
    }
}
