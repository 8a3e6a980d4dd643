using EdgeNano.Cli.Hub;

namespace EdgeNano.Tests.Cli;

/// <summary>Which of the hub's reply sessions carries a reply: always its device's one, so a device's replies keep their order.</summary>
public sealed class HubOutputTests
{
    [Theory]
    [InlineData("default/demo-0001")]
    [InlineData("plant-3/pump-02")]
    [InlineData("pump-02")]
    public void Every_reply_of_one_device_takes_the_same_session(string device)
    {
        string[] replies =
        [
            $"$hw/events/device/{device}/twin/update/result",
            $"$hw/events/device/{device}/twin/update/document",
            $"$hw/events/device/{device}/twin/update/delta",
            $"$hw/events/device/{device}/twin/get/result",
            $"$hw/events/device/{device}/state/update/result",
        ];

        int[] sessions = [.. replies.Select(topic => HubShard.Whole.LaneOfTopic(topic, 4))];

        Assert.All(sessions, s => Assert.Equal(DevicePartition.Of(device, 4), s));
    }

    [Fact]
    public void A_fleets_replies_spread_over_every_session()
    {
        int[] perSession = new int[4];
        for (int i = 1; i <= 400; i++) perSession[HubShard.Whole.LaneOfTopic($"$hw/events/device/default/demo-{i:0000}/twin/update/result", 4)]++;

        Assert.All(perSession, count => Assert.InRange(count, 60, 140));
    }

    [Fact]
    public void A_shards_replies_spread_over_every_session_too()
    {
        // Shard 0/2 owns the devices whose hash is even: the hash modulo 16 would leave the odd sessions unused.
        var shard = new HubShard(0, 2);
        int[] perSession = new int[16];
        for (int i = 1; i <= 1600; i++)
        {
            string device = $"default/demo-{i:0000}";
            if (shard.Owns(device)) perSession[shard.LaneOfTopic($"$hw/events/device/{device}/twin/update/result", 16)]++;
        }

        Assert.All(perSession, count => Assert.InRange(count, 20, 80));
    }

    [Fact]
    public void With_one_session_everything_takes_it()
    {
        Assert.Equal(0, HubShard.Whole.LaneOfTopic("$hw/events/device/default/demo-0001/twin/update/result", 1));
        Assert.Equal(0, HubShard.Whole.LaneOfTopic("$hw/events/node/edge-1/membership/detail", 4));
    }
}
