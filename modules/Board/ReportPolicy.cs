namespace EdgeNano.Board
{
    /// <summary>
    /// When a property's actual value goes to the twin: on change (but never sooner than
    /// MinIntervalMs after the previous report), and again every HeartbeatMs even when nothing
    /// changed, so the cloud can tell a quiet sensor from a dead one.
    /// </summary>
    public sealed class ReportPolicy
    {
        /// <summary>Report as soon as the value changes (subject to MinIntervalMs).</summary>
        public bool OnChange = true;
        /// <summary>Least time between two reports of the property; 0 for none. A change inside it is reported when it ends.</summary>
        public int MinIntervalMs;
        /// <summary>Report the value at least this often; 0 for never.</summary>
        public int HeartbeatMs;
    }
}
