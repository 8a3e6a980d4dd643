using System.Text;
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
    private const int Devices = 1000;
    private const int Reports = 8192;
    private readonly string[] _topics = new string[Devices];
    private readonly byte[][][] _payloads = [new byte[Reports][], new byte[Reports][]];
    private string _folder = null!;
    private TwinDatabase _database = null!;
    private HubLanes _one = null!, _two = null!;
    private int _round;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "edgenano-bench-lanes-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        string file = Path.Combine(_folder, "hub.db");
        for (int d = 0; d < Devices; d++) _topics[d] = $"$hw/events/device/default/bench-{d:D4}/twin/update";
        for (int set = 0; set < 2; set++)
        {
            for (int i = 0; i < Reports; i++) _payloads[set][i] = Report(set * Reports + i);
        }
        // Every device known and saved before measuring: the steady state, not the first sync.
        _database = new TwinDatabase(file);
        var first = new HubLanes(_database, new HostClock(), new HubLimits(), _ => { }, HubShard.Whole, 1);
        var batch = new WriteBatch(first.Lanes[0], new HubBatchOptions());
        for (int d = 0; d < Devices; d++) batch.Add(_topics[d], Report(-1 - d));
        batch.Commit();
        // Both lane sets load the saved twins; each run changes them the same way (values alternate).
        _one = new HubLanes(_database, new HostClock(), new HubLimits(), _ => { }, HubShard.Whole, 1);
        _two = new HubLanes(_database, new HostClock(), new HubLimits(), _ => { }, HubShard.Whole, 2);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _database.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Reports)]
    public int OneLane() => Run(_one);

    [Benchmark(OperationsPerInvoke = Reports)]
    public int TwoLanes() => Run(_two);

    /// <summary>Deals the round's reports to the lanes in arrival order, then runs every lane on its own thread.</summary>
    private int Run(HubLanes lanes)
    {
        byte[][] payloads = _payloads[_round++ % 2];
        var dealt = new List<int>[lanes.Lanes.Length];
        for (int l = 0; l < dealt.Length; l++) dealt[l] = new List<int>(Reports);
        for (int i = 0; i < Reports; i++) dealt[lanes.LaneOf(_topics[i % Devices])].Add(i);
        var replies = new int[dealt.Length];
        Parallel.For(0, dealt.Length, new ParallelOptions { MaxDegreeOfParallelism = dealt.Length }, lane =>
        {
            var batch = new WriteBatch(lanes.Lanes[lane], new HubBatchOptions());
            List<int> mine = dealt[lane];
            for (int k = 0; k < mine.Count; k++)
            {
                int i = mine[k];
                batch.Add(_topics[i % Devices], payloads[i]);
                if (batch.IsDue(moreWaiting: k < mine.Count - 1)) replies[lane] += batch.Commit().Count;
            }
        });
        return replies.Sum();
    }

    private static byte[] Report(int value) => Encoding.UTF8.GetBytes(
        """{"event_id":"","timestamp":1765100000000,"twin":{"pulses":{"actual":{"value":"V","metadata":{"timestamp":1765100000000}},"metadata":{"type":"int"}}}}""".Replace("V", value.ToString()));
}
