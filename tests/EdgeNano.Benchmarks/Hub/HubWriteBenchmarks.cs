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
    private const int Reports = HubBenchFleet.Reports;
    private HubBenchFleet _fleet = null!;
    private TwinHub _hub = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fleet = new HubBenchFleet("hub");
        _hub = new TwinHub(_fleet.Database, new HostClock(), new HubLimits(), _ => { });
    }

    [GlobalCleanup]
    public void Cleanup() => _fleet.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Reports)]
    public int OneTransactionPerMessage() => Run(1);

    [Benchmark(OperationsPerInvoke = Reports)]
    public int Batched256() => Run(new HubBatchOptions().MaxMessages);

    /// <summary>The same reports handled and answered without any SQLite write: what the batch's transaction costs, by difference.</summary>
    [Benchmark(OperationsPerInvoke = Reports)]
    public int HandledNotWritten()
    {
        byte[][] payloads = _fleet.NextRound();
        int replies = 0;
        for (int i = 0; i < Reports; i++) replies += _hub.Handle(_fleet.TopicOf(i), payloads[i]).Count;
        return replies;
    }

    private int Run(int batchSize)
    {
        var batch = new WriteBatch(_hub, new HubBatchOptions { MaxMessages = batchSize });
        byte[][] payloads = _fleet.NextRound();
        int replies = 0;
        for (int i = 0; i < Reports; i++)
        {
            batch.Add(_fleet.TopicOf(i), payloads[i]);
            if (batch.IsDue(moreWaiting: i < Reports - 1)) replies += batch.Commit().Count;
        }
        return replies;
    }
}
