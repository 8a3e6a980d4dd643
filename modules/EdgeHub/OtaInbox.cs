using System.Threading;
using EdgeNano.Runtime;

namespace EdgeNano.EdgeHub
{
    /// <summary>
    /// How edgehub hands the updates module what the update server sends the board
    /// (docs/ota-protocol.md): announcements, manifest results and block results travel as bus
    /// messages like any received payload, in one of the pool's payload arrays (a block result is
    /// the block size plus 20 bytes; a manifest result 84 bytes plus the manifest), so the device
    /// keeps no buffer of its own for updates. A message larger than the pool's payload arrays
    /// (maxPayload) cannot be carried: edgehub counts it and tells the updates module with a note
    /// without content (<see cref="TooLarge"/>), so an update fails with that reason instead of
    /// waiting for an answer that never fits. The topics are made once here, so matching a
    /// received topic allocates nothing.
    /// </summary>
    public sealed class OtaInbox
    {
        /// <summary>edgehub → updates: the content is what arrived on Resource (an OTA topic; see <see cref="KindOf"/>).</summary>
        public const string Received = "ota/received";
        /// <summary>edgehub → updates: a message on Resource was larger than the pool's payload arrays (no content).</summary>
        public const string TooLarge = "ota/too-large";
        /// <summary>updates → edgehub: publish the content (a small JSON request) on Resource, a request topic, at QoS 1.</summary>
        public const string Request = "ota/request";

        /// <summary>Not an OTA topic.</summary>
        public const int Empty = 0;
        /// <summary>An announcement (retained; empty payload: withdrawn).</summary>
        public const int Announce = 1;
        /// <summary>A manifest result frame.</summary>
        public const int ManifestResult = 2;
        /// <summary>A block result frame.</summary>
        public const int BlockResult = 3;

        private readonly string _module;
        private readonly string _announce;
        private readonly string _manifestResult;
        private readonly string _blockResult;
        private readonly string _manifestGet;
        private readonly string _blockGet;
        private int _dropped;
        private int _tooLarge;

        /// <param name="deviceId">The board's first device id as its topics spell it ("default/demo", or "demo" with single-segment ids).</param>
        /// <param name="module">The updates module's name on the bus.</param>
        public OtaInbox(string deviceId, string module)
        {
            if (deviceId == null || deviceId.Length == 0 || module == null) throw new System.ArgumentException("an OTA inbox needs a device id and a module");
            _module = module;
            string ota = "$hw/events/device/" + deviceId + "/ota/";
            _announce = ota + "announce";
            _manifestResult = ota + "manifest/result";
            _blockResult = ota + "block/result";
            _manifestGet = ota + "manifest/get";
            _blockGet = ota + "block/get";
        }

        /// <summary>The updates module's name on the bus.</summary>
        public string Module { get { return _module; } }
        /// <summary>Messages lost because the pool had no message (or payload array) free or the bus refused it.</summary>
        public int Dropped { get { return Interlocked.CompareExchange(ref _dropped, 0, 0); } }
        /// <summary>Messages larger than the pool's payload arrays (refused; the updates module was told).</summary>
        public int TooLargeCount { get { return Interlocked.CompareExchange(ref _tooLarge, 0, 0); } }

        public string AnnounceTopic { get { return _announce; } }
        public string ManifestResultTopic { get { return _manifestResult; } }
        public string BlockResultTopic { get { return _blockResult; } }
        public string ManifestGetTopic { get { return _manifestGet; } }
        public string BlockGetTopic { get { return _blockGet; } }

        /// <summary>The three topics edgehub subscribes to for the updates module.</summary>
        public string[] Filters()
        {
            return new string[] { _announce, _manifestResult, _blockResult };
        }

        /// <summary>Which kind a received topic is for, or Empty when it is not an OTA topic (string equality: no allocation).</summary>
        public int KindOf(string topic)
        {
            if (topic == _blockResult) return BlockResult;
            if (topic == _manifestResult) return ManifestResult;
            if (topic == _announce) return Announce;
            return Empty;
        }

        /// <summary>The topic a kind arrives on (null for Empty).</summary>
        public string TopicOf(int kind)
        {
            if (kind == BlockResult) return _blockResult;
            if (kind == ManifestResult) return _manifestResult;
            if (kind == Announce) return _announce;
            return null;
        }

        /// <summary>
        /// What arrived on an OTA topic, to the updates module: the payload in a pooled message
        /// (a payload array when it needs one), or a note without content when it is larger than
        /// the pool's payload arrays. False when the topic is not an OTA one. A message the pool
        /// or the bus cannot take is counted. Any thread (edgehub calls it on the link's).
        /// </summary>
        public bool Deliver(Bus bus, string source, string topic, byte[] payload, int offset, int count)
        {
            if (KindOf(topic) == Empty) return false;
            bool fits = count <= bus.Pool.MaxContent;
            Message message = fits ? bus.Rent(count) : bus.Rent();
            if (!fits) Interlocked.Increment(ref _tooLarge);
            if (message == null)
            {
                Interlocked.Increment(ref _dropped);
                return true;
            }
            if (fits) message.SetContent(payload, offset, count);
            message.Source = source;
            message.Destination = _module;
            message.Operation = fits ? Received : TooLarge;
            message.Resource = topic;
            if (bus.Send(message) != SendResult.Accepted) Interlocked.Increment(ref _dropped);
            return true;
        }
    }
}
