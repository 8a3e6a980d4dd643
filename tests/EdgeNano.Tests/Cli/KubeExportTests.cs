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
        foreach (string board in new[] { "esp32-devkitc", "esp32-s3-devkitc", "rpi4", "simulator" })
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
}
