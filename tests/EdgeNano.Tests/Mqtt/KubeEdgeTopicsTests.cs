using EdgeNano.EventBus;
using static EdgeNano.EventBus.KubeEdgeOperation;

namespace EdgeNano.Tests.Mqtt;

public class KubeEdgeTopicsTests
{
    private static KubeEdgeTopics TwoSegment() =>
        new("edge-1", ["default", "plant-a"], ["thermo-01", "pump-02"], singleSegmentIds: false);

    private static KubeEdgeTopics SingleSegment() =>
        new("edge-1", null!, ["thermo-01", "pump-02"], singleSegmentIds: true);

    [Theory]
    [InlineData("$hw/events/device/default/thermo-01/twin/update", TwinUpdate, 0)]
    [InlineData("$hw/events/device/default/thermo-01/twin/update/result", TwinUpdateResult, 0)]
    [InlineData("$hw/events/device/default/thermo-01/twin/update/delta", TwinUpdateDelta, 0)]
    [InlineData("$hw/events/device/default/thermo-01/twin/update/document", TwinUpdateDocument, 0)]
    [InlineData("$hw/events/device/default/thermo-01/twin/get", TwinGet, 0)]
    [InlineData("$hw/events/device/plant-a/pump-02/twin/get/result", TwinGetResult, 1)]
    [InlineData("$hw/events/device/plant-a/pump-02/state/update", StateUpdate, 1)]
    [InlineData("$hw/events/device/plant-a/pump-02/state/update/result", StateUpdateResult, 1)]
    [InlineData("$ke/events/device/plant-a/pump-02/data/update", DataUpdate, 1)]
    [InlineData("$hw/events/node/edge-1/membership/get", MembershipGet, KubeEdgeTopics.ThisNode)]
    [InlineData("$hw/events/node/edge-1/membership/get/result", MembershipGetResult, KubeEdgeTopics.ThisNode)]
    [InlineData("$hw/events/node/edge-1/membership/updated", MembershipUpdated, KubeEdgeTopics.ThisNode)]
    [InlineData("$hw/events/node/edge-2/membership/updated", MembershipUpdated, KubeEdgeTopics.NotOurs)]
    [InlineData("$hw/events/device/default/pump-02/twin/update/delta", TwinUpdateDelta, KubeEdgeTopics.NotOurs)]
    [InlineData("$hw/events/device/plant-a/thermo-01/twin/update/delta", TwinUpdateDelta, KubeEdgeTopics.NotOurs)]
    [InlineData("$hw/events/device/default/thermo-011/twin/update/delta", TwinUpdateDelta, KubeEdgeTopics.NotOurs)]
    public void Two_segment_topics_name_their_operation_and_device(string topic, int operation, int device)
    {
        Assert.Equal(Name(operation), Name(TwoSegment().Parse(topic, out int found)));
        Assert.Equal(device, found);
    }

    [Theory]
    [InlineData("$hw/events/device/thermo-01/twin/update", TwinUpdate, 0)]
    [InlineData("$hw/events/device/thermo-01/twin/update/delta", TwinUpdateDelta, 0)]
    [InlineData("$hw/events/device/pump-02/twin/get/result", TwinGetResult, 1)]
    [InlineData("$hw/events/device/pump-02/state/update/result", StateUpdateResult, 1)]
    [InlineData("$ke/events/device/thermo-01/data/update", DataUpdate, 0)]
    [InlineData("$hw/events/device/valve-9/twin/update/delta", TwinUpdateDelta, KubeEdgeTopics.NotOurs)]
    [InlineData("$hw/events/node/edge-1/membership/updated", MembershipUpdated, KubeEdgeTopics.ThisNode)]
    public void Single_segment_topics_of_older_KubeEdge_name_their_operation_and_device(string topic, int operation, int device)
    {
        Assert.Equal(Name(operation), Name(SingleSegment().Parse(topic, out int found)));
        Assert.Equal(device, found);
    }

    [Theory]
    [InlineData("")]
    [InlineData("$hw/events/device/")]
    [InlineData("$hw/events/device/default")]
    [InlineData("$hw/events/device/default/thermo-01")]
    [InlineData("$hw/events/device/default/thermo-01/")]
    [InlineData("$hw/events/device/default/thermo-01/twin")]
    [InlineData("$hw/events/device/default/thermo-01/twin/")]
    [InlineData("$hw/events/device/default/thermo-01/twin/update/")]
    [InlineData("$hw/events/device/default/thermo-01/twin/updatex")]
    [InlineData("$hw/events/device/default/thermo-01/twin/update/delta/more")]
    [InlineData("$hw/events/device/default/thermo-01/twin/delete")]
    [InlineData("$hw/events/device//thermo-01/twin/update")]
    [InlineData("$hw/events/device/default//twin/update")]
    [InlineData("$hw/events/device/thermo-01/twin/update")] // single-segment form under the two-segment switch
    [InlineData("$hw/events/device/default/thermo-01/data/update")]
    [InlineData("$ke/events/device/default/thermo-01/twin/update")]
    [InlineData("$hw/events/node//membership/get")]
    [InlineData("$hw/events/node/edge-1/membership")]
    [InlineData("$hw/events/node/edge-1/x/membership/get")]
    [InlineData("$hw/events/upload/anything")]
    [InlineData("hw/events/device/default/thermo-01/twin/update")]
    [InlineData("$HW/events/device/default/thermo-01/twin/update")]
    [InlineData("default/user/telemetry")]
    [InlineData("$hw/events/device/default/thermo-01/twin/update🌡")]
    [InlineData("$hw/events/device/default/thermo-01/twin/upd🌡te")]
    [InlineData("$hw/events/device/default/thermo-01/twin/🌡/update")]
    public void Malformed_or_foreign_topics_are_no_KubeEdge_operation(string topic)
    {
        Assert.Equal(Name(None), Name(TwoSegment().Parse(topic, out int device)));
        Assert.Equal(KubeEdgeTopics.NotOurs, device);
    }

    [Theory]
    [InlineData("$hw/events/device/default/thermo-01/twin/update")] // two-segment form under the single-segment switch
    [InlineData("$hw/events/device//twin/update")]
    [InlineData("$hw/events/device/thermo-01/twin/")]
    public void Malformed_single_segment_topics_are_no_KubeEdge_operation(string topic)
    {
        Assert.Equal(Name(None), Name(SingleSegment().Parse(topic, out _)));
    }

    [Fact]
    public void Classify_locates_any_device_id_for_a_twin_owner_that_serves_many()
    {
        const string topic = "$hw/events/device/plant-b/valve-7/twin/update";
        int operation = KubeEdgeTopicParser.Classify(topic, false, out int start, out int length);
        Assert.Equal(TwinUpdate, operation);
        Assert.Equal("plant-b/valve-7", topic.Substring(start, length));
    }

    [Fact]
    public void Publish_topics_and_subscriptions_are_built_once_per_device()
    {
        var topics = TwoSegment();
        Assert.Equal("default/thermo-01", topics.DeviceId(0));
        Assert.Equal("$hw/events/device/default/thermo-01/twin/update", topics.TwinUpdateTopic(0));
        Assert.Equal("$hw/events/device/plant-a/pump-02/twin/get", topics.TwinGetTopic(1));
        Assert.Equal("$hw/events/device/plant-a/pump-02/state/update", topics.StateUpdateTopic(1));
        Assert.Equal("$ke/events/device/default/thermo-01/data/update", topics.DataUpdateTopic(0));
        Assert.Equal("$hw/events/node/edge-1/membership/get", topics.MembershipGetTopic);
        Assert.Same(topics.TwinUpdateTopic(0), topics.TwinUpdateTopic(0));
        Assert.Equal(
            [
                "$hw/events/device/default/thermo-01/twin/update/result",
                "$hw/events/device/default/thermo-01/twin/update/delta",
                "$hw/events/device/default/thermo-01/twin/get/result",
                "$hw/events/device/default/thermo-01/state/update/result",
                "$hw/events/device/plant-a/pump-02/twin/update/result",
                "$hw/events/device/plant-a/pump-02/twin/update/delta",
                "$hw/events/device/plant-a/pump-02/twin/get/result",
                "$hw/events/device/plant-a/pump-02/state/update/result",
                "$hw/events/node/edge-1/membership/get/result",
                "$hw/events/node/edge-1/membership/updated",
            ],
            topics.SubscriptionFilters);
        Assert.All(topics.SubscriptionFilters, f => Assert.True(TopicFilter.IsValidFilter(f)));
    }

    [Fact]
    public void Every_topic_a_device_subscribes_to_parses_back_to_that_device()
    {
        foreach (var topics in new[] { TwoSegment(), SingleSegment() })
        {
            for (int i = 0; i < topics.SubscriptionFilters.Length - 2; i++)
            {
                Assert.NotEqual(None, topics.Parse(topics.SubscriptionFilters[i], out int device));
                Assert.Equal(i / 4, device);
            }
        }
    }

    [Fact]
    public void Single_segment_topics_drop_the_namespace_but_the_device_keeps_its_board_id()
    {
        var topics = new KubeEdgeTopics(null!, ["default", "plant-a"], ["thermo-01", "pump-02"], singleSegmentIds: true);

        Assert.Equal("$hw/events/device/pump-02/twin/update", topics.TwinUpdateTopic(1));
        Assert.Equal("pump-02", topics.TopicId(1));
        Assert.Equal(TwinGetResult, topics.Parse("$hw/events/device/pump-02/twin/get/result", out int device));
        Assert.Equal(1, device);
        // What eventbus names the device on the bus and devicetwin registers: the board file's id.
        Assert.Equal("plant-a/pump-02", topics.DeviceId(device));
        Assert.Equal("default/thermo-01", topics.DeviceId(0));
    }

    [Fact]
    public void Two_devices_of_one_name_in_different_namespaces_are_refused_in_single_segment_topics()
    {
        Assert.Throws<ArgumentException>(() => new KubeEdgeTopics(null!, ["default", "lab"], ["probe", "probe"], singleSegmentIds: true));
        Assert.Equal("lab/probe", new KubeEdgeTopics(null!, ["default", "lab"], ["probe", "probe"], singleSegmentIds: false).DeviceId(1));
    }

    [Fact]
    public void A_device_without_a_namespace_lives_in_default()
    {
        var topics = new KubeEdgeTopics(null!, [null!], ["thermo-01"], singleSegmentIds: false);
        Assert.Equal("$hw/events/device/default/thermo-01/twin/update", topics.TwinUpdateTopic(0));
        Assert.Null(topics.MembershipGetTopic);
        Assert.Equal(4, topics.SubscriptionFilters.Length);
    }

    [Theory]
    [InlineData("thermo/01")]
    [InlineData("thermo+")]
    [InlineData("#")]
    [InlineData("")]
    [InlineData("thermo-🌡")] // beyond U+FFFF: received topics are compared with ids by index
    public void A_device_name_that_cannot_be_one_topic_level_is_refused_at_start_up(string name)
    {
        Assert.Throws<ArgumentException>(() => new KubeEdgeTopics("edge-1", ["default"], [name], false));
    }

    [Fact]
    public void The_same_device_listed_twice_is_refused_at_start_up()
    {
        Assert.Throws<ArgumentException>(() => new KubeEdgeTopics("edge-1", ["default", null!], ["a", "a"], false));
    }

    [Fact]
    public void Parsing_a_received_topic_allocates_nothing()
    {
        var topics = TwoSegment();
        const string topic = "$hw/events/device/plant-a/pump-02/twin/update/delta";
        topics.Parse(topic, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int sum = 0;
        for (int i = 0; i < 1000; i++)
        {
            sum += topics.Parse(topic, out int device) + device;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1000 * (TwinUpdateDelta + 1), sum);
        Assert.Equal(0, allocated);
    }
}
