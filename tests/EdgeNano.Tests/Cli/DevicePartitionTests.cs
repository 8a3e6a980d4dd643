using EdgeNano.Cli.Common;
using EdgeNano.Cli.Hub;

namespace EdgeNano.Tests.Cli;

/// <summary>The device -> partition rule hub and sim shards share, as tools/EdgeNano.Cli/README.md writes it out.</summary>
public class DevicePartitionTests
{
    [Theory]
    // FNV-1a 32-bit's published vectors, then device IDs as their topics spell them.
    [InlineData("", 0x811C9DC5u)]
    [InlineData("a", 0xE40C292Cu)]
    [InlineData("foobar", 0xBF9CF968u)]
    [InlineData("default/demo-0001", 1491069180u)]
    [InlineData("pump-02", 1767067516u)]
    public void The_hash_is_FNV_1a_32_bit_over_the_UTF_8_bytes_of_the_device_ID(string id, uint hash)
    {
        Assert.Equal(hash, DevicePartition.Hash(id));
    }

    [Fact]
    public void The_partition_is_the_hash_modulo_the_count_and_non_ASCII_IDs_hash_their_UTF_8_bytes()
    {
        Assert.Equal((int)(1491069180u % 3), DevicePartition.Of("default/demo-0001", 3));
        Assert.Equal(0, DevicePartition.Of("default/demo-0001", 1));
        // "é" is two bytes in UTF-8 (C3 A9): hashing UTF-16 units would give another value.
        uint utf8 = 0x811C9DC5u;
        foreach (byte b in new byte[] { 0xC3, 0xA9 }) utf8 = (utf8 ^ b) * 16777619u;
        Assert.Equal(utf8, DevicePartition.Hash("é"));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Ten_thousand_fleet_IDs_split_evenly_over_the_shards(int shards)
    {
        var counts = new int[shards];
        for (int i = 1; i <= 10_000; i++) counts[DevicePartition.Of($"default/demo-{i:0000}", shards)]++;

        double fair = 10_000.0 / shards;
        Assert.All(counts, count => Assert.InRange(count, fair * 0.97, fair * 1.03));
    }

    [Theory]
    [InlineData("0/2", 0, 2)]
    [InlineData("1/2", 1, 2)]
    [InlineData("2/3", 2, 3)]
    [InlineData("0/1", 0, 1)]
    public void A_shard_is_written_i_slash_n(string text, int index, int count)
    {
        Assert.Equal(new HubShard(index, count), HubShard.Parse(text));
    }

    [Theory]
    [InlineData("2/2")]
    [InlineData("1")]
    [InlineData("-1/2")]
    [InlineData("0/0")]
    [InlineData("a/b")]
    [InlineData("0/2/4")]
    public void A_shard_outside_0_to_n_minus_1_is_refused_with_an_example(string text)
    {
        var refusal = Assert.Throws<CliException>(() => HubShard.Parse(text));
        Assert.Contains("e.g. 0/2 and 1/2", refusal.Message);
    }

    [Fact]
    public void Every_device_is_owned_by_exactly_one_of_the_shards()
    {
        for (int i = 1; i <= 200; i++)
        {
            string id = $"factory/line-{i}";
            Assert.Single(Enumerable.Range(0, 3), s => new HubShard(s, 3).Owns(id));
        }
    }
}
