using System.Text;
using BenchmarkDotNet.Attributes;
using EdgeNano.Boards.Host;
using EdgeNano.Cli.Hub;

namespace EdgeNano.Benchmarks.Hub;

/// <summary>
/// Issue 15: the twin hub taking a fleet's reports — decode, apply with edgecore's rules, encode
/// result and document, write the twin to SQLite on disk (WAL), release the replies after the
/// commit — as <c>HubService</c> does under load (a message always waiting), without the network.
/// Batched (256 messages per transaction, the default) against one transaction per message
/// (batch size 1: the hub before batching), in the same run, and the same reports handled with no
/// write at all (the part SQLite does not cost). One operation = one report; reports per second =
/// 10⁹ / Mean in ns. Results: docs/benchmarks-fleet.md.
/// </summary>
[MemoryDiagnoser]
public class HubWriteBenchmarks
{
    private const int Devices = 1000;
    private const int Reports = 8192;
    private readonly string[] _topics = new string[Devices];
    private readonly byte[][][] _payloads = [new byte[Reports][], new byte[Reports][]];
    private string _folder = null!;
    private TwinDatabase _database = null!;
    private TwinHub _hub = null!;
    private int _round;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "edgenano-bench-hub-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _database = new TwinDatabase(Path.Combine(_folder, "hub.db"));
        _hub = new TwinHub(_database, new HostClock(), new HubLimits(), _ => { });
        for (int d = 0; d < Devices; d++) _topics[d] = $"$hw/events/device/default/bench-{d:D4}/twin/update";
        // Two sets of values, used in turn, so every report changes its device's twin.
        for (int set = 0; set < 2; set++)
        {
            for (int i = 0; i < Reports; i++) _payloads[set][i] = Report(set * Reports + i);
        }
        // Every device known and saved before measuring: the steady state, not the first sync.
        var batch = new WriteBatch(_hub, new HubBatchOptions());
        for (int d = 0; d < Devices; d++) batch.Add(_topics[d], Report(-1 - d));
        batch.Commit();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _database.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Reports)]
    public int OneTransactionPerMessage() => Run(1);

    [Benchmark(OperationsPerInvoke = Reports)]
    public int Batched256() => Run(new HubBatchOptions().MaxMessages);

    /// <summary>The same reports handled and answered without any SQLite write: what the batch's transaction costs, by difference.</summary>
    [Benchmark(OperationsPerInvoke = Reports)]
    public int HandledNotWritten()
    {
        byte[][] payloads = _payloads[_round++ % 2];
        int replies = 0;
        for (int i = 0; i < Reports; i++) replies += _hub.Handle(_topics[i % Devices], payloads[i]).Count;
        return replies;
    }

    private int Run(int batchSize)
    {
        var batch = new WriteBatch(_hub, new HubBatchOptions { MaxMessages = batchSize });
        byte[][] payloads = _payloads[_round++ % 2];
        int replies = 0;
        for (int i = 0; i < Reports; i++)
        {
            batch.Add(_topics[i % Devices], payloads[i]);
            if (batch.IsDue(moreWaiting: i < Reports - 1)) replies += batch.Commit().Count;
        }
        return replies;
    }

    private static byte[] Report(int value) => Encoding.UTF8.GetBytes(
        """{"event_id":"","timestamp":1765100000000,"twin":{"pulses":{"actual":{"value":"V","metadata":{"timestamp":1765100000000}},"metadata":{"type":"int"}}}}""".Replace("V", value.ToString()));
}
