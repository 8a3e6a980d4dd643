using EdgeNano.Cli.Common;
using EdgeNano.Runtime;

namespace EdgeNano.Cli.Hub;

/// <summary>
/// The hub's work split by device inside one process (--partitions N): N <see cref="TwinHub"/>s,
/// each answering the devices of one lane (<see cref="HubShard.LaneOf"/>), so N threads decode,
/// apply and encode side by side while each device's messages stay in one lane, in order. The
/// lanes share one SQLite file and connection; their commits take turns (<see cref="TwinDatabase.Gate"/>).
/// Lane 0 answers membership/get, with every lane's devices. One lane is the hub without lanes.
/// </summary>
internal sealed class HubLanes
{
    private readonly HubShard _shard;

    public HubLanes(TwinDatabase database, IClock clock, HubLimits limits, Action<string> log, HubShard shard, int count)
    {
        if (count < 1) throw new CliException("--partitions must be at least 1");
        _shard = shard;
        Lanes = new TwinHub[count];
        for (int lane = 0; lane < count; lane++)
        {
            int mine = lane;
            Lanes[lane] = new TwinHub(database, clock, limits, log, shard, count == 1 ? null : id => shard.LaneOf(id, count) == mine);
        }
        if (count > 1) Lanes[0].MembershipSource = AllMembers;
    }

    public TwinHub[] Lanes { get; }

    public HubShard Shard => _shard;

    /// <summary>The lane answering a topic: its device's, or lane 0 for membership and topics without a device.</summary>
    public int LaneOf(string topic) => _shard.LaneOfTopic(topic, Lanes.Length);

    /// <summary>Every lane's devices, in order.</summary>
    public IReadOnlyCollection<string> DeviceIds => [.. Lanes.SelectMany(l => l.DeviceIds).Order(StringComparer.Ordinal)];

    /// <summary>The lanes' counters added up.</summary>
    public HubCounts Counts
    {
        get
        {
            var sum = new HubCounts();
            foreach (TwinHub lane in Lanes) sum += lane.Counts;
            return sum;
        }
    }

    private IEnumerable<(string Id, string? State)> AllMembers() =>
        Lanes.SelectMany(l => l.Members()).OrderBy(m => m.Id, StringComparer.Ordinal);
}
