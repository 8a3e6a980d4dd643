using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.EdgeHub;
using EdgeNano.Runtime.Network;
using EdgeNano.Tests.Infrastructure;
using EdgeNano.Tests.Runtime;

namespace EdgeNano.Tests.Sync;

/// <summary>The whole sync path — devicetwin, eventbus, edgehub, MQTTnet link — against a real mosquitto.</summary>
public class MosquittoSyncTests
{
    private const string Device = "default/thermo-01";

    [SkippableTheory]
    [InlineData(false, "default/thermo-01")]
    [InlineData(true, "thermo-01")]
    public void A_desired_value_reaches_the_device_and_its_read_back_reaches_the_cloud_in_both_topic_forms(bool singleSegment, string device)
    {
        MosquittoBroker.RequireInstalled();
        using var broker = MosquittoBroker.Start();
        using var owner = new TwinOwnerPeer(broker.Host, broker.Port);
        // The board's id is always namespace/name; device is how the owner's topics spell it.
        using var board = new SyncBoard(broker.Host, broker.Port, [Device], singleSegment);
        board.WaitSynced();

        owner.SetDesired(device, "valve", "open");
        board.Report(Device, "temperature", "21.5", "float");

        RuntimeTestKit.WaitUntil(() => owner.Get(device, "valve")?.Actual == "open" && owner.Get(device, "temperature")?.Actual == "21.5", 8000);
        Assert.Equal("open", board.Expected(Device, "valve"));
        Assert.Equal("open", board.Actual(Device, "valve"));
        Assert.Equal("float", owner.Get(device, "temperature")!.Type);
        Assert.Contains((device, "online"), owner.States);
        Assert.True(owner.Gets >= 1);
        Assert.Equal(0, board.Hub.ResyncTimeouts);
    }

    [SkippableFact]
    public void After_the_broker_dies_the_device_reconnects_with_bounded_backoff_resyncs_and_both_sides_end_equal()
    {
        MosquittoBroker.RequireInstalled();
        using var broker = MosquittoBroker.Start();
        using var owner = new TwinOwnerPeer(broker.Host, broker.Port);
        using var board = new SyncBoard(broker.Host, broker.Port, [Device]);
        board.WaitSynced();
        owner.SetDesired(Device, "valve", "closed");
        RuntimeTestKit.WaitUntil(() => owner.Get(Device, "valve")?.Actual == "closed");

        broker.Stop();
        RuntimeTestKit.WaitUntil(() => board.Hub.Losses == 1);
        board.Report(Device, "temperature", "19", "float");
        owner.SetDesiredQuietly(Device, "valve", "open");
        RuntimeTestKit.WaitUntil(() => board.Hub.DelayCount >= 4, 8000);
        broker.Start();
        owner.Connect();

        board.WaitSynced();
        RuntimeTestKit.WaitUntil(() => owner.Get(Device, "valve")?.Actual == "open" && owner.Get(Device, "temperature")?.Actual == "19", 8000);
        Assert.Equal("open", board.Actual(Device, "valve"));
        Assert.Equal("open", board.Expected(Device, "valve"));
        // Full jitter: each delay within [floor, min(cap, base·2ⁿ)], n counted from the loss.
        int[] ceilings = [100, 200, 400, 800, 800, 800, 800, 800, 800, 800, 800, 800, 800, 800, 800, 800];
        for (int i = 0; i < Math.Min(board.Hub.DelayCount, 16); i++)
        {
            Assert.Equal(ceilings[i], board.Hub.DelayCeiling(i));
            Assert.InRange(board.Hub.Delay(i), 20, ceilings[i]);
        }
        Assert.Equal(2, board.Hub.Connects);
        Assert.True(board.Log.Contains("edgehub: state disconnected -> connecting") && board.Log.Contains("edgehub: state resyncing -> synced"));
    }

    [SkippableFact]
    public void A_thousand_sensor_changes_while_offline_arrive_as_the_last_value_of_every_property_with_the_event_drop_count()
    {
        MosquittoBroker.RequireInstalled();
        using var broker = MosquittoBroker.Start();
        using var owner = new TwinOwnerPeer(broker.Host, broker.Port);
        using var board = new SyncBoard(broker.Host, broker.Port, [Device],
            hub: new EdgeHubOptions { BackoffBaseMs = 100, BackoffCapMs = 400, BackoffFloorMs = 20, BackoffSeed = 3, EventCapacity = 8 });
        board.WaitSynced();

        broker.Stop();
        RuntimeTestKit.WaitUntil(() => board.Hub.State == EdgeHubState.Disconnected || board.Hub.State == EdgeHubState.Connecting);
        string[] keys = ["t0", "t1", "t2", "t3"];
        for (int i = 0; i < 1000; i++) board.Report(Device, keys[i % 4], i.ToString(), "int");
        for (int i = 0; i < 50; i++) board.PublishEvent("app/user/door", "{\"n\":" + i + "}");
        RuntimeTestKit.WaitUntil(() => board.Hub.ReportsDeferred >= 1000 - 4 && board.Hub.Events.Dropped == 42);
        broker.Start();
        owner.Connect();

        board.WaitSynced();
        RuntimeTestKit.WaitUntil(() => keys.Select((k, i) => owner.Get(Device, k)?.Actual == (996 + i).ToString()).All(x => x), 8000);
        RuntimeTestKit.WaitUntil(() => owner.Data.Any(d => d.Contains("edgehub_dropped_events")));
        var report = JsonNode.Parse(owner.Data.First(d => d.Contains("edgehub_dropped_events")))!;
        Assert.Equal("42", report["data"]!["edgehub_dropped_events"]!["value"]!.GetValue<string>());
        Assert.True(board.Hub.Outbox.Coalesced >= 990, $"coalesced {board.Hub.Outbox.Coalesced}");
    }

    [SkippableFact]
    public void A_twin_get_sent_before_the_owner_subscribed_is_asked_again_with_backoff_until_answered()
    {
        MosquittoBroker.RequireInstalled();
        using var broker = MosquittoBroker.Start();
        // Sees the device's twin/get requests from the start, answers none (as a broker with no owner yet).
        using var spy = new MqttNetLink();
        var asked = new GetCounter();
        spy.SetListener(asked);
        Assert.Equal(MqttConnectResult.Accepted, spy.Connect(new MqttLinkOptions { Host = broker.Host, Port = broker.Port, ClientId = "spy" }));
        Assert.Equal(MqttSubscribeResult.Accepted, spy.Subscribe(["$hw/events/device/+/+/twin/get"], [1]));
        using var board = new SyncBoard(broker.Host, broker.Port, [Device],
            hub: new EdgeHubOptions { ResyncTimeoutMs = 200, TwinGetRetryMs = 200, TwinGetRetryCapMs = 800, BackoffSeed = 5 });

        // Nobody answers: reports are flushed anyway after ResyncTimeoutMs, and the device keeps asking.
        board.WaitSynced();
        RuntimeTestKit.WaitUntil(() => asked.Count >= 5, 8000);
        Assert.Equal(1, board.Hub.ResyncTimeouts);
        // Asked again after 200 ms, then 400, then 800 (the cap) each time: the device's own
        // schedule, from its log. The spy's arrival times cannot show it: a broker and a
        // subscriber may hand over the first few requests together (seen here: three within
        // 4 ms, 600 ms after the first was queued), so the spy only shows that every one of
        // them reached the broker.
        string[] nextIn = board.Log.Lines.Where(l => l.Contains("asked again, next in"))
            .Select(l => l[(l.LastIndexOf("next in ", StringComparison.Ordinal) + 8)..]).Take(4).ToArray();
        Assert.Equal(["400 ms", "800 ms", "800 ms", "800 ms"], nextIn);

        // The owner comes up late, holding a desired value the device has not heard of.
        using var owner = new TwinOwnerPeer(broker.Host, broker.Port);
        owner.SetDesiredQuietly(Device, "valve", "open");
        RuntimeTestKit.WaitUntil(() => owner.Get(Device, "valve")?.Actual == "open", 8000);
        Assert.Equal("open", board.Expected(Device, "valve"));
        Assert.True(owner.Gets >= 1);
        Assert.True(board.Log.Contains("twin/get of " + Device + " answered late"));

        // Answered: no more asking.
        int retries = board.Hub.TwinGetRetries;
        Thread.Sleep(1200);
        Assert.Equal(retries, board.Hub.TwinGetRetries);
        Assert.Equal(1, board.Hub.Connects);
    }

    /// <summary>Counts the twin/get requests that reach the broker.</summary>
    private sealed class GetCounter : IMqttLinkListener
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void MessageReceived(string topic, byte[] payload, int offset, int count, int qos, bool retain) =>
            Interlocked.Increment(ref _count);

        public void ConnectionLost()
        {
        }
    }

    [SkippableFact]
    public void When_the_device_socket_is_cut_the_broker_publishes_its_offline_will()
    {
        MosquittoBroker.RequireInstalled();
        using var broker = MosquittoBroker.Start();
        using var proxy = new CuttableProxy(broker.Host, broker.Port);
        using var owner = new TwinOwnerPeer(broker.Host, broker.Port);
        using var board = new SyncBoard(proxy.Host, proxy.Port, [Device, "default/thermo-02"]);
        board.WaitSynced();
        RuntimeTestKit.WaitUntil(() => owner.States.Contains((Device, "online")));

        proxy.CutAll();

        RuntimeTestKit.WaitUntil(() => owner.States.Contains((Device, "offline")), 8000);
        Assert.DoesNotContain(("default/thermo-02", "offline"), owner.States);
        board.WaitSynced(); // and it comes back through the proxy
    }

    [SkippableFact]
    public void Garbage_oversize_and_wrong_type_messages_are_counted_and_the_next_valid_delta_is_applied()
    {
        MosquittoBroker.RequireInstalled();
        using var broker = MosquittoBroker.Start();
        using var owner = new TwinOwnerPeer(broker.Host, broker.Port);
        using var board = new SyncBoard(broker.Host, broker.Port, [Device]);
        board.WaitSynced();
        board.Report(Device, "setpoint", "20", "int");
        RuntimeTestKit.WaitUntil(() => owner.Get(Device, "setpoint")?.Actual == "20");
        string delta = "$hw/events/device/" + Device + "/twin/update/delta";

        owner.Publish(delta, Encoding.UTF8.GetBytes("{\"twin\":{\"setpoint\":"));
        owner.Publish(delta, new byte[4096]);
        owner.Publish(delta, Encoding.UTF8.GetBytes("{\"event_id\":\"x\",\"twin\":{\"setpoint\":{\"expected\":{\"value\":\"warm\"}}}}"));
        owner.Publish("$hw/events/device/" + Device + "/twin/get/result", Encoding.UTF8.GetBytes("[1,2"));
        // One publisher's QoS 1 messages arrive in order: once the last garbage is counted, all were handled.
        RuntimeTestKit.WaitUntil(() => board.Twin.DecodeErrors == 2);
        Assert.Equal(1, board.Hub.ReceivedTooLarge);
        Assert.Null(board.Expected(Device, "setpoint")); // "warm" is not an int: not taken

        owner.SetDesired(Device, "setpoint", "22", "int");

        RuntimeTestKit.WaitUntil(() => owner.Get(Device, "setpoint")?.Actual == "22", 8000);
        Assert.Equal("22", board.Expected(Device, "setpoint"));
        Assert.True(board.Host.IsModuleRunning("devicetwin") && board.IsSynced);
    }

    [SkippableFact]
    public void User_topics_pass_through_the_broker_to_a_local_subscriber_and_local_publishes_reach_the_broker()
    {
        MosquittoBroker.RequireInstalled();
        using var broker = MosquittoBroker.Start();
        var app = new RecordingModule("app", "app");
        using var board = new SyncBoard(broker.Host, broker.Port, [Device], app: app,
            hub: new EdgeHubOptions { ExtraFilters = ["node-1/user/#"], ResyncTimeoutMs = 200, BackoffSeed = 2 });
        using var cloud = new MqttNetLink();
        var heard = new RecordingListener();
        cloud.SetListener(heard);
        Assert.Equal(0, cloud.Connect(new EdgeNano.Runtime.Network.MqttLinkOptions { Host = broker.Host, Port = broker.Port, ClientId = "cloud-app" }));
        Assert.Equal(0, cloud.Subscribe(["node-1/user/lamp"], [1]));
        board.SendFrom("app", EdgeNano.EventBus.EventBusOperations.Module, EdgeNano.EventBus.EventBusOperations.Subscribe, "", Encoding.ASCII.GetBytes("+/user/#"));
        board.WaitSynced();

        byte[] door = Encoding.UTF8.GetBytes("open");
        cloud.Publish("node-1/user/door", door, 0, door.Length, 1, false);
        board.PublishEvent("node-1/user/lamp", "on");

        RuntimeTestKit.WaitUntil(() => app.Handled.Contains("open"));
        Assert.Equal("on", heard.NextOn("node-1/user/lamp", TimeSpan.FromSeconds(5))?.Text);
    }

    [Fact]
    public void The_happy_path_also_runs_against_the_embedded_MQTTnet_broker()
    {
        using var broker = EmbeddedBroker.Start();
        using var owner = new TwinOwnerPeer(broker.Host, broker.Port);
        using var board = new SyncBoard(broker.Host, broker.Port, [Device]);
        board.WaitSynced();

        owner.SetDesired(Device, "valve", "open");
        board.Report(Device, "temperature", "21.5", "float");

        RuntimeTestKit.WaitUntil(() => owner.Get(Device, "valve")?.Actual == "open" && owner.Get(Device, "temperature")?.Actual == "21.5", 8000);
        Assert.Contains((Device, "online"), owner.States);
    }
}
