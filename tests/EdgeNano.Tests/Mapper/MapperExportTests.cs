using EdgeNano.Cli.Mapper;

namespace EdgeNano.Tests.Mapper;

/// <summary>`kube export` writes what `edgenano mapper` serves: protocol, model types and access modes, property names.</summary>
public class MapperExportTests
{
    [Theory]
    [InlineData("simulator")]
    [InlineData("esp32-devkitc")]
    [InlineData("esp32-s3-devkitc")]
    [InlineData("rpi4")]
    public void Every_exported_Device_of_a_shipped_board_is_served_whole(string boardName)
    {
        var (models, devices) = ExportedDevices.FromBoard(Path.Combine(BuildPaths.RepoRoot, "boards", boardName, "board.json"));

        foreach (var device in devices)
        {
            var model = models.Single(m => m.Name == device.Spec.DeviceModelReference && m.Namespace == device.Namespace);
            MappedDevice mapped = MappedDevice.From(device, model, "edgenano", TimeSpan.FromSeconds(10));

            Assert.Empty(mapped.Problems);
            Assert.Equal(device.Spec.Properties.Select(p => p.Name), mapped.Properties.Select(p => p.Name));
            Assert.Equal(boardName, mapped.Board);
            // Outputs are driven to their initial value; inputs and counters carry no desired value.
            Assert.All(mapped.Properties, p => Assert.Equal(p.Writable, p.Desired != null));
        }
    }
}
