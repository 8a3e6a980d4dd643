using EdgeNano.Runtime.Storage;

namespace EdgeNano.Tests.Storage;

/// <summary>What the twin would be: some state whose bytes the writer asks for; counts the asks.</summary>
internal sealed class OwnerState : ISnapshotSource
{
    public byte[] Bytes { get; set; } = [];

    public int SnapshotsTaken { get; private set; }

    public int WriteSnapshot(byte[] buffer, int offset, int capacity)
    {
        SnapshotsTaken++;
        if (Bytes.Length > capacity) return -1;
        Bytes.CopyTo(buffer, offset);
        return Bytes.Length;
    }

    /// <summary>A recognisable payload: every byte derived from the snapshot number and position.</summary>
    public static byte[] Snapshot(int number, int size) =>
        Enumerable.Range(0, size).Select(i => (byte)(number * 31 + i * 7)).ToArray();
}
