using System.Threading;

namespace EdgeNano.Runtime
{
    /// <summary>
    /// What happened to one module's traffic. Every failure the bus reports to a sender is also
    /// counted here, so nothing is lost silently; other modules read these for telemetry.
    /// </summary>
    public sealed class ModuleCounters
    {
        internal int sent;
        internal int received;
        internal int ringFull;
        internal int lateReplies;
        internal int requestTimeouts;
        internal int errors;
        internal int restarts;
        internal int dropped;
        internal int stopTimeouts;

        /// <summary>Messages this module put on the bus that a destination accepted.</summary>
        public int Sent { get { return sent; } }
        /// <summary>Messages handed to this module's Handle.</summary>
        public int Received { get { return received; } }
        /// <summary>Sends to this module refused because its ring was full.</summary>
        public int RingFull { get { return ringFull; } }
        /// <summary>Replies to this module's requests that came after the request timed out (dropped).</summary>
        public int LateReplies { get { return lateReplies; } }
        /// <summary>This module's requests that got no reply in time.</summary>
        public int RequestTimeouts { get { return requestTimeouts; } }
        /// <summary>Exceptions thrown by this module's Handle, Start or Stop.</summary>
        public int Errors { get { return errors; } }
        /// <summary>Times the runtime restarted this module after repeated failures.</summary>
        public int Restarts { get { return restarts; } }
        /// <summary>Messages still queued for this module at shutdown, not processed.</summary>
        public int Dropped { get { return dropped; } }
        /// <summary>Times this module's Stop overran its time limit.</summary>
        public int StopTimeouts { get { return stopTimeouts; } }

        internal static void Add(ref int counter)
        {
            Interlocked.Increment(ref counter);
        }
    }
}
