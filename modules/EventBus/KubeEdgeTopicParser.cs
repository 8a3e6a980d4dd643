namespace EdgeNano.EventBus
{
    /// <summary>
    /// Reads a KubeEdge topic in place: which operation, and where in the topic the device ID (or
    /// node name) stands. Works on indices into the received string, so it allocates nothing;
    /// <see cref="KubeEdgeTopics"/> then compares that span with the devices it knows.
    /// SpanEquals reads characters by index, which on nanoCLR misreads the low half of a
    /// surrogate pair as the high one; it compares topics only with KubeEdge's ASCII levels and
    /// with device ids, which KubeEdgeTopics keeps free of surrogates, so a misread half never
    /// matches. Levels are found by a native search.
    /// </summary>
    public static class KubeEdgeTopicParser
    {
        /// <summary>Prefix of device twin and state topics.</summary>
        public const string DevicePrefix = "$hw/events/device/";
        /// <summary>Prefix of node membership topics.</summary>
        public const string NodePrefix = "$hw/events/node/";
        /// <summary>Prefix of telemetry topics for third parties.</summary>
        public const string DataPrefix = "$ke/events/device/";

        /// <summary>
        /// The operation of topic (<see cref="KubeEdgeOperation"/>), or None when it is not a
        /// well-formed KubeEdge topic. idStart/idLength locate the device ID — "{namespace}/{name}",
        /// or "{name}" when singleSegmentIds (KubeEdge before v1.16.2) — or, for membership topics,
        /// the node name. Both are 0 when the result is None.
        /// </summary>
        public static int Classify(string topic, bool singleSegmentIds, out int idStart, out int idLength)
        {
            idStart = 0;
            idLength = 0;
            if (topic == null) return KubeEdgeOperation.None;
            if (StartsWith(topic, DevicePrefix)) return ClassifyDevice(topic, DevicePrefix.Length, singleSegmentIds, false, out idStart, out idLength);
            if (StartsWith(topic, DataPrefix)) return ClassifyDevice(topic, DataPrefix.Length, singleSegmentIds, true, out idStart, out idLength);
            if (StartsWith(topic, NodePrefix)) return ClassifyNode(topic, out idStart, out idLength);
            return KubeEdgeOperation.None;
        }

        /// <summary>Whether topic[start .. start+length) is exactly text (ordinal).</summary>
        public static bool SpanEquals(string topic, int start, int length, string text)
        {
            if (text == null || text.Length != length || start < 0 || start + length > topic.Length) return false;
            for (int i = 0; i < length; i++)
            {
                if (topic[start + i] != text[i]) return false;
            }
            return true;
        }

        private static int ClassifyDevice(string topic, int start, bool singleSegmentIds, bool data, out int idStart, out int idLength)
        {
            idStart = 0;
            idLength = 0;
            int end = SegmentEnd(topic, start);
            if (end == start || end == topic.Length) return KubeEdgeOperation.None;
            if (!singleSegmentIds)
            {
                int nameStart = end + 1;
                end = SegmentEnd(topic, nameStart);
                if (end == nameStart || end == topic.Length) return KubeEdgeOperation.None;
            }
            int operation = data ? DataOperation(topic, end + 1) : DeviceOperation(topic, end + 1);
            if (operation == KubeEdgeOperation.None) return operation;
            idStart = start;
            idLength = end - start;
            return operation;
        }

        private static int ClassifyNode(string topic, out int idStart, out int idLength)
        {
            idStart = 0;
            idLength = 0;
            int start = NodePrefix.Length;
            int end = SegmentEnd(topic, start);
            if (end == start || end == topic.Length) return KubeEdgeOperation.None;
            int rest = end + 1;
            int operation = KubeEdgeOperation.None;
            if (RestEquals(topic, rest, "membership/get")) operation = KubeEdgeOperation.MembershipGet;
            else if (RestEquals(topic, rest, "membership/get/result")) operation = KubeEdgeOperation.MembershipGetResult;
            else if (RestEquals(topic, rest, "membership/updated")) operation = KubeEdgeOperation.MembershipUpdated;
            if (operation == KubeEdgeOperation.None) return operation;
            idStart = start;
            idLength = end - start;
            return operation;
        }

        private static int DeviceOperation(string topic, int rest)
        {
            if (RestEquals(topic, rest, "twin/update")) return KubeEdgeOperation.TwinUpdate;
            if (RestEquals(topic, rest, "twin/update/result")) return KubeEdgeOperation.TwinUpdateResult;
            if (RestEquals(topic, rest, "twin/update/delta")) return KubeEdgeOperation.TwinUpdateDelta;
            if (RestEquals(topic, rest, "twin/update/document")) return KubeEdgeOperation.TwinUpdateDocument;
            if (RestEquals(topic, rest, "twin/get")) return KubeEdgeOperation.TwinGet;
            if (RestEquals(topic, rest, "twin/get/result")) return KubeEdgeOperation.TwinGetResult;
            if (RestEquals(topic, rest, "state/update")) return KubeEdgeOperation.StateUpdate;
            if (RestEquals(topic, rest, "state/update/result")) return KubeEdgeOperation.StateUpdateResult;
            return KubeEdgeOperation.None;
        }

        private static int DataOperation(string topic, int rest)
        {
            return RestEquals(topic, rest, "data/update") ? KubeEdgeOperation.DataUpdate : KubeEdgeOperation.None;
        }

        private static bool RestEquals(string topic, int start, string text)
        {
            return SpanEquals(topic, start, topic.Length - start, text);
        }

        private static bool StartsWith(string topic, string prefix)
        {
            return topic.Length >= prefix.Length && SpanEquals(topic, 0, prefix.Length, prefix);
        }

        // Index of the '/' that ends the level starting at start, or topic.Length.
        private static int SegmentEnd(string topic, int start)
        {
            int length = topic.Length;
            if (start >= length) return length;
            int slash = topic.IndexOf('/', start);
            return slash < 0 ? length : slash;
        }
    }
}
