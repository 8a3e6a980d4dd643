using BenchmarkDotNet.Attributes;
using EdgeNano.DeviceTwin;
using EdgeNano.Runtime;

namespace EdgeNano.Benchmarks.DeviceTwin;

/// <summary>
/// The twin store's hot paths on a full device (32 properties): a sensor report that changes a
/// value, one that does not, a cloud sync, and a snapshot of the whole board.
/// Run: dotnet run -c Release --project tests/EdgeNano.Benchmarks -- --filter '*TwinStore*'
/// </summary>
[MemoryDiagnoser]
public class TwinStoreBenchmarks
{
    private sealed class FixedClock : IClock
    {
        public long NowMs => 1_700_000_000_000;
    }

    private TwinStore _store = null!;
    private TwinUpdate _update = null!;
    private int _device;
    private long _cloudVersion;
    private int _tick;
    private byte[] _snapshot = null!;
    private int _snapshotLength;
    private readonly TwinText[] _readings = ["20.5", "20.6", "20.7"];

    [GlobalSetup]
    public void Setup()
    {
        _store = new TwinStore(new TwinConfig(), new FixedClock());
        _device = _store.RegisterDevice("default/bench");
        for (int i = 0; i < 32; i++)
        {
            _store.SetActual(_device, $"sensor-{i:D2}", "0.0");
            _store.SetExpected(_device, $"sensor-{i:D2}", "1.0");
        }
        _update = new TwinUpdate(32);
        _snapshot = new byte[_store.SnapshotSize() + 1024];
        _snapshotLength = _store.WriteSnapshot(_snapshot);
    }

    [Benchmark(Description = "edge report, value changed")]
    public int EdgeReportChanged() => _store.SetActual(_device, "sensor-31", _readings[_tick++ % 3]);

    [Benchmark(Description = "edge report, value unchanged")]
    public int EdgeReportUnchanged() => _store.SetActual(_device, "sensor-31", "0.0");

    [Benchmark(Description = "cloud sync of expected, accepted")]
    public int CloudSync()
    {
        _update.Clear();
        int c = _update.Add("sensor-16");
        _update.SetExpected(c, _readings[_tick++ % 3]);
        _update.SetExpectedVersion(c, ++_cloudVersion, 0);
        return _store.ApplyCloudSync(_device, _update).Status;
    }

    [Benchmark(Description = "snapshot write, 32 properties")]
    public int SnapshotWrite() => _store.WriteSnapshot(_snapshot);

    [Benchmark(Description = "snapshot load, 32 properties")]
    public int SnapshotLoad() => _store.LoadSnapshot(_snapshot, _snapshotLength);
}
