using System;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using EdgeNano.Runtime.Network;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Exceptions;
using nanoFramework.M2Mqtt.Messages;

namespace EdgeNano.Boards.NanoFramework
{
    /// <summary>
    /// <see cref="IMqttLink"/> on nanoFramework.M2Mqtt 5.1 (MQTT 3.1.1), the device's one MQTT
    /// session. Only the nanoFramework project compiles this file (M2Mqtt does not restore on
    /// Linux); its behaviour is specified by the same contract tests the host's MqttNetLink passes.
    /// Differences M2Mqtt imposes: QoS 1 Accepted means queued in M2Mqtt's in-flight queue (which
    /// retransmits until PUBACK), not yet acknowledged; a published slice is copied unless it is the
    /// whole array, because M2Mqtt keeps the array until the broker acknowledges it; the broker's
    /// certificate is checked against Host (TlsServerName is not supported by M2Mqtt).
    /// </summary>
    public sealed class M2MqttLink : IMqttLink
    {
        // Room in M2Mqtt's own queue beyond our QoS 1 limit, for QoS 0 publishes and subscribes
        // in transit: M2Mqtt silently drops a message that finds its queue full.
        private const int QueueRoomForControl = 4;

        private readonly object _gate = new object();
        private readonly AutoResetEvent _subscribed = new AutoResetEvent(false);
        private MqttClient _client;
        private MqttLinkOptions _clientOptions;
        private IMqttLinkListener _listener;
        private int _timeoutMs = 10000;
        // 1 once the session's end was reported or asked for (see MqttNetLink).
        private int _sessionEnded = 1;
        // QoS 1 message ids not yet acknowledged, bounded by the options' InflightQueueSize.
        private ushort[] _unacknowledged = new ushort[0];
        private int _unacknowledgedCount;
        private ushort _awaitedSubscription;
        private bool _subscriptionRefused;

        public bool IsConnected
        {
            get { return _client != null && _client.IsConnected; }
        }

        public void SetListener(IMqttLinkListener listener)
        {
            _listener = listener;
        }

        public int Connect(MqttLinkOptions options)
        {
            if (!MqttLinkChecks.OptionsUsable(options)) return MqttConnectResult.InvalidOptions;
            if (IsConnected) return MqttConnectResult.AlreadyConnected;
            _timeoutMs = options.OperationTimeoutMs;
            try
            {
                if (_client == null || _clientOptions != options) CreateClient(options);
                MqttQoSLevel willQos = options.WillQos == MqttQos.AtLeastOnce ? MqttQoSLevel.AtLeastOnce : MqttQoSLevel.AtMostOnce;
                bool hasWill = options.WillTopic != null;
                // M2Mqtt takes the will as a string; KubeEdge payloads are UTF-8 JSON.
                string will = hasWill && options.WillPayload != null ? Encoding.UTF8.GetString(options.WillPayload, 0, options.WillPayload.Length) : "";
                MqttReasonCode code = _client.Connect(options.ClientId, options.Username, options.Password,
                    options.WillRetain, willQos, hasWill, options.WillTopic, will,
                    options.CleanSession, (ushort)options.KeepAliveSeconds);
                int result = Outcome(code);
                if (result == MqttConnectResult.Accepted)
                {
                    lock (_gate) _unacknowledgedCount = 0;
                    Interlocked.Exchange(ref _sessionEnded, 0);
                }
                return result;
            }
            catch (MqttConnectionException e)
            {
                return e.InnerException is SocketException || !options.UseTls ? MqttConnectResult.NetworkError : MqttConnectResult.TlsFailed;
            }
            catch (Exception)
            {
                return MqttConnectResult.NetworkError;
            }
        }

        public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            if (!MqttLinkChecks.PublishArgumentsValid(topic, payload, offset, count, qos)) return MqttPublishResult.InvalidArguments;
            if (!IsConnected) return MqttPublishResult.NotConnected;
            byte[] whole = payload;
            if (payload == null || offset != 0 || count != payload.Length)
            {
                whole = new byte[count];
                if (count > 0) Array.Copy(payload, offset, whole, 0, count);
            }
            lock (_gate)
            {
                if (qos == MqttQos.AtLeastOnce && _unacknowledgedCount == _unacknowledged.Length) return MqttPublishResult.InflightFull;
                try
                {
                    ushort id = _client.Publish(topic, whole, null, null, qos == MqttQos.AtLeastOnce ? MqttQoSLevel.AtLeastOnce : MqttQoSLevel.AtMostOnce, retain);
                    if (qos == MqttQos.AtLeastOnce) _unacknowledged[_unacknowledgedCount++] = id;
                    return MqttPublishResult.Accepted;
                }
                catch (Exception)
                {
                    return MqttPublishResult.Failed;
                }
            }
        }

        public int Subscribe(string[] filters, int[] qos)
        {
            if (!MqttLinkChecks.SubscribeArgumentsValid(filters, qos)) return MqttSubscribeResult.InvalidArguments;
            if (!IsConnected) return MqttSubscribeResult.NotConnected;
            MqttQoSLevel[] levels = new MqttQoSLevel[qos.Length];
            for (int i = 0; i < qos.Length; i++) levels[i] = qos[i] == MqttQos.AtLeastOnce ? MqttQoSLevel.AtLeastOnce : MqttQoSLevel.AtMostOnce;
            try
            {
                lock (_gate)
                {
                    _subscribed.Reset();
                    _subscriptionRefused = false;
                    _awaitedSubscription = _client.Subscribe(filters, levels);
                }
                if (!_subscribed.WaitOne(_timeoutMs, false)) return MqttSubscribeResult.Failed;
                return _subscriptionRefused ? MqttSubscribeResult.Refused : MqttSubscribeResult.Accepted;
            }
            catch (Exception)
            {
                return MqttSubscribeResult.Failed;
            }
        }

        public void Disconnect()
        {
            Interlocked.Exchange(ref _sessionEnded, 1);
            if (!IsConnected) return;
            try
            {
                _client.Disconnect();
            }
            catch (Exception)
            {
                // Gone either way; the broker publishes the will if DISCONNECT did not get out.
            }
        }

        private void CreateClient(MqttLinkOptions options)
        {
            if (_client != null)
            {
                _client.MqttMsgPublishReceived -= OnMessageReceived;
                _client.MqttMsgPublished -= OnPublished;
                _client.MqttMsgSubscribed -= OnSubscribed;
                _client.ConnectionClosed -= OnConnectionClosed;
                _client.Dispose();
            }
            X509Certificate ca = options.UseTls ? new X509Certificate(options.CaCertificatePem) : null;
            X509Certificate clientCertificate = options.UseTls && options.ClientCertificatePem != null
                ? new X509Certificate2(options.ClientCertificatePem, options.ClientKeyPem, "")
                : null;
            _client = new MqttClient(options.Host, options.Port, options.UseTls, ca, clientCertificate,
                options.UseTls ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
            _client.ProtocolVersion = MqttProtocolVersion.Version_3_1_1;
            // M2Mqtt's queue is unbounded by default; bound it so a dead link cannot eat the heap.
            _client.Settings.InflightQueueSize = options.InflightQueueSize + QueueRoomForControl;
            _client.Settings.ValidateServerCertificate = true;
            _client.MqttMsgPublishReceived += OnMessageReceived;
            _client.MqttMsgPublished += OnPublished;
            _client.MqttMsgSubscribed += OnSubscribed;
            _client.ConnectionClosed += OnConnectionClosed;
            _unacknowledged = new ushort[options.InflightQueueSize];
            _clientOptions = options;
        }

        private void OnMessageReceived(object sender, MqttMsgPublishEventArgs e)
        {
            IMqttLinkListener listener = _listener;
            if (listener == null) return;
            byte[] payload = e.Message == null ? new byte[0] : e.Message;
            listener.MessageReceived(e.Topic, payload, 0, payload.Length, e.QosLevel == MqttQoSLevel.AtMostOnce ? MqttQos.AtMostOnce : MqttQos.AtLeastOnce, e.Retain);
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            lock (_gate)
            {
                for (int i = 0; i < _unacknowledgedCount; i++)
                {
                    if (_unacknowledged[i] != e.MessageId) continue;
                    _unacknowledgedCount--;
                    _unacknowledged[i] = _unacknowledged[_unacknowledgedCount];
                    return;
                }
            }
        }

        private void OnSubscribed(object sender, MqttMsgSubscribedEventArgs e)
        {
            lock (_gate)
            {
                if (e.MessageId != _awaitedSubscription) return;
                MqttQoSLevel[] granted = e.GrantedQoSLevels;
                for (int i = 0; granted != null && i < granted.Length; i++)
                {
                    if (granted[i] == MqttQoSLevel.GrantedFailure) _subscriptionRefused = true;
                }
            }
            _subscribed.Set();
        }

        private void OnConnectionClosed(object sender, EventArgs e)
        {
            // M2Mqtt also raises this after our own Disconnect; only a loss is reported.
            if (Interlocked.Exchange(ref _sessionEnded, 1) == 1) return;
            IMqttLinkListener listener = _listener;
            if (listener != null) listener.ConnectionLost();
        }

        private static int Outcome(MqttReasonCode code)
        {
            // MqttReasonCode gives MQTT 3.1.1 and 5 codes one enum with shared values, so compare, not switch.
            if (code == MqttReasonCode.Success) return MqttConnectResult.Accepted;
            if (code == MqttReasonCode.ConnectionRefusedBadUserNameOrPassword || code == MqttReasonCode.BadUserNameOrPassword) return MqttConnectResult.BadCredentials;
            if (code == MqttReasonCode.ConnectionRefusedNotAuthorized || code == MqttReasonCode.NotAuthorized) return MqttConnectResult.NotAuthorized;
            if (code == MqttReasonCode.ConnectionRefusedIdentifierRejected) return MqttConnectResult.IdentifierRejected;
            return MqttConnectResult.Refused;
        }
    }
}
