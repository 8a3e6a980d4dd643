using System.Threading;
using EdgeNano.Runtime.Network;

namespace EdgeNano.Boards.NanoFramework
{
    /// <summary>
    /// An <see cref="IMqttLink"/> that knows whether the board's network is up (an Ethernet cable
    /// with an address from DHCP, or a joined Wi-Fi), so edgehub sees the network as it sees the
    /// broker: a Connect while the network is down fails at once as a network error (no socket,
    /// no DNS wait), and the network going down during a session ends it and reports the loss
    /// once, instead of edgehub learning of it a keepalive and a half later. edgehub then backs
    /// off and reconnects as after any drop, and resyncs once the network and the broker are back.
    /// Only nanoFramework's types are left out of this file, so the host runs it as it is
    /// (tests/EdgeNano.Tests/Network/NetworkAwareLinkTests.cs).
    /// </summary>
    public sealed class NetworkAwareLink : IMqttLink, IMqttLinkListener
    {
        private readonly IMqttLink _inner;
        private IMqttLinkListener _listener;
        private int _networkUp;
        // 1 once the session's end was reported to edgehub or asked for by it: at most one
        // ConnectionLost per session, whoever notices first (the network or the inner link).
        private int _sessionEnded = 1;
        private int _networkDrops;

        /// <param name="inner">The real session (M2MqttLink on the board).</param>
        /// <param name="networkUp">Whether the network is up when the link is made.</param>
        public NetworkAwareLink(IMqttLink inner, bool networkUp)
        {
            _inner = inner;
            _networkUp = networkUp ? 1 : 0;
            inner.SetListener(this);
        }

        /// <summary>Whether the network is up, as last reported to <see cref="NetworkChanged"/>.</summary>
        public bool NetworkUp
        {
            get { return _networkUp == 1; }
        }

        /// <summary>Sessions ended because the network went down.</summary>
        public int NetworkDrops
        {
            get { return _networkDrops; }
        }

        public bool IsConnected
        {
            get { return _networkUp == 1 && _inner.IsConnected; }
        }

        public void SetListener(IMqttLinkListener listener)
        {
            _listener = listener;
        }

        /// <summary>
        /// The network came up or went down (nanoFramework's NetworkAvailabilityChanged, on its
        /// event thread). Down during a session: the session is closed and its loss reported.
        /// </summary>
        public void NetworkChanged(bool up)
        {
            Interlocked.Exchange(ref _networkUp, up ? 1 : 0);
            if (up) return;
            if (Interlocked.Exchange(ref _sessionEnded, 1) == 1) return;
            _networkDrops++;
            // Frees the inner client so the next Connect starts a new session; the DISCONNECT
            // cannot reach the broker now, which keeps the will for the broker to publish.
            _inner.Disconnect();
            IMqttLinkListener listener = _listener;
            if (listener != null) listener.ConnectionLost();
        }

        public int Connect(MqttLinkOptions options)
        {
            if (_networkUp == 0) return MqttConnectResult.NetworkError;
            int result = _inner.Connect(options);
            if (result != MqttConnectResult.Accepted) return result;
            if (_networkUp == 0)
            {
                // The network went while the session opened: the session is of no use.
                _inner.Disconnect();
                return MqttConnectResult.NetworkError;
            }
            Interlocked.Exchange(ref _sessionEnded, 0);
            return result;
        }

        public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            return _inner.Publish(topic, payload, offset, count, qos, retain);
        }

        public int Subscribe(string[] filters, int[] qos)
        {
            return _inner.Subscribe(filters, qos);
        }

        public void Disconnect()
        {
            Interlocked.Exchange(ref _sessionEnded, 1);
            _inner.Disconnect();
        }

        void IMqttLinkListener.MessageReceived(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            IMqttLinkListener listener = _listener;
            if (listener != null) listener.MessageReceived(topic, payload, offset, count, qos, retain);
        }

        void IMqttLinkListener.ConnectionLost()
        {
            if (Interlocked.Exchange(ref _sessionEnded, 1) == 1) return;
            IMqttLinkListener listener = _listener;
            if (listener != null) listener.ConnectionLost();
        }
    }
}
