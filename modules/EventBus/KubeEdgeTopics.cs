namespace EdgeNano.EventBus
{
    /// <summary>
    /// The KubeEdge topics of one board's fixed set of devices. Every topic a device publishes to
    /// and every filter it subscribes to is built here once, at start-up, so the publishing path
    /// only hands out strings it already holds; received topics are mapped back to a device
    /// index without allocating.
    /// <para>
    /// A device has two spellings. On the board's bus and in its twin store it is always
    /// "{namespace}/{name}", the id of the board file (<see cref="DeviceId"/>). In topics it is
    /// that id, or only "{name}" for KubeEdge before v1.16.2 (<see cref="TopicId"/>). Parse takes
    /// a topic's spelling to the device's index, so modules never see the topic form.
    /// </para>
    /// </summary>
    public sealed class KubeEdgeTopics
    {
        /// <summary>The namespace KubeEdge gives a device that names none.</summary>
        public const string DefaultNamespace = "default";
        /// <summary>Parse's device for a topic about a device or node this board does not have.</summary>
        public const int NotOurs = -1;
        /// <summary>Parse's device for a membership topic that names this board's node.</summary>
        public const int ThisNode = -2;

        private readonly bool _singleSegmentIds;
        private readonly string _nodeName;
        private readonly string[] _deviceIds;
        // The same array as _deviceIds unless singleSegmentIds.
        private readonly string[] _topicIds;
        private readonly string[] _twinUpdate;
        private readonly string[] _twinGet;
        private readonly string[] _stateUpdate;
        private readonly string[] _dataUpdate;
        private readonly string _membershipGet;
        private readonly string[] _subscriptionFilters;

        /// <param name="nodeName">The edge node the board belongs to (membership topics); null when the board asks for no membership.</param>
        /// <param name="namespaces">Each device's namespace (null, or null or empty entries, mean "default"); with singleSegmentIds it stays in the device id but not in topics.</param>
        /// <param name="names">Each device's name.</param>
        /// <param name="singleSegmentIds">Use the single-segment device IDs of KubeEdge before v1.16.2 ($hw/events/device/{name}/...).</param>
        public KubeEdgeTopics(string nodeName, string[] namespaces, string[] names, bool singleSegmentIds)
        {
            if (names == null || names.Length == 0) throw new System.ArgumentException("at least one device name is needed");
            if (namespaces != null && namespaces.Length != names.Length)
            {
                throw new System.ArgumentException("one namespace per device name");
            }
            if (nodeName != null && !IsIdSegment(nodeName)) throw new System.ArgumentException("bad node name: " + nodeName);

            _singleSegmentIds = singleSegmentIds;
            _nodeName = nodeName;
            int count = names.Length;
            _deviceIds = new string[count];
            _topicIds = singleSegmentIds ? new string[count] : _deviceIds;
            _twinUpdate = new string[count];
            _twinGet = new string[count];
            _stateUpdate = new string[count];
            _dataUpdate = new string[count];
            int perDevice = 4;
            int perNode = nodeName == null ? 0 : 2;
            _subscriptionFilters = new string[count * perDevice + perNode];

            for (int i = 0; i < count; i++)
            {
                _deviceIds[i] = DeviceIdFor(namespaces, names, i);
                string id = singleSegmentIds ? names[i] : _deviceIds[i];
                for (int j = 0; j < i; j++)
                {
                    // Single-segment topics cannot tell default/a from lab/a apart.
                    if (_topicIds[j] == id) throw new System.ArgumentException("device listed twice in topics: " + id);
                }
                _topicIds[i] = id;
                string device = KubeEdgeTopicParser.DevicePrefix + id + "/";
                _twinUpdate[i] = device + "twin/update";
                _twinGet[i] = device + "twin/get";
                _stateUpdate[i] = device + "state/update";
                _dataUpdate[i] = KubeEdgeTopicParser.DataPrefix + id + "/data/update";
                // Exactly what the device needs: not twin/+/+, which would also bring every
                // twin/update/document the owner publishes for apps.
                _subscriptionFilters[i * perDevice] = device + "twin/update/result";
                _subscriptionFilters[i * perDevice + 1] = device + "twin/update/delta";
                _subscriptionFilters[i * perDevice + 2] = device + "twin/get/result";
                _subscriptionFilters[i * perDevice + 3] = device + "state/update/result";
            }
            if (nodeName != null)
            {
                string node = KubeEdgeTopicParser.NodePrefix + nodeName + "/membership/";
                _membershipGet = node + "get";
                _subscriptionFilters[count * perDevice] = node + "get/result";
                _subscriptionFilters[count * perDevice + 1] = node + "updated";
            }
        }

        /// <summary>Whether device IDs are the legacy single segment ({name}) instead of {namespace}/{name}.</summary>
        public bool SingleSegmentIds
        {
            get { return _singleSegmentIds; }
        }

        public int DeviceCount
        {
            get { return _deviceIds.Length; }
        }

        /// <summary>The node name given at start-up, or null.</summary>
        public string NodeName
        {
            get { return _nodeName; }
        }

        /// <summary>The device's id on the board's bus and in its twin store: always "{namespace}/{name}".</summary>
        public string DeviceId(int device)
        {
            return _deviceIds[device];
        }

        /// <summary>The device's KubeEdge ID as it appears in topics: "{namespace}/{name}", or "{name}" when singleSegmentIds.</summary>
        public string TopicId(int device)
        {
            return _topicIds[device];
        }

        /// <summary>Where the device reports actual values.</summary>
        public string TwinUpdateTopic(int device)
        {
            return _twinUpdate[device];
        }

        /// <summary>Where the twin owner answers the device's twin/update (a result or a 400/404/500 error).</summary>
        public string TwinUpdateResultTopic(int device)
        {
            return _subscriptionFilters[device * 4];
        }

        /// <summary>Where the device asks for its whole twin (after every connect).</summary>
        public string TwinGetTopic(int device)
        {
            return _twinGet[device];
        }

        /// <summary>Where the device reports its state (also the natural will topic).</summary>
        public string StateUpdateTopic(int device)
        {
            return _stateUpdate[device];
        }

        /// <summary>Where the device publishes telemetry for third parties.</summary>
        public string DataUpdateTopic(int device)
        {
            return _dataUpdate[device];
        }

        /// <summary>Where the board asks which devices belong to its node; null without a node name.</summary>
        public string MembershipGetTopic
        {
            get { return _membershipGet; }
        }

        /// <summary>
        /// Every filter the board subscribes to: per device twin/update/result, twin/update/delta,
        /// twin/get/result and state/update/result, then the node's membership/get/result and
        /// membership/updated. The same array each call; do not modify it.
        /// </summary>
        public string[] SubscriptionFilters
        {
            get { return _subscriptionFilters; }
        }

        /// <summary>
        /// Which operation a received topic carries (<see cref="KubeEdgeOperation"/>; None for any
        /// other or malformed topic) and whom it is for: device is this board's device index,
        /// <see cref="ThisNode"/> for a membership topic naming this board's node, or
        /// <see cref="NotOurs"/> for a device or node this board does not have.
        /// </summary>
        public int Parse(string topic, out int device)
        {
            device = NotOurs;
            int start;
            int length;
            int operation = KubeEdgeTopicParser.Classify(topic, _singleSegmentIds, out start, out length);
            if (operation == KubeEdgeOperation.None) return operation;
            if (KubeEdgeOperation.IsNodeOperation(operation))
            {
                if (KubeEdgeTopicParser.SpanEquals(topic, start, length, _nodeName)) device = ThisNode;
                return operation;
            }
            for (int i = 0; i < _topicIds.Length; i++)
            {
                if (KubeEdgeTopicParser.SpanEquals(topic, start, length, _topicIds[i]))
                {
                    device = i;
                    break;
                }
            }
            return operation;
        }

        private string DeviceIdFor(string[] namespaces, string[] names, int i)
        {
            string name = names[i];
            if (!IsIdSegment(name)) throw new System.ArgumentException("bad device name: " + name);
            string ns = namespaces == null ? null : namespaces[i];
            if (ns == null || ns.Length == 0) ns = DefaultNamespace;
            if (!IsIdSegment(ns)) throw new System.ArgumentException("bad namespace: " + ns);
            return ns + "/" + name;
        }

        /// <summary>
        /// Whether a namespace, name or node name can be one level of KubeEdge's topics: one whole
        /// topic level without wildcards or NUL, and no character beyond U+FFFF (received topics
        /// are compared with ids by index, see KubeEdgeTopicParser, where nanoCLR cannot tell
        /// surrogate pairs apart; Kubernetes names are ASCII anyway). Start-up only: the
        /// characters are copied out once.
        /// </summary>
        public static bool IsIdSegment(string text)
        {
            if (text == null) return false;
            char[] chars = text.ToCharArray();
            if (chars.Length == 0) return false;
            for (int i = 0; i < chars.Length; i++)
            {
                char c = chars[i];
                if (c == '/' || c == '+' || c == '#' || c == '\0') return false;
                if (c >= 0xD800 && c <= 0xDFFF) return false;
            }
            return true;
        }
    }
}
