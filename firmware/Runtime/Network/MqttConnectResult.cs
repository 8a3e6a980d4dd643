namespace EdgeNano.Runtime.Network
{
    /// <summary>
    /// What became of a Connect. Numbers rather than an enum so a log line can print a name on
    /// the device (<see cref="Name"/>), where Enum.ToString gives a number.
    /// </summary>
    public static class MqttConnectResult
    {
        /// <summary>The broker accepted the session.</summary>
        public const int Accepted = 0;
        /// <summary>The broker refused the user name or password.</summary>
        public const int BadCredentials = 1;
        /// <summary>The broker refused this client (not authorised). mosquitto 2 also answers a wrong password with this.</summary>
        public const int NotAuthorized = 2;
        /// <summary>The broker refused the client identifier.</summary>
        public const int IdentifierRejected = 3;
        /// <summary>The broker answered that it is unavailable, or refused for another reason.</summary>
        public const int Refused = 4;
        /// <summary>No TCP connection: nothing listening, host unknown, network down.</summary>
        public const int NetworkError = 5;
        /// <summary>TLS failed: the broker's certificate did not chain to the configured CA, or the handshake failed.</summary>
        public const int TlsFailed = 6;
        /// <summary>No answer within OperationTimeoutMs.</summary>
        public const int TimedOut = 7;
        /// <summary>The options cannot be used (missing host or client id, TLS without a CA, bad will QoS).</summary>
        public const int InvalidOptions = 8;
        /// <summary>Connect was called on a link that is already connected.</summary>
        public const int AlreadyConnected = 9;

        public static string Name(int result)
        {
            switch (result)
            {
                case Accepted: return "accepted";
                case BadCredentials: return "bad-credentials";
                case NotAuthorized: return "not-authorized";
                case IdentifierRejected: return "identifier-rejected";
                case Refused: return "refused";
                case NetworkError: return "network-error";
                case TlsFailed: return "tls-failed";
                case TimedOut: return "timed-out";
                case InvalidOptions: return "invalid-options";
                case AlreadyConnected: return "already-connected";
                default: return "unknown";
            }
        }
    }
}
