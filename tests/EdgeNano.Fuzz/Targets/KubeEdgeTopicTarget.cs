using System.Text;
using EdgeNano.EventBus;

namespace EdgeNano.Fuzz.Targets;

/// <summary>
/// KubeEdge topic parsing. Input lines: a received topic; the node name ('!' in front selects
/// KubeEdge's old single-segment device ids; empty means no membership); then up to 8 device
/// ids ("namespace/name" or "name"). A board the topics constructor accepts must map every
/// topic it built back to the device and operation it built it for, and a received topic's
/// device span must be inside the topic and name the device Parse reports.
/// </summary>
public sealed class KubeEdgeTopicTarget : FuzzTarget
{
    public override string Name => "kubeedge-topic";
    public override string Description => "EventBus KubeEdgeTopicParser.Classify + KubeEdgeTopics.Parse, with topics built from the input's device list";
    public override IReadOnlyList<string> Tokens =>
    [
        "$hw/events/device/", "$hw/events/node/", "$ke/events/device/", "/twin/update", "/twin/update/result",
        "/twin/update/delta", "/twin/update/document", "/twin/get", "/twin/get/result", "/state/update",
        "/state/update/result", "/data/update", "/membership/get", "/membership/get/result",
        "/membership/updated", "default/", "\n", "!", "/", "+", "#",
    ];

    public override void Run(ReadOnlySpan<byte> input)
    {
        string[] lines = Encoding.Latin1.GetString(input).Split('\n');
        string topic = lines[0];
        foreach (bool single in new[] { false, true })
        {
            int operation = KubeEdgeTopicParser.Classify(topic, single, out int start, out int length);
            if (operation == KubeEdgeOperation.None) Check(start == 0 && length == 0, "None with a device span");
            else Check(start > 0 && length > 0 && start + length < topic.Length, $"device span {start}+{length} outside the topic");
        }

        string? node = lines.Length > 1 ? lines[1] : null;
        bool singleSegment = node != null && node.StartsWith('!');
        if (singleSegment) node = node![1..];
        if (node == "") node = null;
        string[] ids = lines.Skip(2).Take(8).ToArray();
        if (ids.Length == 0) ids = ["default/demo"];
        string?[] namespaces = ids.Select(id => id.Contains('/') ? id[..id.IndexOf('/')] : null).ToArray();
        string[] names = ids.Select(id => id.Contains('/') ? id[(id.IndexOf('/') + 1)..] : id).ToArray();

        KubeEdgeTopics topics;
        try
        {
            topics = new KubeEdgeTopics(node, namespaces!, names, singleSegment);
        }
        catch (ArgumentException)
        {
            return; // names that cannot be topic levels: refused at start-up, by design
        }

        for (int d = 0; d < topics.DeviceCount; d++)
        {
            Expect(topics, topics.TwinUpdateTopic(d), KubeEdgeOperation.TwinUpdate, d);
            Expect(topics, topics.TwinGetTopic(d), KubeEdgeOperation.TwinGet, d);
            Expect(topics, topics.StateUpdateTopic(d), KubeEdgeOperation.StateUpdate, d);
            Expect(topics, topics.DataUpdateTopic(d), KubeEdgeOperation.DataUpdate, d);
            Expect(topics, topics.SubscriptionFilters[4 * d], KubeEdgeOperation.TwinUpdateResult, d);
            Expect(topics, topics.SubscriptionFilters[4 * d + 1], KubeEdgeOperation.TwinUpdateDelta, d);
            Expect(topics, topics.SubscriptionFilters[4 * d + 2], KubeEdgeOperation.TwinGetResult, d);
            Expect(topics, topics.SubscriptionFilters[4 * d + 3], KubeEdgeOperation.StateUpdateResult, d);
        }
        foreach (string filter in topics.SubscriptionFilters)
        {
            Check(TopicFilter.IsValidFilter(filter) && TopicFilter.IsValidTopicName(filter), $"built filter '{filter}' has a wildcard or NUL");
        }
        if (node != null)
        {
            Expect(topics, topics.MembershipGetTopic, KubeEdgeOperation.MembershipGet, KubeEdgeTopics.ThisNode);
        }

        int received = topics.Parse(topic, out int device);
        int classified = KubeEdgeTopicParser.Classify(topic, singleSegment, out int idStart, out int idLength);
        Check(received == classified, "Parse and Classify disagree on the operation");
        if (device >= 0)
        {
            Check(device < topics.DeviceCount, $"device {device} out of range");
            Check(KubeEdgeTopicParser.SpanEquals(topic, idStart, idLength, topics.TopicId(device)), "Parse named a device the topic does not name");
        }
    }

    private static void Expect(KubeEdgeTopics topics, string topic, int operation, int device)
    {
        int parsed = topics.Parse(topic, out int parsedDevice);
        Check(parsed == operation && parsedDevice == device,
            $"'{topic}' parses as {KubeEdgeOperation.Name(parsed)} for {parsedDevice}, built as {KubeEdgeOperation.Name(operation)} for {device}");
    }
}
