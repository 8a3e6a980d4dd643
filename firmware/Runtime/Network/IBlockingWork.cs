namespace EdgeNano.Runtime.Network
{
    /// <summary>
    /// Where a module sends work that blocks, so the dispatcher (one thread for every module on a
    /// device, shared by thousands of simulated devices on the host) never waits on the network.
    /// The board provides it: one worker thread on a device (<see cref="BlockingWorkThread"/>), a
    /// small bounded pool on the host.
    /// </summary>
    public interface IBlockingWork
    {
        /// <summary>Queues job to run once on a worker thread. False (not queued) when the queue is full.</summary>
        bool Submit(IBlockingJob job);
    }
}
