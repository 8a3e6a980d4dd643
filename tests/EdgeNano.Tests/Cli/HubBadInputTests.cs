using System.Text;
using System.Text.Json;
using EdgeNano.Cli.Common;
using EdgeNano.Cli.Hub;
using EdgeNano.Tests.Infrastructure;

namespace EdgeNano.Tests.Cli;

/// <summary>
/// Bad input to a hub shard on a real mosquitto: each kind is answered with an error result (or,
/// for another shard's device, left to that shard), counted, and the hub goes on answering the
/// same device with what it had.
/// </summary>
public sealed class HubBadInputTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly HubShard Zero = new(0, 2);
    // Shard 0/2's and shard 1/2's (FNV-1a modulo 2, pinned in DevicePartitionTests).
    private const string Ours = "default/demo-0001";
    private const string Theirs = "default/demo-0002";

    private readonly TempDirectory _directory = new();
    private MosquittoBroker? _broker;
    private HubService? _hub;
    private MqttSession? _device;
    private readonly List<string> _skipped = [];

    public async Task InitializeAsync()
    {
        _broker = MosquittoBroker.Start();
        var address = new BrokerAddress(_broker.Host, _broker.Port, false, null, null);
        _hub = HubService.Start(address, _directory.File("hub-0of2.db"), new HubLimits(), _ => { }, CancellationToken.None, shard: Zero);
        await _hub.Ready.WaitAsync(Wait);
        _device = await MqttSession.ConnectAsync(address, "bad-input", Wait, CancellationToken.None);
        await _device.SubscribeAsync(["$hw/events/device/+/+/twin/+/result", "$hw/events/device/+/+/state/update/result"], CancellationToken.None);
        // The device has a twin the bad input must not disturb.
        JsonElement first = await SendAsync(Ours, "twin/update", """{"event_id":"good-1","twin":{"n":{"actual":{"value":"1"},"metadata":{"type":"int"}}}}""");
        Assert.False(first.TryGetProperty("code", out _), first.ToString());
    }

    public async Task DisposeAsync()
    {
        if (_device != null) await _device.DisposeAsync();
        if (_hub != null) await _hub.DisposeAsync();
        _broker?.Dispose();
        _directory.Dispose();
    }

    private static string Topic(string id, string operation) => $"$hw/events/device/{id}/{operation}";

    /// <summary>Publishes and returns the next result on the request's result topic (other results are skipped).</summary>
    private async Task<JsonElement> SendAsync(string id, string operation, string payload) =>
        await SendAsync(id, operation, Encoding.UTF8.GetBytes(payload));

    private async Task<JsonElement> SendAsync(string id, string operation, byte[] payload)
    {
        await _device!.PublishAsync(Topic(id, operation), payload, CancellationToken.None);
        string result = Topic(id, operation) + "/result";
        using var timeout = new CancellationTokenSource(Wait);
        while (true)
        {
            Received message = await _device.Incoming.ReadAsync(timeout.Token);
            if (message.Topic == result) return JsonDocument.Parse(message.Payload).RootElement.Clone();
            _skipped.Add(message.Topic);
        }
    }

    /// <summary>After bad input: the hub still answers the device, with the value it had.</summary>
    private async Task AssertStillServingAsync()
    {
        JsonElement get = await SendAsync(Ours, "twin/get", """{"event_id":"after"}""");
        Assert.Equal("1", get.GetProperty("twin").GetProperty("n").GetProperty("actual").GetProperty("value").GetString());
        Assert.False(_hub!.Completion.IsCompleted, "the hub's loop ended");
    }

    [Fact]
    public async Task Garbage_JSON_is_answered_400_and_counted_as_bad_JSON()
    {
        JsonElement refusal = await SendAsync(Ours, "twin/update", "{\"event_id\":\"g\",\"twin\":{\"n\":");

        Assert.Equal(400, refusal.GetProperty("code").GetInt32());
        Assert.StartsWith("bad JSON", refusal.GetProperty("reason").GetString());
        Assert.Equal(1, _hub!.Counts.BadJson);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Binary_garbage_is_answered_400_and_counted_as_bad_JSON()
    {
        byte[] noise = new byte[4096];
        new Random(15).NextBytes(noise);

        JsonElement refusal = await SendAsync(Ours, "state/update", noise);

        Assert.Equal(400, refusal.GetProperty("code").GetInt32());
        Assert.Equal(1, _hub!.Counts.BadJson);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task An_invalid_update_is_answered_400_with_the_reason_and_counted_as_invalid()
    {
        JsonElement refusal = await SendAsync(Ours, "twin/update", """{"event_id":"i","twin":{"n":{"actual":{"value":"many"}}}}""");

        Assert.Equal(400, refusal.GetProperty("code").GetInt32());
        Assert.Equal("i", refusal.GetProperty("event_id").GetString());
        Assert.Equal("the value is not int or integer", refusal.GetProperty("reason").GetString());
        Assert.Equal(1, _hub!.Counts.Invalid);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_twin_get_of_an_unknown_device_is_answered_404_and_counted()
    {
        string unknown = Enumerable.Range(1, 100).Select(i => $"default/nobody-{i}").First(Zero.Owns);

        JsonElement refusal = await SendAsync(unknown, "twin/get", """{"event_id":"u"}""");

        Assert.Equal(404, refusal.GetProperty("code").GetInt32());
        Assert.Equal(1, _hub!.Counts.UnknownDevice);
        Assert.DoesNotContain(unknown, _hub.DeviceIds);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task An_oversize_payload_is_answered_400_without_being_decoded_and_counted()
    {
        string big = "{\"event_id\":\"o\",\"twin\":{\"n\":{\"actual\":{\"value\":\"2\"}}},\"pad\":\"" + new string('x', 70_000) + "\"}";

        JsonElement refusal = await SendAsync(Ours, "twin/update", big);

        Assert.Equal(400, refusal.GetProperty("code").GetInt32());
        Assert.Contains("over the hub's 65536", refusal.GetProperty("reason").GetString());
        Assert.Equal(1, _hub!.Counts.Oversize);
        await AssertStillServingAsync(); // the value in the oversize update was not applied
    }

    [Fact]
    public async Task Another_shards_device_is_left_unanswered_and_counted_as_other_shards()
    {
        await _device!.PublishAsync(Topic(Theirs, "twin/update"), Encoding.UTF8.GetBytes("""{"twin":{"n":{"actual":{"value":"5"}}}}"""), CancellationToken.None);
        await _device.PublishAsync(Topic(Theirs, "twin/get"), Encoding.UTF8.GetBytes("{not json"), CancellationToken.None);

        // One session's messages reach the hub in order: once ours is answered, theirs were handled.
        await AssertStillServingAsync();
        Assert.DoesNotContain(_skipped, topic => topic.Contains(Theirs));
        HubCounts counts = _hub!.Counts;
        Assert.Equal(2, counts.OtherShard);
        Assert.Equal(0, counts.Refused);
        Assert.DoesNotContain(Theirs, _hub.DeviceIds);
    }
}
