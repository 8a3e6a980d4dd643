namespace EdgeNano.Runtime.Network
{
    /// <summary>
    /// Everything one MQTT connect needs. A plain class of fields so a board fills it from its
    /// configuration once at start-up and passes the same instance to every reconnect.
    /// Certificates are PEM text, which both nanoFramework's and .NET's X509 types read.
    /// </summary>
    public sealed class MqttLinkOptions
    {
        /// <summary>Broker host name or address.</summary>
        public string Host;
        /// <summary>Broker port: 1883 plain, 8883 TLS by convention.</summary>
        public int Port = 1883;
        /// <summary>MQTT client identifier; unique per broker (a second session with it ends the first).</summary>
        public string ClientId;
        /// <summary>User name, or null to connect without credentials.</summary>
        public string Username;
        /// <summary>Password (sent only with a Username).</summary>
        public string Password;

        /// <summary>Connect over TLS.</summary>
        public bool UseTls;
        /// <summary>PEM of the only CA the broker's certificate may chain to. Required with UseTls.</summary>
        public string CaCertificatePem;
        /// <summary>PEM of this client's certificate for brokers that require one, or null.</summary>
        public string ClientCertificatePem;
        /// <summary>PEM of the client certificate's private key (unencrypted PKCS#8 or PKCS#1).</summary>
        public string ClientKeyPem;
        /// <summary>Name the broker's certificate must carry; null uses Host.</summary>
        public string TlsServerName;

        /// <summary>Seconds between keepalive pings; the broker drops the session after 1.5 times this without traffic. 0 disables.</summary>
        public int KeepAliveSeconds = 60;
        /// <summary>Start a fresh session (KubeEdge's eventbus uses clean sessions; a device resyncs with twin/get instead).</summary>
        public bool CleanSession = true;

        /// <summary>Topic the broker publishes the will to when the session dies without DISCONNECT, or null for no will.</summary>
        public string WillTopic;
        /// <summary>The will message (e.g. a state/update saying "offline").</summary>
        public byte[] WillPayload;
        /// <summary>QoS of the will (<see cref="MqttQos"/>).</summary>
        public int WillQos = MqttQos.AtLeastOnce;
        /// <summary>Whether the broker keeps the will as the topic's retained message.</summary>
        public bool WillRetain;

        /// <summary>Longest a connect, publish or subscribe may block its caller.</summary>
        public int OperationTimeoutMs = 10000;
        /// <summary>QoS 1 messages the client may hold unacknowledged (bounds the device's memory; M2Mqtt's default is unbounded).</summary>
        public int InflightQueueSize = 8;
    }
}
