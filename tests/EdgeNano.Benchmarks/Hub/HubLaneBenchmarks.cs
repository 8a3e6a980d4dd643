using BenchmarkDotNet.Attributes;
using EdgeNano.Boards.Host;
using EdgeNano.Cli.Hub;

namespace EdgeNano.Benchmarks.Hub;

/// <summary>
/// Issue 15 item 2: the hub's work split by device over lanes (<c>hub --partitions N</c>). The
/// same 8,192 reports of 1,000 known devices as <see cref="HubWriteBenchmarks"/> (decode, apply,
/// encode result and document, batched SQLite write on disk, replies after the commit), dealt to
/// the lanes by <see cref="HubLanes.LaneOf"/> and handled by one thread per lane, each in write
/// batches of 256 as <c>HubService</c> does; the lanes share the file and take turns to commit.
/// One lane (the hub without --partitions) is the baseline, in the same run. One operation =
/// one report; reports per second = 10⁹ / Mean in ns. Results: docs/benchmarks-fleet.md.
/// </summary>
[MemoryDiagnoser]
public class HubLaneBenchmarks
{
    private const int Reports = HubBenchFleet.Reports;
    private HubBenchFleet _fleet = null!;
    private HubLanes _one = null!, _two = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fleet = new HubBenchFleet("lanes");
        // Both lane sets load the saved twins; each run changes them the same way (values alternate).
        _one = new HubLanes(_fleet.Database, new HostClock(), new HubLimits(), _ => { }, HubShard.Whole, 1);
        _two = new HubLanes(_fleet.Database, new HostClock(), new HubLimits(), _ => { }, HubShard.Whole, 2);
    }

    [GlobalCleanup]
    public void Cleanup() => _fleet.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Reports)]
    public int OneLane() => Run(_one);

    [Benchmark(OperationsPerInvoke = Reports)]
    public int TwoLanes() => Run(_two);

    /// <summary>Deals the round's reports to the lanes in arrival order, then runs every lane on its own thread.</summary>
    private int Run(HubLanes lanes)
    {
        byte[][] payloads = _fleet.NextRound();
        var dealt = new List<int>[lanes.Lanes.Length];
        for (int l = 0; l < dealt.Length; l++) dealt[l] = new List<int>(Reports);
        for (int i = 0; i < Reports; i++) dealt[lanes.LaneOf(_fleet.TopicOf(i))].Add(i);
        var replies = new int[dealt.Length];
        Parallel.For(0, dealt.Length, new ParallelOptions { MaxDegreeOfParallelism = dealt.Length }, lane =>
        {
            var batch = new WriteBatch(lanes.Lanes[lane], new HubBatchOptions());
            List<int> mine = dealt[lane];
            for (int k = 0; k < mine.Count; k++)
            {
                int i = mine[k];
                batch.Add(_fleet.TopicOf(i), payloads[i]);
                if (batch.IsDue(moreWaiting: k < mine.Count - 1)) replies[lane] += batch.Commit().Count;
            }
        });
        return replies.Sum();
    }
}
