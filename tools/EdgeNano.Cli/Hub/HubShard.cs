using EdgeNano.Cli.Common;
using EdgeNano.EventBus;

namespace EdgeNano.Cli.Hub;

/// <summary>
/// One slice of a fleet's devices (--shard i/n, 0-based): the devices whose
/// <see cref="DevicePartition"/> of n is i. <see cref="Whole"/> (0/1) is every device, the hub
/// and sim without --shard.
/// </summary>
public readonly record struct HubShard(int Index, int Count)
{
    public static readonly HubShard Whole = new(0, 1);

    public bool IsWhole => Count == 1;

    public bool Owns(string deviceId) => Count == 1 || DevicePartition.Of(deviceId, Count) == Index;

    /// <summary>The shard of n that owns a device.</summary>
    public static HubShard Of(string deviceId, int count) => new(DevicePartition.Of(deviceId, count), count);

    /// <summary>
    /// The lane (0 to lanes - 1) of one of this shard's devices inside its hub process: the
    /// device's partition of Count × lanes, divided by Count. The same hash as the shard, so a
    /// device's lane never changes while the shard count and the lane count do not; dividing
    /// (not taking the hash modulo lanes again) keeps a shard's devices spread over all its
    /// lanes even when lanes and shards are equal in number.
    /// </summary>
    public int LaneOf(string deviceId, int lanes) => DevicePartition.Of(deviceId, Count * lanes) / Count;

    /// <summary>
    /// The lane (0 to lanes - 1) of a topic's device, as <see cref="LaneOf"/>; 0 for node topics
    /// and topics without a device. The hub's lanes take messages by it and its reply sessions
    /// replies, so a device's messages and replies each stay in one place, in order.
    /// </summary>
    public int LaneOfTopic(string topic, int lanes)
    {
        if (lanes == 1) return 0;
        int operation = TwinHub.Classify(topic, out string id);
        if (operation == KubeEdgeOperation.None || KubeEdgeOperation.IsNodeOperation(operation)) return 0;
        return LaneOf(id, lanes);
    }

    /// <summary>"0of2": for client IDs and file names, where '/' does not go.</summary>
    public string Name => $"{Index}of{Count}";

    public override string ToString() => $"{Index}/{Count}";

    /// <summary>Parses "i/n" (0 &lt;= i &lt; n); a CliException naming the option otherwise.</summary>
    public static HubShard Parse(string text, string option = "--shard")
    {
        string[] parts = text.Split('/');
        if (parts.Length == 2 && Number(parts[0], out int index) && Number(parts[1], out int count)
            && count >= 1 && index >= 0 && index < count)
        {
            return new HubShard(index, count);
        }
        throw new CliException($"{option}: '{text}' is not a shard i/n with 0 <= i < n (e.g. 0/2 and 1/2 for two shards)");
    }

    private static bool Number(string text, out int value) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value);
}
