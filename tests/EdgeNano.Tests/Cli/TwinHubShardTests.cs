using System.Text;
using System.Text.Json;
using EdgeNano.Cli.Common;
using EdgeNano.Cli.Hub;

namespace EdgeNano.Tests.Cli;

/// <summary>A hub shard without a network: which devices it answers, and which database it refuses.</summary>
public class TwinHubShardTests : IDisposable
{
    // FNV-1a of these IDs modulo 2 (pinned in DevicePartitionTests): 0001 is shard 0's, 0002 shard 1's.
    private const string Ours = "default/demo-0001";
    private const string Theirs = "default/demo-0002";
    private static readonly HubShard Zero = new(0, 2);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static string Topic(string id, string operation) => $"$hw/events/device/{id}/{operation}";

    private static byte[] Report(string value) =>
        Encoding.UTF8.GetBytes("""{"event_id":"e","twin":{"n":{"actual":{"value":"V"},"metadata":{"type":"int"}}}}""".Replace("V", value));

    [Fact]
    public void The_pinned_devices_fall_in_the_shards_these_tests_expect()
    {
        Assert.True(Zero.Owns(Ours));
        Assert.False(Zero.Owns(Theirs));
    }

    [Fact]
    public void A_shard_answers_its_own_devices_and_ignores_another_shards_without_creating_them()
    {
        using var database = new TwinDatabase(_directory.File("hub.db"));
        var hub = new TwinHub(database, new ManualClock(), new HubLimits(), _ => { }, Zero);

        Assert.NotEmpty(hub.Handle(Topic(Ours, "twin/update"), Report("1")));
        Assert.Empty(hub.Handle(Topic(Theirs, "twin/update"), Report("1")));
        Assert.Empty(hub.Handle(Topic(Theirs, "twin/get"), "{}"u8));
        Assert.Empty(hub.Handle(Topic(Theirs, "state/update"), """{"state":"online"}"""u8));
        // Garbage for another shard's device is that shard's to refuse, not this one's.
        Assert.Empty(hub.Handle(Topic(Theirs, "twin/update"), "{not json"u8));

        Assert.Equal([Ours], hub.DeviceIds);
        HubCounts counts = hub.Counts;
        Assert.Equal(4, counts.OtherShard);
        Assert.Equal(1, counts.Answered);
        Assert.Equal(0, counts.Refused);
    }

    [Fact]
    public void Every_shard_answers_membership_with_the_devices_it_owns()
    {
        using var zeroFile = new TwinDatabase(_directory.File("zero.db"));
        using var oneFile = new TwinDatabase(_directory.File("one.db"));
        var zero = new TwinHub(zeroFile, new ManualClock(), new HubLimits(), _ => { }, Zero);
        var one = new TwinHub(oneFile, new ManualClock(), new HubLimits(), _ => { }, new HubShard(1, 2));
        foreach (TwinHub hub in new[] { zero, one })
        {
            hub.Handle(Topic(Ours, "twin/update"), Report("1"));
            hub.Handle(Topic(Theirs, "twin/update"), Report("1"));
        }

        string[] Members(TwinHub hub) =>
        [
            .. JsonDocument.Parse(Assert.Single(hub.Handle("$hw/events/node/edge-1/membership/get", """{"event_id":"m"}"""u8)).Payload)
                .RootElement.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("id").GetString()!),
        ];

        Assert.Equal([Ours], Members(zero));
        Assert.Equal([Theirs], Members(one));
    }

    [Fact]
    public void A_shard_refuses_to_start_on_a_database_holding_another_shards_device_and_names_it()
    {
        string file = _directory.File("hub.db");
        using (var database = new TwinDatabase(file))
        {
            // Written by one unsharded hub: both devices. Then someone starts it as shard 0 of 2.
            var whole = new TwinHub(database, new ManualClock(), new HubLimits(), _ => { });
            whole.Handle(Topic(Ours, "twin/update"), Report("1"));
            whole.Handle(Topic(Theirs, "twin/update"), Report("2"));
            whole.Commit();
        }

        using var reopened = new TwinDatabase(file);
        var refusal = Assert.Throws<CliException>(() => new TwinHub(reopened, new ManualClock(), new HubLimits(), _ => { }, Zero));

        Assert.Contains($"device {Theirs}, which belongs to shard 1/2", refusal.Message);
        Assert.Contains("this hub's shard 0/2", refusal.Message);
        // The file itself is untouched: the unsharded hub still has both twins.
        var again = new TwinHub(reopened, new ManualClock(), new HubLimits(), _ => { });
        Assert.Equal([Ours, Theirs], again.DeviceIds);
    }

    [Fact]
    public void A_shard_restarted_on_its_own_database_has_its_twins()
    {
        string file = _directory.File("hub-0of2.db");
        using (var database = new TwinDatabase(file))
        {
            var hub = new TwinHub(database, new ManualClock(), new HubLimits(), _ => { }, Zero);
            hub.Handle(Topic(Ours, "twin/update"), Report("7"));
            hub.Handle(Topic(Theirs, "twin/update"), Report("8"));
            hub.Commit();
        }

        using var reopened = new TwinDatabase(file);
        var restarted = new TwinHub(reopened, new ManualClock(), new HubLimits(), _ => { }, Zero);

        Assert.Equal([Ours], restarted.DeviceIds);
    }

    [Fact]
    public void Shard_zero_of_one_is_the_unsharded_hub_with_its_client_ID_and_file()
    {
        Assert.Equal("edgenano-hub", HubService.ClientId(HubShard.Parse("0/1")));
        Assert.Equal("edgenano-hub-1of2", HubService.ClientId(HubShard.Parse("1/2")));
        Assert.Equal("edgenano-hub.db", HubCommand.DefaultDatabase(HubShard.Whole));
        Assert.Equal("edgenano-hub-1of2.db", HubCommand.DefaultDatabase(new HubShard(1, 2)));
    }
}
