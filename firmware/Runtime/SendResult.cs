namespace EdgeNano.Runtime
{
    /// <summary>What became of a send. Anything but Accepted is also counted where the runtime can.</summary>
    public enum SendResult
    {
        Accepted = 0,
        /// <summary>The destination's ring is full; counted on the destination's RingFull.</summary>
        RingFull = 1,
        /// <summary>No running module of that name (or no member of that group).</summary>
        UnknownDestination = 2,
        /// <summary>The runtime is not running (not started yet, or stopped).</summary>
        NotRunning = 3,
        /// <summary>Too many requests are waiting for replies.</summary>
        PendingTableFull = 4,
        /// <summary>A reply whose request had already timed out or been answered; dropped and counted.</summary>
        LateReply = 5,
        /// <summary>A null message: the pool was empty when the caller rented it.</summary>
        NoMessage = 6,
    }
}
