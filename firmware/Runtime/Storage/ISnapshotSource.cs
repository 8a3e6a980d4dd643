namespace EdgeNano.Runtime.Storage
{
    /// <summary>
    /// Implemented by whoever owns persistent state (the twin, the updater): turns the current
    /// state into bytes when the SnapshotWriter decides to write. It is called on the thread that
    /// calls Poll or Flush, so an owner that polls from its own handler needs no locking.
    /// </summary>
    public interface ISnapshotSource
    {
        /// <summary>
        /// Writes the current state into buffer[offset..offset+capacity) and returns the number of
        /// bytes written, or -1 when it does not fit (counted as a failed write, reported TooLarge).
        /// </summary>
        int WriteSnapshot(byte[] buffer, int offset, int capacity);
    }
}
