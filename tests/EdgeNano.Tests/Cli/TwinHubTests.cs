using System.Text;
using System.Text.Json;
using EdgeNano.Cli.Hub;

namespace EdgeNano.Tests.Cli;

/// <summary>The hub's protocol without a network: what it publishes for what it receives.</summary>
public class TwinHubTests : IDisposable
{
    private const string Thermo = "$hw/events/device/default/thermo-01";
    private readonly TempDirectory _directory = new();
    private readonly ManualClock _clock = new();
    private readonly List<string> _log = [];
    private TwinDatabase _database;
    private TwinHub _hub;

    public TwinHubTests()
    {
        _database = new TwinDatabase(_directory.File("hub.db"));
        _hub = new TwinHub(_database, _clock, new HubLimits(), _log.Add);
    }

    public void Dispose()
    {
        _database.Dispose();
        _directory.Dispose();
    }

    private List<HubPublish> Send(string topic, string json) => _hub.Handle(topic, Encoding.UTF8.GetBytes(json));

    private static JsonElement Only(List<HubPublish> replies, string topic)
    {
        HubPublish reply = Assert.Single(replies, r => r.Topic == topic);
        return JsonDocument.Parse(reply.Payload).RootElement.Clone();
    }

    [Fact]
    public void A_reported_value_is_answered_with_the_twin_without_versions_and_a_document_of_last_and_current()
    {
        var replies = Send(Thermo + "/twin/update",
            """{"event_id":"e1","timestamp":1,"twin":{"temperature":{"actual":{"value":"21.5"},"metadata":{"type":"float"}}}}""");

        JsonElement result = Only(replies, Thermo + "/twin/update/result");
        Assert.Equal("e1", result.GetProperty("event_id").GetString());
        JsonElement temperature = result.GetProperty("twin").GetProperty("temperature");
        Assert.Equal("21.5", temperature.GetProperty("actual").GetProperty("value").GetString());
        Assert.Equal("float", temperature.GetProperty("metadata").GetProperty("type").GetString());
        Assert.False(temperature.TryGetProperty("actual_version", out _));

        JsonElement document = Only(replies, Thermo + "/twin/update/document").GetProperty("twin").GetProperty("temperature");
        Assert.Equal(JsonValueKind.Null, document.GetProperty("last").ValueKind);
        Assert.Equal("21.5", document.GetProperty("current").GetProperty("actual").GetProperty("value").GetString());
        Assert.DoesNotContain(replies, r => r.Topic.EndsWith("/delta"));
    }

    [Fact]
    public void A_desired_value_the_device_has_not_reached_is_published_as_a_delta_until_actual_matches()
    {
        Send(Thermo + "/twin/update", """{"event_id":"","twin":{"fan":{"actual":{"value":"off"}}}}""");

        var set = Send(Thermo + "/twin/update", """{"event_id":"s","twin":{"fan":{"expected":{"value":"on"}}}}""");
        Assert.Equal("on", Only(set, Thermo + "/twin/update/delta").GetProperty("delta").GetProperty("fan").GetString());

        var reached = Send(Thermo + "/twin/update", """{"event_id":"r","twin":{"fan":{"actual":{"value":"on"}}}}""");
        Assert.DoesNotContain(reached, r => r.Topic.EndsWith("/delta"));
    }

    [Fact]
    public void A_value_not_of_the_property_type_is_refused_with_400_and_changes_nothing()
    {
        Send(Thermo + "/twin/update", """{"twin":{"temperature":{"actual":{"value":"21.5"},"metadata":{"type":"float"}}}}""");

        JsonElement refusal = Only(Send(Thermo + "/twin/update", """{"event_id":"bad","twin":{"temperature":{"actual":{"value":"warm"}}}}"""),
            Thermo + "/twin/update/result");

        Assert.Equal(400, refusal.GetProperty("code").GetInt32());
        Assert.Equal("the value is not float", refusal.GetProperty("reason").GetString());
        Assert.Equal("bad", refusal.GetProperty("event_id").GetString());
        JsonElement get = Only(Send(Thermo + "/twin/get", """{"event_id":"g"}"""), Thermo + "/twin/get/result");
        Assert.Equal("21.5", get.GetProperty("twin").GetProperty("temperature").GetProperty("actual").GetProperty("value").GetString());
    }

    [Fact]
    public void Every_result_echoes_the_event_id_of_its_request_as_edgecore_does()
    {
        // A device tells its own results from another client's on the same topic by this id.
        string Echo(string topic, string json, string resultTopic) => Only(Send(topic, json), resultTopic).GetProperty("event_id").GetString()!;

        Assert.Equal("a1b2c3-1", Echo(Thermo + "/twin/update", """{"event_id":"a1b2c3-1","twin":{"t":{"actual":{"value":"1"},"metadata":{"type":"int"}}}}""", Thermo + "/twin/update/result"));
        Assert.Equal("a1b2c3-2", Echo(Thermo + "/twin/update", """{"event_id":"a1b2c3-2","twin":{"t":{"actual":{"value":"1"}}}}""", Thermo + "/twin/update/result"));
        Assert.Equal("a1b2c3-3", Echo(Thermo + "/twin/update", """{"event_id":"a1b2c3-3","twin":{"t":{"actual":{"value":"x"}}}}""", Thermo + "/twin/update/result"));
        Assert.Equal("a1b2c3-4", Echo(Thermo + "/twin/get", """{"event_id":"a1b2c3-4","timestamp":1}""", Thermo + "/twin/get/result"));
        Assert.Equal("a1b2c3-5", Echo("$hw/events/device/default/nobody/twin/get", """{"event_id":"a1b2c3-5"}""", "$hw/events/device/default/nobody/twin/get/result"));
        Assert.Equal("a1b2c3-6", Echo(Thermo + "/state/update", """{"event_id":"a1b2c3-6","state":"online"}""", Thermo + "/state/update/result"));
        Assert.Equal("a1b2c3-7", Echo("$hw/events/device/pump-02/twin/get", """{"event_id":"a1b2c3-7"}""", "$hw/events/device/pump-02/twin/get/result"));
    }

    [Fact]
    public void Get_skips_deleted_properties_and_an_unknown_device_gets_404()
    {
        Send(Thermo + "/twin/update", """{"twin":{"a":{"actual":{"value":"1"}},"b":{"actual":{"value":"2"}}}}""");
        Send(Thermo + "/twin/update", """{"twin":{"b":null}}""");

        JsonElement twin = Only(Send(Thermo + "/twin/get", """{"event_id":"g"}"""), Thermo + "/twin/get/result").GetProperty("twin");
        Assert.Equal(["a"], twin.EnumerateObject().Select(p => p.Name));

        JsonElement missing = Only(Send("$hw/events/device/default/nobody/twin/get", """{"event_id":"x"}"""),
            "$hw/events/device/default/nobody/twin/get/result");
        Assert.Equal(404, missing.GetProperty("code").GetInt32());
    }

    [Fact]
    public void Single_segment_device_ids_of_older_KubeEdge_are_answered_on_their_own_topics()
    {
        var replies = Send("$hw/events/device/pump-02/twin/update", """{"twin":{"rpm":{"actual":{"value":"900"},"metadata":{"type":"int"}}}}""");

        Only(replies, "$hw/events/device/pump-02/twin/update/result");
        Assert.Contains("pump-02", _hub.DeviceIds);
    }

    [Fact]
    public void State_and_membership_are_answered_with_the_known_devices()
    {
        JsonElement state = Only(Send(Thermo + "/state/update", """{"event_id":"s1","state":"online"}"""), Thermo + "/state/update/result");
        Assert.Equal("thermo-01", state.GetProperty("device").GetProperty("name").GetString());
        Assert.Equal("online", state.GetProperty("device").GetProperty("state").GetString());

        JsonElement members = Only(Send("$hw/events/node/edge-1/membership/get", """{"event_id":"m"}"""),
            "$hw/events/node/edge-1/membership/get/result");
        Assert.Equal("default/thermo-01", Assert.Single(members.GetProperty("devices").EnumerateArray()).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"twin":{"level":{"actual":{"value":"x"},"metadata":{"type":"int"}}}}""")]
    [InlineData("""{"twin":{"bad key":{"actual":{"value":"1"}}}}""")]
    public void A_refused_first_update_is_answered_with_400_and_creates_no_device(string payload)
    {
        JsonElement refusal = Only(Send(Thermo + "/twin/update", payload), Thermo + "/twin/update/result");

        Assert.Equal(400, refusal.GetProperty("code").GetInt32());
        Assert.Empty(_hub.DeviceIds);
    }

    [Fact]
    public void A_new_hub_on_the_same_file_has_the_twins_and_versions_of_the_old_one()
    {
        Send(Thermo + "/twin/update", """{"twin":{"fan":{"actual":{"value":"off"}}}}""");
        Send(Thermo + "/twin/update", """{"twin":{"fan":{"expected":{"value":"on"}}}}""");
        _hub.Commit();
        _database.Dispose();

        _database = new TwinDatabase(_directory.File("hub.db"));
        _hub = new TwinHub(_database, _clock, new HubLimits(), _log.Add);

        JsonElement fan = Only(Send(Thermo + "/twin/get", "{}"), Thermo + "/twin/get/result").GetProperty("twin").GetProperty("fan");
        Assert.Equal("on", fan.GetProperty("expected").GetProperty("value").GetString());
        Assert.Equal("off", fan.GetProperty("actual").GetProperty("value").GetString());
    }
}

/// <summary>The hub's write batches: what is written when, and what is answered when.</summary>
public class TwinHubBatchTests : IDisposable
{
    private const string Thermo = "$hw/events/device/default/thermo-01";
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static byte[] Report(int value) =>
        Encoding.UTF8.GetBytes("""{"event_id":"V","twin":{"n":{"actual":{"value":"V"},"metadata":{"type":"int"}}}}""".Replace("V", value.ToString()));

    private string? SavedValue()
    {
        using var database = new TwinDatabase(_directory.File("hub.db"));
        var hub = new TwinHub(database, new ManualClock(), new HubLimits(), _ => { });
        JsonElement result = JsonDocument.Parse(Assert.Single(hub.Handle(Thermo + "/twin/get", "{}"u8)).Payload).RootElement;
        if (result.TryGetProperty("code", out _)) return null;
        return result.GetProperty("twin").GetProperty("n").GetProperty("actual").GetProperty("value").GetString();
    }

    [Fact]
    public void A_change_reaches_the_file_only_with_the_commit_of_its_batch_and_its_replies_only_after_it()
    {
        using var database = new TwinDatabase(_directory.File("hub.db"));
        var hub = new TwinHub(database, new ManualClock(), new HubLimits(), _ => { });
        var batch = new WriteBatch(hub, new HubBatchOptions { MaxMessages = 3, MaxDelay = TimeSpan.FromHours(1) });

        batch.Add(Thermo + "/twin/update", Report(1));
        batch.Add(Thermo + "/twin/update", Report(2));

        Assert.False(batch.IsDue(moreWaiting: true));
        Assert.True(batch.IsDue(moreWaiting: false));
        Assert.Null(SavedValue());
        batch.Add(Thermo + "/twin/update", Report(3));
        Assert.True(batch.IsDue(moreWaiting: true));

        List<HubPublish> replies = batch.Commit();

        Assert.Equal("3", SavedValue());
        Assert.Equal(["1", "2", "3"], replies.Where(r => r.Topic.EndsWith("/result"))
            .Select(r => JsonDocument.Parse(r.Payload).RootElement.GetProperty("event_id").GetString()));
        Assert.Equal(0, hub.UnsavedDevices);
        Assert.Empty(batch.Commit());
    }
}

/// <summary>The hub's limits against what it saved before.</summary>
public class TwinHubLimitTests
{
    [Fact]
    public void A_hub_whose_limits_no_longer_fit_a_saved_twin_refuses_to_start_instead_of_losing_it()
    {
        using var directory = new TempDirectory();
        string file = directory.File("hub.db");
        using (var database = new TwinDatabase(file))
        {
            var hub = new TwinHub(database, new ManualClock(), new HubLimits(), _ => { });
            hub.Handle("$hw/events/device/default/big/twin/update",
                Encoding.UTF8.GetBytes("""{"twin":{"a":{"actual":{"value":"1"}},"b":{"actual":{"value":"2"}},"c":{"actual":{"value":"3"}}}}"""));
            hub.Commit();
        }

        using var reopened = new TwinDatabase(file);
        var refusal = Assert.Throws<EdgeNano.Cli.Common.CliException>(() =>
            new TwinHub(reopened, new ManualClock(), new HubLimits { PropertiesPerDevice = 2 }, _ => { }));
        Assert.Contains("default/big", refusal.Message);
        Assert.Contains("--max-properties", refusal.Message);
    }

    [Fact]
    public void A_device_past_its_property_limit_gets_500_and_keeps_what_it_had()
    {
        using var directory = new TempDirectory();
        using var database = new TwinDatabase(directory.File("hub.db"));
        var hub = new TwinHub(database, new ManualClock(), new HubLimits { PropertiesPerDevice = 2 }, _ => { });
        const string topic = "$hw/events/device/default/small/twin/update";
        hub.Handle(topic, Encoding.UTF8.GetBytes("""{"twin":{"a":{"actual":{"value":"1"}},"b":{"actual":{"value":"2"}}}}"""));

        var replies = hub.Handle(topic, Encoding.UTF8.GetBytes("""{"event_id":"3","twin":{"c":{"actual":{"value":"3"}}}}"""));

        JsonElement result = JsonDocument.Parse(Assert.Single(replies).Payload).RootElement;
        Assert.Equal(500, result.GetProperty("code").GetInt32());
        var get = hub.Handle("$hw/events/device/default/small/twin/get", Encoding.UTF8.GetBytes("{}"));
        JsonElement twin = JsonDocument.Parse(Assert.Single(get).Payload).RootElement.GetProperty("twin");
        Assert.Equal(["a", "b"], twin.EnumerateObject().Select(p => p.Name));
    }
}
