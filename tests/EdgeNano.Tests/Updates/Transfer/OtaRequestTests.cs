using System.Text.Json;
using EdgeNano.Updates;

namespace EdgeNano.Tests.Updates.Transfer;

/// <summary>The device's manifest/get and block/get requests, written without a JSON writer, read back with System.Text.Json.</summary>
public sealed class OtaRequestTests
{
    [Fact]
    public void A_manifest_request_names_the_package_in_lower_case_hex()
    {
        byte[] id = Enumerable.Range(0, 32).Select(i => (byte)(i * 37 + 11)).ToArray();
        var output = new byte[OtaRequest.MaxLength];

        int length = OtaRequest.Write(output, id, -1, 0, 0);

        using var json = JsonDocument.Parse(output.AsMemory(0, length));
        Assert.Equal(Convert.ToHexStringLower(id), json.RootElement.GetProperty("package").GetString());
        Assert.Single(json.RootElement.EnumerateObject());
    }

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(7, 17, 4096)]
    [InlineData(65535, int.MaxValue, 65536)]   // the longest request fits MaxLength
    public void A_block_request_carries_file_block_and_size(int file, int block, int size)
    {
        byte[] id = Enumerable.Repeat((byte)0xAB, 32).ToArray();
        var output = new byte[OtaRequest.MaxLength];

        int length = OtaRequest.Write(output, id, file, block, size);

        using var json = JsonDocument.Parse(output.AsMemory(0, length));
        Assert.Equal(string.Concat(Enumerable.Repeat("ab", 32)), json.RootElement.GetProperty("package").GetString());
        Assert.Equal((file, block, size), (json.RootElement.GetProperty("file").GetInt32(), json.RootElement.GetProperty("block").GetInt32(),
            json.RootElement.GetProperty("size").GetInt32()));
    }

    [Theory]
    [InlineData(OtaRequest.MaxLength - 1, 0, 0, 1024)]   // too short an output
    [InlineData(OtaRequest.MaxLength, 65536, 0, 1024)]   // file out of range
    [InlineData(OtaRequest.MaxLength, 0, -1, 1024)]      // negative block
    [InlineData(OtaRequest.MaxLength, 0, 0, 0)]          // size out of range
    [InlineData(OtaRequest.MaxLength, 0, 0, 65537)]
    public void What_cannot_be_written_whole_is_refused(int outputLength, int file, int block, int size)
    {
        Assert.Equal(-1, OtaRequest.Write(new byte[outputLength], new byte[32], file, block, size));
    }
}
