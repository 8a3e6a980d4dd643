using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace EdgeNano.Tests.Cli;

/// <summary>`edgenano kube export` output read back as YAML.</summary>
public class KubeExportTests
{
    private static string Board(string name) => Path.Combine(BuildPaths.RepoRoot, "boards", name, "board.json");

    private static List<YamlMappingNode> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static YamlNode At(YamlNode node, params string[] path)
    {
        foreach (string key in path) node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        return node;
    }

    private static string Text(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value!;

    [Fact]
    public void Export_gives_a_DeviceModel_and_a_Device_per_board_device_with_access_modes_by_pin_kind()
    {
        CliRunResult run = HubRig.Run("kube", "export", "--board", Board("esp32-devkitc"), "--node", "edge-1");

        Assert.True(run.ExitCode == 0, run.Error);
        List<YamlMappingNode> documents = Documents(run.Output);
        Assert.Equal(["DeviceModel", "Device"], documents.Select(d => Text(d, "kind")));
        Assert.All(documents, d => Assert.Equal("devices.kubeedge.io/v1beta1", Text(d, "apiVersion")));

        YamlMappingNode model = documents[0], device = documents[1];
        var properties = ((YamlSequenceNode)At(model, "spec", "properties")).Children
            .ToDictionary(p => Text(p, "name"), p => (Type: Text(p, "type"), Access: Text(p, "accessMode")));
        Assert.Equal(("BOOLEAN", "ReadOnly"), properties["button"]);
        Assert.Equal(("INT", "ReadOnly"), properties["pulses"]);
        Assert.Equal(("INT", "ReadOnly"), properties["pulse_rate"]);
        Assert.Equal(("BOOLEAN", "ReadWrite"), properties["led"]);

        Assert.Equal(Text(model, "metadata", "name"), Text(device, "spec", "deviceModelRef", "name"));
        Assert.Equal("default", Text(device, "metadata", "namespace"));
        Assert.Equal("esp32-devkitc", Text(device, "metadata", "name"));
        Assert.Equal("edge-1", Text(device, "spec", "nodeName"));
        YamlNode led = ((YamlSequenceNode)At(device, "spec", "properties")).Children.Single(p => Text(p, "name") == "led");
        var desired = (YamlScalarNode)At(led, "desired", "value");
        Assert.Equal("false", desired.Value);
        Assert.NotEqual(YamlDotNet.Core.ScalarStyle.Plain, desired.Style); // a string, as KubeEdge's TwinProperty.Value is
    }

    [Fact]
    public void Every_shipped_board_exports()
    {
        foreach (string board in new[] { "esp32-devkitc", "esp32-s3-devkitc", "stm32f769i-disco", "rpi4", "simulator" })
        {
            CliRunResult run = HubRig.Run("kube", "export", "--board", Board(board));
            Assert.True(run.ExitCode == 0, board + ": " + run.Error);
            Assert.Contains(Documents(run.Output), d => Text(d, "kind") == "Device");
        }
    }

    [Fact]
    public void An_invalid_board_is_one_line_naming_the_problem()
    {
        using var directory = new TempDirectory();
        string file = directory.File("bad.json");
        File.WriteAllText(file, """{"board":"x","mcu":"esp32","devices":[{"id":"default/x","properties":[{"key":"a","kind":"lamp","pin":4}]}]}""");

        CliRunResult run = HubRig.Run("kube", "export", "--board", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("bad.json", run.Error);
    }

    // Keys KubeEdge accepts that a YAML 1.1 reader, unquoted, takes for a bool, null, number or
    // timestamp, or cannot read at all (a comment, an indicator, a document marker).
    private static readonly string[] AwkwardKeys =
    [
        "on", "off", "yes", "n", "NO", "Y", "true", "False", "null", "Null", "1_000", "1e3", "0x1F", "0o17", "017", "0b101",
        ".inf", "-.inf", ".NaN", "1:30", "190:20:30.15", "1.5", "-1", "2026-01-01", "#x", "a#b", "@home", "-", "---", "...",
        ":x", "x:", ",",
    ];

    // Board JSON with input properties on simulator pins 0, 1, 2, ...
    private static string BoardJson(string boardId, params (string Id, string[] Keys)[] devices)
    {
        int pin = 0;
        return JsonSerializer.Serialize(new
        {
            board = boardId,
            mcu = "simulator",
            devices = devices.Select(d => new { id = d.Id, properties = d.Keys.Select(k => new { key = k, kind = "input", pin = pin++ }).ToList() }).ToList(),
        });
    }

    private static CliRunResult Export(string json, params string[] options)
    {
        using var directory = new TempDirectory();
        string file = directory.File("board.json");
        File.WriteAllText(file, json);
        return HubRig.Run(["kube", "export", "--board", file, .. options]);
    }

    private static readonly HashSet<string> BoolFields = ["reportToCloud", "activeLow"];
    private static readonly HashSet<string> IntFields = ["pin", "debounceMs", "rateWindowMs"];

    // Every key a string, every value of the export's bool and int fields that type, and every other value a string.
    private static void AssertYaml11Types(IEnumerable<YamlMappingNode> documents)
    {
        foreach ((string? key, YamlScalarNode scalar) in documents.SelectMany(d => Yaml11.Scalars(d)))
        {
            string expected = key == null ? "str" : BoolFields.Contains(key) ? "bool" : IntFields.Contains(key) ? "int" : "str";
            Assert.True(expected == Yaml11.TypeOf(scalar), $"{key ?? "a key"}: '{scalar.Value}' ({scalar.Style}) reads as {Yaml11.TypeOf(scalar)}, not {expected}");
        }
    }

    [Fact]
    public void Keys_names_and_labels_YAML_1_1_would_read_as_bools_numbers_or_null_reach_kubectl_as_the_same_strings()
    {
        string json = BoardJson("1_000", ("no/on", AwkwardKeys), ("null/1e3", ["y"]), ("off/1.5", ["0"]));

        CliRunResult run = Export(json, "--node", "0x1f", "--protocol", "yes");

        Assert.True(run.ExitCode == 0, run.Error);
        List<YamlMappingNode> documents = Documents(run.Output);
        AssertYaml11Types(documents);
        Assert.Equal(6, documents.Count);
        YamlMappingNode model = documents[0], device = documents[1];
        Assert.Equal(AwkwardKeys, ((YamlSequenceNode)At(model, "spec", "properties")).Children.Select(p => Text(p, "name")));
        Assert.Equal(AwkwardKeys, ((YamlSequenceNode)At(device, "spec", "properties")).Children.Select(p => Text(p, "name")));
        Assert.Equal(["no", "no", "null", "null", "off", "off"], documents.Select(d => Text(d, "metadata", "namespace")));
        Assert.Equal(["on-model", "on", "1e3-model", "1e3", "1.5-model", "1.5"], documents.Select(d => Text(d, "metadata", "name")));
        Assert.Equal("on-model", Text(device, "metadata", "labels", "model"));
        Assert.Equal("1_000", Text(device, "metadata", "labels", "edgenano.io/board"));
        Assert.Equal("0x1f", Text(device, "spec", "nodeName"));
        Assert.Equal("yes", Text(model, "spec", "protocol"));
        Assert.Equal("yes", Text(device, "spec", "protocol", "protocolName"));
    }

    [Fact]
    public void Every_value_of_a_shipped_boards_export_has_its_type_under_YAML_1_1()
    {
        CliRunResult run = HubRig.Run("kube", "export", "--board", Board("esp32-devkitc"), "--node", "edge-1");

        Assert.True(run.ExitCode == 0, run.Error);
        AssertYaml11Types(Documents(run.Output));
    }

    [Fact]
    public void A_line_break_in_the_board_file_name_stays_inside_the_header_comment()
    {
        using var directory = new TempDirectory();
        string file = directory.File("x\n---\nkind: Stray\r.json");
        File.WriteAllText(file, BoardJson("b", ("default/d", ["p"])));

        CliRunResult run = HubRig.Run("kube", "export", "--board", file);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["DeviceModel", "Device"], Documents(run.Output).Select(d => Text(d, "kind")));
        string header = run.Output.Split('\n')[0];
        Assert.StartsWith("# ", header);
        Assert.Contains("x\\n---\\nkind: Stray\\r.json", header);
    }

    [Theory]
    [InlineData("default/My_Dev", "field id: 'default/My_Dev' is not \"namespace/name\" as Kubernetes names them: the name 'My_Dev'")]
    [InlineData("Prod/dev1", "field id: 'Prod/dev1' is not \"namespace/name\" as Kubernetes names them: the namespace 'Prod'")]
    [InlineData("default/dev@2", "field id: 'default/dev@2' is not \"namespace/name\" as Kubernetes names them: the name 'dev@2'")]
    [InlineData("default/a-name-so-long-that-its-device-model-label-value-is-over63", "the name has 58 characters")]
    public void A_device_id_Kubernetes_cannot_name_is_refused_naming_the_board_file_the_field_and_the_id(string id, string fragment)
    {
        CliRunResult run = Export(BoardJson("b", (id, ["p"])));

        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"board.json: device {id}, ", run.Error);
        Assert.Contains(fragment, run.Error);
    }

    [Theory]
    [InlineData("my board", "'my board'")]
    [InlineData("x\n---\nkind: Stray", "'x\\n---\\nkind: Stray'")]
    [InlineData("board-id-that-is-too-long-for-a-kubernetes-label-value-of-63-chars", "'board-id-that-is-too-long-for-a-kubernetes-label-value-of-63-chars'")]
    public void A_board_id_that_is_not_a_label_value_is_refused_on_one_line_naming_the_field_and_the_value(string boardId, string shown)
    {
        CliRunResult run = Export(BoardJson(boardId, ("default/d", ["p"])));

        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("board.json: field board: " + shown + " is not a Kubernetes label value", run.Error);
    }

    [Fact]
    public void A_node_name_that_is_not_a_Kubernetes_name_is_refused()
    {
        CliRunResult run = HubRig.Run("kube", "export", "--board", Board("simulator"), "--node", "Edge_1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--node 'Edge_1'", run.Error);
    }

    // Field paths of KubeEdge v1.23.1's devices.kubeedge.io/v1beta1 schemas, DeviceModel then Device;
    // "*" stands for a subtree the schema keeps whole (x-kubernetes-preserve-unknown-fields, labels).
    private static readonly string[] ModelSchemaPaths =
    [
        "apiVersion", "kind", "metadata.name", "metadata.namespace", "metadata.labels.*",
        "spec.protocol", "spec.properties[].name", "spec.properties[].description", "spec.properties[].type",
        "spec.properties[].accessMode", "spec.properties[].unit", "spec.properties[].minimum", "spec.properties[].maximum",
        "spec.properties[].visitors.protocolName", "spec.properties[].visitors.configData.*", "spec.protocolConfigData.*",
    ];

    private static readonly string[] DeviceSchemaPaths =
    [
        "apiVersion", "kind", "metadata.name", "metadata.namespace", "metadata.labels.*",
        "spec.deviceModelRef.name", "spec.nodeName", "spec.protocol.protocolName", "spec.protocol.configData.*",
        "spec.properties[].name", "spec.properties[].desired.value", "spec.properties[].desired.metadata.*",
        "spec.properties[].visitors.protocolName", "spec.properties[].visitors.configData.*", "spec.properties[].reportToCloud",
        "spec.properties[].reportCycle", "spec.properties[].collectCycle",
    ];

    private static IEnumerable<string> LeafPaths(YamlNode node, string path)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach ((YamlNode key, YamlNode value) in mapping.Children)
                foreach (string leaf in LeafPaths(value, path.Length == 0 ? ((YamlScalarNode)key).Value! : path + "." + ((YamlScalarNode)key).Value))
                    yield return leaf;
                break;
            case YamlSequenceNode sequence:
                foreach (YamlNode item in sequence.Children)
                foreach (string leaf in LeafPaths(item, path + "[]")) yield return leaf;
                break;
            default:
                yield return path;
                break;
        }
    }

    [Fact]
    public void Every_field_the_export_writes_is_in_KubeEdges_v1beta1_schema_so_the_API_server_prunes_none()
    {
        CliRunResult run = HubRig.Run("kube", "export", "--board", Board("esp32-devkitc"), "--node", "edge-1");

        Assert.True(run.ExitCode == 0, run.Error);
        foreach (YamlMappingNode document in Documents(run.Output))
        {
            string[] schema = Text(document, "kind") == "Device" ? DeviceSchemaPaths : ModelSchemaPaths;
            foreach (string leaf in LeafPaths(document, "").Distinct())
                Assert.True(schema.Any(s => s == leaf || (s.EndsWith(".*") && leaf.StartsWith(s[..^1]))), $"{Text(document, "kind")}: {leaf} is not in the schema");
        }
    }
}
