namespace EdgeNano.Runtime.Network
{
    /// <summary>What became of a Subscribe.</summary>
    public static class MqttSubscribeResult
    {
        /// <summary>The broker granted every filter.</summary>
        public const int Accepted = 0;
        /// <summary>The link has no session.</summary>
        public const int NotConnected = 1;
        /// <summary>The request failed or was not acknowledged in time.</summary>
        public const int Failed = 2;
        /// <summary>The broker refused at least one filter (SUBACK 0x80, e.g. an ACL forbids it).</summary>
        public const int Refused = 3;
        /// <summary>Bad arguments: no filters, arrays of different lengths, or an unsupported QoS.</summary>
        public const int InvalidArguments = 4;

        public static string Name(int result)
        {
            switch (result)
            {
                case Accepted: return "accepted";
                case NotConnected: return "not-connected";
                case Failed: return "failed";
                case Refused: return "refused";
                case InvalidArguments: return "invalid-arguments";
                default: return "unknown";
            }
        }
    }
}
