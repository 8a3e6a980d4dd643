namespace EdgeNano.Runtime.Network
{
    /// <summary>What became of a Publish (see IMqttLink.Publish for what Accepted promises per QoS).</summary>
    public static class MqttPublishResult
    {
        public const int Accepted = 0;
        /// <summary>The link has no session; nothing was sent.</summary>
        public const int NotConnected = 1;
        /// <summary>Sending failed or was not acknowledged in time; the session may be gone.</summary>
        public const int Failed = 2;
        /// <summary>Bad arguments: empty topic, QoS not 0 or 1, or offset/count outside the payload.</summary>
        public const int InvalidArguments = 3;
        /// <summary>The client's in-flight queue is full; try again after acknowledgements arrive.</summary>
        public const int InflightFull = 4;

        public static string Name(int result)
        {
            switch (result)
            {
                case Accepted: return "accepted";
                case NotConnected: return "not-connected";
                case Failed: return "failed";
                case InvalidArguments: return "invalid-arguments";
                case InflightFull: return "inflight-full";
                default: return "unknown";
            }
        }
    }
}
