namespace EdgeNano.EdgeHub
{
    /// <summary>
    /// Where the cloud session stands. Numbers, with <see cref="Name"/> for logs (Enum.ToString
    /// gives a number on the device).
    /// </summary>
    public static class EdgeHubState
    {
        /// <summary>No session; a reconnect is scheduled.</summary>
        public const int Disconnected = 0;
        /// <summary>Connect and subscribe are running on the blocking-work thread.</summary>
        public const int Connecting = 1;
        /// <summary>The broker accepted the session and the subscriptions.</summary>
        public const int Connected = 2;
        /// <summary>twin/get sent for every device; waiting for the results to merge.</summary>
        public const int Resyncing = 3;
        /// <summary>Every device's twin merged; the outbox flushed and live reports flowing.</summary>
        public const int Synced = 4;

        /// <summary>The state's name for logs.</summary>
        public static string Name(int state)
        {
            switch (state)
            {
                case Disconnected: return "disconnected";
                case Connecting: return "connecting";
                case Connected: return "connected";
                case Resyncing: return "resyncing";
                case Synced: return "synced";
                default: return "unknown";
            }
        }
    }
}
