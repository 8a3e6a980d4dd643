using EdgeNano.DeviceTwin.Json;
using EdgeNano.Runtime.Network;

namespace EdgeNano.MemoryProbe
{
    /// <summary>
    /// The board's MQTT link with the twin owner (edgecore's devicetwin) behind it, in memory:
    /// connects and subscribes at once, counts what the device publishes, answers the device's
    /// twin/get with a twin/get/result for the board's properties, and lets the probe inject a
    /// twin/update/delta for the led output or cut the session. Topics and payloads are made in
    /// the constructor (before the baseline); delivering a message allocates nothing here.
    /// Received messages wait in a small queue until the probe delivers them, as a network
    /// thread would deliver them between dispatch rounds. With ServeUpdates it is also the update
    /// server of one package (docs/ota-protocol.md): it answers manifest/get and block/get.
    /// </summary>
    public sealed class TwinOwnerLink : IMqttLink
    {
        private const string Prefix = "$hw/events/device/";

        // What edgecore answers after the device reported its pins: every property with its
        // actual value and type, the led also with the desired value (KubeEdge's shapes, see
        // docs/kubeedge-twin-protocol.md in the shared docs).
        // The event_id is echoed from the request into the 17 bytes after {"event_id":" (its
        // closing quote, then spaces: JSON allows them between tokens), as edgecore echoes it.
        private const int EventIdAt = 13;
        private const int EventIdRoom = 17;
        private const string GetResultJson = "{\"event_id\":\"\"                 ,\"timestamp\":1700000000000,\"twin\":{" +
            "\"button\":{\"actual\":{\"value\":\"false\",\"metadata\":{\"timestamp\":1700000000000}},\"optional\":true,\"metadata\":{\"type\":\"boolean\"}}," +
            "\"pulses\":{\"actual\":{\"value\":\"0\",\"metadata\":{\"timestamp\":1700000000000}},\"optional\":true,\"metadata\":{\"type\":\"int\"}}," +
            "\"pulse_rate\":{\"actual\":{\"value\":\"0\",\"metadata\":{\"timestamp\":1700000000000}},\"optional\":true,\"metadata\":{\"type\":\"int\"}}," +
            "\"led\":{\"expected\":{\"value\":\"false\",\"metadata\":{\"timestamp\":1700000000000}},\"actual\":{\"value\":\"false\",\"metadata\":{\"timestamp\":1700000000000}},\"optional\":true,\"metadata\":{\"type\":\"boolean\"}}}}";

        private const string DeltaOnJson = "{\"event_id\":\"\",\"timestamp\":1700000000000,\"twin\":{" +
            "\"led\":{\"expected\":{\"value\":\"true\",\"metadata\":{\"timestamp\":1700000000000}},\"optional\":true,\"metadata\":{\"type\":\"boolean\"}}}," +
            "\"delta\":{\"led\":\"true\"}}";

        private const string DeltaOffJson = "{\"event_id\":\"\",\"timestamp\":1700000000000,\"twin\":{" +
            "\"led\":{\"expected\":{\"value\":\"false\",\"metadata\":{\"timestamp\":1700000000000}},\"optional\":true,\"metadata\":{\"type\":\"boolean\"}}}," +
            "\"delta\":{\"led\":\"false\"}}";

        private readonly string _getTopic;
        private readonly string _getResultTopic;
        private readonly string _updateTopic;
        private readonly string _deltaTopic;
        private readonly string _stateTopic;
        private readonly byte[] _getResult;
        private readonly byte[] _deltaOn;
        private readonly byte[] _deltaOff;
        private readonly string _otaTopics;

        private ProbePackage _package;
        private string _announceTopic;
        private string _manifestGetTopic;
        private string _manifestResultTopic;
        private string _blockGetTopic;
        private string _blockResultTopic;
        private int _otaRequests;

        // Received messages not yet delivered (a fixed ring; the payloads are the constants above).
        private readonly string[] _inTopics = new string[4];
        private readonly byte[][] _inPayloads = new byte[4][];
        private int _inHead;
        private int _inCount;

        private IMqttLinkListener _listener;
        private bool _connected;
        private int _connects;
        private int _publishes;
        private int _reports;
        private int _gets;
        private int _states;
        private int _overflows;
        private uint _freeAfterGetResult;

        /// <param name="deviceId">The board's device ("namespace/name"), in KubeEdge's two-segment topic form.</param>
        public TwinOwnerLink(string deviceId)
        {
            _getTopic = Prefix + deviceId + "/twin/get";
            _getResultTopic = _getTopic + "/result";
            _updateTopic = Prefix + deviceId + "/twin/update";
            _deltaTopic = _updateTopic + "/delta";
            _stateTopic = Prefix + deviceId + "/state/update";
            _getResult = Utf8.Bytes(GetResultJson);
            _deltaOn = Utf8.Bytes(DeltaOnJson);
            _deltaOff = Utf8.Bytes(DeltaOffJson);
            _otaTopics = Prefix + deviceId + "/ota/";
        }

        /// <summary>Serves the package from now on (topics made here, before the probe's baseline).</summary>
        public void ServeUpdates(ProbePackage package)
        {
            _package = package;
            _announceTopic = _otaTopics + "announce";
            _manifestGetTopic = _otaTopics + "manifest/get";
            _manifestResultTopic = _otaTopics + "manifest/result";
            _blockGetTopic = _otaTopics + "block/get";
            _blockResultTopic = _otaTopics + "block/result";
        }

        /// <summary>manifest/get and block/get requests answered.</summary>
        public int OtaRequests { get { return _otaRequests; } }

        /// <summary>The server offers the package: its retained announcement arrives.</summary>
        public void InjectAnnouncement()
        {
            Receive(_announceTopic, _package.Announcement);
        }

        public int Connects { get { return _connects; } }
        public int Publishes { get { return _publishes; } }
        /// <summary>twin/update publishes: the device's reports of actual values.</summary>
        public int Reports { get { return _reports; } }
        public int Gets { get { return _gets; } }
        public int States { get { return _states; } }
        /// <summary>Received messages lost because the probe let the queue fill (should stay 0).</summary>
        public int Overflows { get { return _overflows; } }
        public int GetResultBytes { get { return _getResult.Length; } }
        /// <summary>Free heap read right after the last twin/get/result was handed to the device (0: not sampled).</summary>
        public uint FreeAfterGetResult { get { return _freeAfterGetResult; } }

        public bool IsConnected { get { return _connected; } }

        public void SetListener(IMqttLinkListener listener)
        {
            _listener = listener;
        }

        public int Connect(MqttLinkOptions options)
        {
            if (_connected) return MqttConnectResult.AlreadyConnected;
            if (!MqttLinkChecks.OptionsUsable(options)) return MqttConnectResult.InvalidOptions;
            _connected = true;
            _connects++;
            return MqttConnectResult.Accepted;
        }

        public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            if (!_connected) return MqttPublishResult.NotConnected;
            if (!MqttLinkChecks.PublishArgumentsValid(topic, payload, offset, count, qos)) return MqttPublishResult.InvalidArguments;
            _publishes++;
            if (topic == _getTopic)
            {
                _gets++;
                EchoEventId(payload, offset, count);
                Receive(_getResultTopic, _getResult);
            }
            else if (topic == _updateTopic)
            {
                _reports++;
            }
            else if (topic == _stateTopic)
            {
                _states++;
            }
            else if (_package != null && topic == _manifestGetTopic)
            {
                _otaRequests++;
                Receive(_manifestResultTopic, _package.ManifestResult);
            }
            else if (_package != null && topic == _blockGetTopic)
            {
                byte[] frame = _package.BlockResult(ProbePackage.RequestedBlock(payload, offset, count));
                _otaRequests++;
                if (frame != null) Receive(_blockResultTopic, frame);
            }
            // The device is in the middle of its work here (a flush after a resync publishes
            // report after report): one more point for the peak.
            Heap.Sample();
            return MqttPublishResult.Accepted;
        }

        public int Subscribe(string[] filters, int[] qos)
        {
            if (!_connected) return MqttSubscribeResult.NotConnected;
            if (!MqttLinkChecks.SubscribeArgumentsValid(filters, qos)) return MqttSubscribeResult.InvalidArguments;
            return MqttSubscribeResult.Accepted;
        }

        public void Disconnect()
        {
            _connected = false;
        }

        /// <summary>The owner sets the led's desired value: a delta arrives at the device.</summary>
        public void InjectLedDelta(bool on)
        {
            Receive(_deltaTopic, on ? _deltaOn : _deltaOff);
        }

        /// <summary>The broker goes away: the session ends without a Disconnect call.</summary>
        public void Cut()
        {
            if (!_connected) return;
            _connected = false;
            _inCount = 0;
            if (_listener != null) _listener.ConnectionLost();
        }

        /// <summary>Hands every queued message to the device's listener; returns how many.</summary>
        public int DeliverAll()
        {
            int delivered = 0;
            while (_inCount > 0)
            {
                string topic = _inTopics[_inHead];
                byte[] payload = _inPayloads[_inHead];
                _inTopics[_inHead] = null;
                _inPayloads[_inHead] = null;
                _inHead = (_inHead + 1) % _inTopics.Length;
                _inCount--;
                if (!_connected || _listener == null) continue;
                _listener.MessageReceived(topic, payload, 0, payload.Length, MqttQos.AtLeastOnce, false);
                delivered++;
                // Inside the link's callback: the device holds the get/result in a bus message now.
                if ((object)payload == (object)_getResult) _freeAfterGetResult = Heap.Sample();
                // The device holds an update frame in its inbox now.
                else if (_package != null && topic.IndexOf(_otaTopics) == 0) Heap.Sample();
            }
            return delivered;
        }

        // Copies the request's event_id (the device's: {"event_id":"...", at most EventIdRoom bytes) into the get/result.
        private void EchoEventId(byte[] request, int offset, int count)
        {
            int length = 0;
            while (length < EventIdRoom && EventIdAt + length < count && request[offset + EventIdAt + length] != (byte)'"') length++;
            System.Array.Copy(request, offset + EventIdAt, _getResult, EventIdAt, length);
            _getResult[EventIdAt + length] = (byte)'"';
            for (int i = EventIdAt + length + 1; i <= EventIdAt + EventIdRoom; i++) _getResult[i] = (byte)' ';
        }

        private void Receive(string topic, byte[] payload)
        {
            if (_inCount == _inTopics.Length)
            {
                _overflows++;
                return;
            }
            int slot = (_inHead + _inCount) % _inTopics.Length;
            _inTopics[slot] = topic;
            _inPayloads[slot] = payload;
            _inCount++;
        }
    }
}
