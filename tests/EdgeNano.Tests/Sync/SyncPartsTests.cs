using System.Text;
using EdgeNano.DeviceTwin;
using EdgeNano.EdgeHub;
using EdgeNano.EventBus;
using EdgeNano.Runtime;
using EdgeNano.Tests.DeviceTwin.Module;
using EdgeNano.Tests.Runtime;

namespace EdgeNano.Tests.Sync;

/// <summary>The sync parts on their own: backoff, rate limit, outbox, event ring, eventbus routing, re-reports.</summary>
public class SyncPartsTests
{
    [Fact]
    public void Reconnect_delays_stay_within_floor_and_the_doubling_capped_ceiling_and_reset_to_the_base()
    {
        var backoff = new ReconnectBackoff(1000, 60000, 100, seed: 42);
        int[] ceilings = [1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000];
        var delays = ceilings.Select(_ => backoff.Next()).ToArray();
        for (int i = 0; i < ceilings.Length; i++) Assert.InRange(delays[i], 100, ceilings[i]);
        Assert.True(delays.Skip(5).Any(d => d > 16000), "full jitter should reach above the early ceilings once capped at 60 s");
        backoff.Reset();
        Assert.InRange(backoff.Next(), 100, 1000);
    }

    [Fact]
    public void The_same_seed_gives_the_same_delays_so_tests_can_bound_them()
    {
        var a = new ReconnectBackoff(1000, 60000, 100, seed: 9);
        var b = new ReconnectBackoff(1000, 60000, 100, seed: 9);
        Assert.Equal(Enumerable.Range(0, 8).Select(_ => a.Next()), Enumerable.Range(0, 8).Select(_ => b.Next()));
    }

    [Fact]
    public void The_rate_limit_lets_a_burst_through_then_the_sustained_rate()
    {
        var bucket = new TokenBucket(30, 60, nowMs: 0);
        int burst = 0;
        while (bucket.TryTake(0)) burst++;
        Assert.Equal(60, burst);
        Assert.Equal(34, bucket.MsUntilToken(0)); // 1000 ms / 30
        int second = 0;
        for (long t = 1; t <= 1000; t++) if (bucket.TryTake(t)) second++;
        Assert.Equal(30, second);
        Assert.True(bucket.Deferred > 0);
    }

    [Fact]
    public void The_outbox_keeps_one_marker_per_property_and_falls_back_to_everything_when_full()
    {
        var outbox = new TwinOutbox(capacity: 2, maxKeyLength: 8, deviceCount: 2);
        byte[] a = "a"u8.ToArray(), b = "b"u8.ToArray(), c = "c"u8.ToArray();
        for (int i = 0; i < 100; i++) outbox.Mark(0, a, 0, 1);
        outbox.Mark(1, b, 0, 1);
        Assert.Equal(2, outbox.Count);
        Assert.Equal(99, outbox.Coalesced);

        outbox.Mark(1, c, 0, 1); // full: device 1 becomes "report everything"
        Assert.Equal(1, outbox.Overflows);
        var key = new byte[8];
        var taken = new List<(int Device, string Key)>();
        int length;
        while ((length = outbox.Take(key, out int device)) >= 0) taken.Add((device, Encoding.ASCII.GetString(key, 0, length)));
        Assert.Equal([(1, ""), (0, "a")], taken);
    }

    [Fact]
    public void The_outbox_hands_out_a_devices_other_keys_that_fit_so_a_flush_asks_for_them_together()
    {
        var outbox = new TwinOutbox(capacity: 4, maxKeyLength: 8, deviceCount: 2);
        foreach (var (device, key) in new[] { (0, "a"), (1, "b"), (0, "cc"), (0, "dddd") })
        {
            byte[] bytes = Encoding.ASCII.GetBytes(key);
            outbox.Mark(device, bytes, 0, bytes.Length);
        }
        var buffer = new byte[8];
        int first = outbox.Take(buffer, out int taken);
        Assert.Equal((0, "dddd"), (taken, Encoding.ASCII.GetString(buffer, 0, first)));

        // Room for 3 more bytes after "dddd\n": "cc" fits, "a" would too but only once.
        int more = outbox.TakeMore(0, buffer, 5, 8);
        Assert.Equal("cc", Encoding.ASCII.GetString(buffer, 5, more));
        Assert.Equal(-1, outbox.TakeMore(0, buffer, 8, 8));
        Assert.Equal(1, outbox.TakeMore(0, buffer, 7, 8));
        Assert.Equal(-1, outbox.TakeMore(0, buffer, 0, 8)); // device 0 has none left; device 1's stays
        Assert.Equal(1, outbox.Count);
    }

    [Fact]
    public void A_full_event_ring_drops_the_oldest_and_counts_it()
    {
        var ring = new EventRing(capacity: 3, maxPayload: 8);
        for (int i = 0; i < 5; i++) ring.Add("t", [(byte)i], 0, 1);
        Assert.False(ring.Add("t", new byte[9], 0, 9));
        Assert.Equal(2, ring.Dropped);
        Assert.Equal(1, ring.TooLarge);
        Assert.Equal(2, ring.OldestPayload[ring.OldestOffset]);
        Assert.Equal(2, ring.TakeDroppedToReport());
        Assert.Equal(0, ring.DroppedUnreported);
    }

    [Fact]
    public void A_redelivered_delta_changes_nothing_the_second_time()
    {
        var kit = new TwinModuleKit();
        kit.Send(TwinBus.Subscribe, "", source: "gpio");
        string delta = """{"event_id":"d1","timestamp":1,"twin":{"valve":{"expected":{"value":"open"},"metadata":{"type":"string"}}},"delta":{"valve":"open"}}""";
        kit.Send(TwinBus.OwnerDelta, delta, source: "eventbus");
        int applied = kit.Twin.Applied;
        int notes = kit.Gpio.Handled.Count;

        kit.Send(TwinBus.OwnerDelta, delta, source: "eventbus"); // QoS 1 redelivery

        Assert.Equal(applied, kit.Twin.Applied);
        Assert.Equal(notes, kit.Gpio.Handled.Count);
        Assert.Equal("open", kit.Expected("valve"));
    }

    [Fact]
    public void A_rereport_sends_the_current_value_of_the_asked_property_to_the_uplink()
    {
        var kit = new TwinModuleKit();
        kit.Send(TwinBus.Update, TwinModuleKit.Report("pulses", "41", "int"));
        kit.Send(TwinBus.Update, TwinModuleKit.Report("pulses", "42", "int"));
        int before = kit.Uplink.Handled.Count;

        kit.Send(TwinBus.Rereport, "pulses", source: "edgehub");
        kit.Send(TwinBus.Rereport, "", source: "edgehub");

        var reports = kit.Uplink.Handled.Skip(before).ToArray();
        Assert.Equal(2, reports.Length);
        Assert.All(reports, r => Assert.Contains("\"pulses\":{\"actual\":{\"value\":\"42\"", r));
    }

    private sealed class Bench
    {
        public readonly ManualClock Clock = new();
        public readonly ModuleHost Host;
        public readonly EventBusModule Bus;
        public readonly RecordingModule Twin = new(TwinBus.Module, "twin");
        public readonly RecordingModule Hub = new("edgehub", "hub");
        public readonly RecordingModule App = new("app", "app");

        public Bench(bool singleSegment = false)
        {
            var topics = new KubeEdgeTopics(null, ["default", "lab"], ["demo", "probe"], singleSegment);
            Bus = new EventBusModule(topics, new EventBusOptions { SubscriptionCapacity = 2 });
            Host = RuntimeTestKit.Host(new RuntimeConfig { MessageContentCapacity = 256 }, Clock, new ListLog(), Bus, Twin, Hub, App);
            Host.Start();
        }

        public void Send(string operation, string resource, string content, string source = "edgehub")
        {
            var m = Host.Bus.Rent()!;
            m.Source = source;
            m.Destination = EventBusOperations.Module;
            m.Operation = operation;
            m.Resource = resource;
            m.SetContentAscii(content);
            Host.Bus.Send(m);
            Host.RunUntilIdle();
        }
    }

    [Theory]
    [InlineData(false, "$hw/events/device/lab/probe/twin/update/delta", "lab/probe")]
    [InlineData(true, "$hw/events/device/probe/twin/update/delta", "lab/probe")]
    public void A_delta_for_one_of_the_boards_devices_goes_to_devicetwin_with_the_device_id(bool singleSegment, string topic, string id)
    {
        var bench = new Bench(singleSegment);
        string? resource = null, operation = null;
        bench.Twin.OnHandle = (_, m) => { resource = m.Resource; operation = m.Operation; };

        bench.Send(EventBusOperations.Received, topic, "{}");

        Assert.Equal(id, resource);
        Assert.Equal(TwinBus.OwnerDelta, operation);
        Assert.Equal("{}", bench.Twin.Handled.Single());
    }

    [Fact]
    public void A_get_result_goes_to_devicetwin_which_tells_the_uplink_once_it_is_merged()
    {
        var bench = new Bench();
        bench.Send(EventBusOperations.Received, "$hw/events/device/default/demo/twin/get/result", "{\"twin\":{}}");
        Assert.Single(bench.Twin.Handled);
        Assert.Empty(bench.Hub.Handled); // not eventbus's to say

        var kit = new TwinModuleKit();
        string? merged = null;
        kit.Uplink.OnHandle = (_, m) => merged = m.Operation + " " + m.Resource;
        kit.AnswerGet("""{"event_id":"","twin":{"mode":{"expected":{"value":"eco"},"metadata":{"type":"string"}}}}""");
        Assert.Equal("eco", kit.Expected("mode"));
        Assert.Equal(TwinBus.OwnerTwinMerged + " " + TwinModuleKit.Device, merged);
    }

    [Fact]
    public void Topics_of_other_devices_and_malformed_KubeEdge_topics_are_counted_not_routed()
    {
        var bench = new Bench();
        bench.Send(EventBusOperations.Received, "$hw/events/device/default/other/twin/update/delta", "{}");
        bench.Send(EventBusOperations.Received, "$hw/events/device/default/demo/twin/bogus", "{}");
        Assert.Equal(1, bench.Bus.NotOurs);
        Assert.Equal(1, bench.Bus.MalformedTopics);
        Assert.Empty(bench.Twin.Handled);
    }

    [Fact]
    public void User_topics_pass_through_to_local_subscribers_and_local_publishes_go_on_to_the_uplink()
    {
        var bench = new Bench();
        bench.Send(EventBusOperations.Subscribe, "", "+/user/#", source: "app");

        bench.Send(EventBusOperations.Received, "node1/user/door", "open");
        bench.Send(EventBusOperations.Publish, "node1/user/light", "on", source: "twin");

        Assert.Equal(["open", "on"], bench.App.Handled);
        Assert.Equal("on", bench.Hub.Handled.Single());
        Assert.Equal(2, bench.Bus.DeliveredLocally);
    }

    [Fact]
    public void A_full_subscription_table_refuses_and_counts()
    {
        var bench = new Bench();
        bench.Send(EventBusOperations.Subscribe, "", "a/#", source: "app");
        bench.Send(EventBusOperations.Subscribe, "", "b/#", source: "app");
        bench.Send(EventBusOperations.Subscribe, "", "c/#", source: "app");
        bench.Send(EventBusOperations.Subscribe, "", "bad/#/x", source: "app");
        Assert.Equal(2, bench.Bus.SubscriptionCount);
        Assert.Equal(2, bench.Bus.SubscriptionsRefused);
    }

    [Fact]
    public void A_mapper_style_twin_update_with_a_wrong_type_is_answered_400_on_update_result_and_the_next_valid_one_is_applied()
    {
        var clock = new ManualClock();
        var topics = new KubeEdgeTopics(null, ["default"], ["demo"], false);
        var store = new TwinStore(new TwinConfig { MaxDevices = 1, PropertiesPerDevice = 4, ArenaBytes = 512 }, clock);
        store.RegisterDevice("default/demo");
        var twin = new TwinModule(store, new TwinModuleOptions(), null);
        var app = new RecordingModule("app", "app");
        var uplink = new RecordingModule("edgehub", "hub");
        var host = RuntimeTestKit.Host(new RuntimeConfig { MessageContentCapacity = 512 }, clock, new ListLog(),
            twin, new EventBusModule(topics, new EventBusOptions()), uplink, app);
        host.Start();
        void Publish(string topic, string content)
        {
            var m = host.Bus.Rent()!;
            m.Source = "app";
            m.Destination = EventBusOperations.Module;
            m.Operation = EventBusOperations.Publish;
            m.Resource = topic;
            m.SetContentAscii(content);
            host.Bus.Send(m);
            host.RunUntilIdle();
        }
        string update = topics.TwinUpdateTopic(0);
        var subscribe = host.Bus.Rent()!;
        subscribe.Source = "app";
        subscribe.Destination = EventBusOperations.Module;
        subscribe.Operation = EventBusOperations.Subscribe;
        subscribe.SetContentAscii(topics.TwinUpdateResultTopic(0));
        host.Bus.Send(subscribe);
        host.RunUntilIdle();

        Publish(update, """{"event_id":"e1","twin":{"pulses":{"actual":{"value":"41"},"metadata":{"type":"int"}}}}""");
        Publish(update, """{"event_id":"e2","twin":{"pulses":{"actual":{"value":"4.5"}}}}""");
        Publish(update, """{"event_id":"e3","twin":{"pulses":{"actual":{"value":"42"}}}}""");

        var answers = app.Handled.Select(a => System.Text.Json.JsonDocument.Parse(a).RootElement).ToArray();
        Assert.Equal(3, answers.Length);
        Assert.Equal("e2", answers[1].GetProperty("event_id").GetString());
        Assert.Equal(400, answers[1].GetProperty("code").GetInt32());
        Assert.Equal("42", answers[2].GetProperty("twin").GetProperty("pulses").GetProperty("actual").GetProperty("value").GetString());
        Assert.Equal(2, uplink.Handled.Count); // the two accepted changes go on to the cloud, the refused one does not
    }
}
