using System.Text;
using EdgeNano.Boards.Host;
using EdgeNano.Cli.Hub;

namespace EdgeNano.Benchmarks.Hub;

/// <summary>
/// What the hub benchmarks feed a hub: 1,000 devices' twin/update topics, two sets of 8,192
/// reports (one int property each, a simulator board's <c>pulses</c>; the sets alternate so every
/// report changes its device's twin), and a SQLite file on disk in a folder of its own that
/// already holds every device (the steady state, not the first sync).
/// </summary>
internal sealed class HubBenchFleet : IDisposable
{
    public const int Devices = 1000;
    public const int Reports = 8192;

    private readonly string _folder;
    private readonly byte[][][] _payloads = [new byte[Reports][], new byte[Reports][]];
    private int _round;

    public HubBenchFleet(string name)
    {
        _folder = Path.Combine(Path.GetTempPath(), "edgenano-bench-" + name + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        for (int d = 0; d < Devices; d++) Topics[d] = $"$hw/events/device/default/bench-{d:D4}/twin/update";
        for (int set = 0; set < 2; set++)
        {
            for (int i = 0; i < Reports; i++) _payloads[set][i] = Report(set * Reports + i);
        }
        Database = new TwinDatabase(Path.Combine(_folder, "hub.db"));
        var hub = new TwinHub(Database, new HostClock(), new HubLimits(), _ => { });
        var batch = new WriteBatch(hub, new HubBatchOptions());
        for (int d = 0; d < Devices; d++) batch.Add(Topics[d], Report(-1 - d));
        batch.Commit();
    }

    public string[] Topics { get; } = new string[Devices];

    public TwinDatabase Database { get; }

    /// <summary>The topic of report i (devices in turn).</summary>
    public string TopicOf(int i) => Topics[i % Devices];

    /// <summary>The next round's reports: the other set of values than the last round's.</summary>
    public byte[][] NextRound() => _payloads[_round++ % 2];

    public void Dispose()
    {
        Database.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static byte[] Report(int value) => Encoding.UTF8.GetBytes(
        """{"event_id":"","timestamp":1765100000000,"twin":{"pulses":{"actual":{"value":"V","metadata":{"timestamp":1765100000000}},"metadata":{"type":"int"}}}}""".Replace("V", value.ToString()));
}
