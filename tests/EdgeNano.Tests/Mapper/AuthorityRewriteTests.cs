using EdgeNano.Cli.Mapper;
using EdgeNano.Cli.Mapper.Dmi;
using EdgeNano.Tests.Cli;
using Google.Protobuf;

namespace EdgeNano.Tests.Mapper;

/// <summary>
/// edgecore's Go gRPC client sends the mapper's socket path as :authority (raw in KubeEdge
/// v1.16's grpc-go 1.56, percent-encoded in later releases); the mapper must take its calls.
/// </summary>
[Collection(FleetCollection.Name)]
public class AuthorityRewriteTests
{
    [SkippableTheory]
    [InlineData("/etc/kubeedge/edgenano.sock")]
    [InlineData("%2Fetc%2Fkubeedge%2Fedgenano.sock")]
    [InlineData("localhost")]
    public async Task Calls_with_the_socket_path_as_authority_are_served_on_a_new_and_a_reused_connection(string authority)
    {
        await using var rig = new MapperRig();
        await rig.StartHubAsync();
        await rig.Edgecore.StartAsync();
        await rig.StartMapperAsync();
        rig.WaitFor(() => rig.Edgecore.Registrations.Count == 1, "registration"); // its answer (no devices) would undo the one registered here
        var (models, devices) = ExportedDevices.FromBoard(ExportedDevices.SimulatorBoard);
        var request = new RegisterDeviceRequest { Device = devices.Single() };

        var answers = await RawHttp2.CallAsync(rig.MapperSocket, authority, "/v1beta1.DeviceMapperService/RegisterDevice", request.ToByteArray(), count: 2);

        Assert.All(answers, a => Assert.False(a.Reset, $"stream reset with HTTP/2 error {a.ResetCode}"));
        // The answer's headers can come before the call's end: wait for the device.
        rig.WaitFor(() => rig.Mapper.Catalog.Find("default/demo") != null, "the device registered through the raw calls");
        Assert.Equal(0, rig.Mapper.Refusals.Total);
    }

    [Fact]
    public void Only_authority_values_change_in_a_header_block()
    {
        byte[] block =
        [
            0x83, // indexed :method POST
            0x41, 0x85, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, // :authority, incremental indexing, a Huffman-coded value
            0x04, 0x03, (byte)'/', (byte)'x', (byte)'y', // :path without indexing, plain value
            0x10, 0x0A, .. ":authority"u8, 0x01, (byte)'a', // never indexed, new name :authority
            0x20, // dynamic table size update to 0
        ];

        byte[] rewritten = AuthorityRewrite.RewriteBlock(block);

        byte[] expected =
        [
            0x83,
            0x41, 0x09, .. "localhost"u8,
            0x04, 0x03, (byte)'/', (byte)'x', (byte)'y',
            0x10, 0x0A, .. ":authority"u8, 0x09, .. "localhost"u8,
            0x20,
        ];
        Assert.Equal(expected, rewritten);
    }
}
