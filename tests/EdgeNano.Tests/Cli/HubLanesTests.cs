using System.Text;
using System.Text.Json;
using EdgeNano.Cli.Hub;

namespace EdgeNano.Tests.Cli;

/// <summary>The hub's lanes (--partitions): which lane holds a device, and what the lanes answer together.</summary>
public class HubLanesTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static string Device(int i) => $"default/demo-{i:0000}";

    private static byte[] Report(string value) =>
        Encoding.UTF8.GetBytes("""{"event_id":"e","twin":{"n":{"actual":{"value":"V"},"metadata":{"type":"int"}}}}""".Replace("V", value));

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    [InlineData(2, 3)]
    [InlineData(3, 4)]
    public void A_shards_devices_spread_evenly_over_its_lanes(int shards, int lanes)
    {
        var shard = new HubShard(0, shards);
        var counts = new int[lanes];
        int owned = 0;
        for (int i = 1; i <= 10_000; i++)
        {
            if (!shard.Owns(Device(i))) continue;
            owned++;
            counts[shard.LaneOf(Device(i), lanes)]++;
        }

        // Lanes equal to shards in number would all land in lane 0 with hash mod lanes; they do not.
        double fair = (double)owned / lanes;
        Assert.All(counts, count => Assert.InRange(count, fair * 0.95, fair * 1.05));
    }

    [Fact]
    public void Lanes_opened_on_a_file_hold_every_saved_device_once_and_membership_lists_them_all()
    {
        string file = _directory.File("hub.db");
        using (var database = new TwinDatabase(file))
        {
            var one = new HubLanes(database, new ManualClock(), new HubLimits(), _ => { }, HubShard.Whole, 1);
            for (int i = 1; i <= 12; i++) one.Lanes[0].Handle($"$hw/events/device/{Device(i)}/twin/update", Report(i.ToString()));
            one.Lanes[0].Commit();
        }

        using var reopened = new TwinDatabase(file);
        var lanes = new HubLanes(reopened, new ManualClock(), new HubLimits(), _ => { }, HubShard.Whole, 3);

        string[] all = [.. Enumerable.Range(1, 12).Select(Device)];
        Assert.Equal(all, lanes.DeviceIds);
        Assert.Equal(12, lanes.Lanes.Sum(l => l.DeviceIds.Count));
        Assert.All(lanes.Lanes, l => Assert.NotEmpty(l.DeviceIds));
        string membership = "$hw/events/node/edge-1/membership/get";
        Assert.Equal(0, lanes.LaneOf(membership));
        JsonElement members = JsonDocument.Parse(Assert.Single(lanes.Lanes[0].Handle(membership, "{}"u8)).Payload).RootElement;
        Assert.Equal(all, members.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("id").GetString()));
    }

    [Fact]
    public void Each_device_is_answered_by_its_own_lane_with_its_own_twin_and_the_counters_add_up()
    {
        using var database = new TwinDatabase(_directory.File("hub.db"));
        var lanes = new HubLanes(database, new ManualClock(), new HubLimits(), _ => { }, HubShard.Whole, 2);

        for (int i = 1; i <= 8; i++)
        {
            string topic = $"$hw/events/device/{Device(i)}/twin/update";
            Assert.NotEmpty(lanes.Lanes[lanes.LaneOf(topic)].Handle(topic, Report(i.ToString())));
        }
        string get = $"$hw/events/device/{Device(9)}/twin/get";
        lanes.Lanes[lanes.LaneOf(get)].Handle(get, "{}"u8);
        foreach (TwinHub lane in lanes.Lanes) lane.Commit();

        Assert.Equal(8, lanes.DeviceIds.Count);
        Assert.Equal(8, lanes.Counts.Answered);
        Assert.Equal(1, lanes.Counts.UnknownDevice);
        Assert.All(lanes.Lanes, l => Assert.InRange(l.DeviceIds.Count, 1, 7));
    }
}
