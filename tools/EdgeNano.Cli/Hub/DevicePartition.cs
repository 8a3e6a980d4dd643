using System.Text;

namespace EdgeNano.Cli.Hub;

/// <summary>
/// Which partition a device belongs to: FNV-1a 32-bit over the UTF-8 bytes of its ID as the
/// topics spell it ("default/demo-0001", or "pump-02" for single-segment IDs), modulo the number
/// of partitions. Hub shards, sim shards and the hub's lanes all use it, so a device is always
/// owned by one shard and the other tools agree on which. Written out in
/// tools/EdgeNano.Cli/README.md so another implementation (a script, a proxy) can compute it;
/// changing it moves devices between shards, whose databases then refuse to start.
/// </summary>
public static class DevicePartition
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    /// <summary>FNV-1a 32-bit of the ID's UTF-8 bytes.</summary>
    public static uint Hash(string deviceId)
    {
        uint hash = OffsetBasis;
        foreach (byte b in Encoding.UTF8.GetBytes(deviceId))
        {
            hash ^= b;
            hash *= Prime;
        }
        return hash;
    }

    /// <summary>The device's partition, 0 to count - 1.</summary>
    public static int Of(string deviceId, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return (int)(Hash(deviceId) % (uint)count);
    }
}
