using BenchmarkDotNet.Attributes;
using EdgeNano.Boards.Host.Storage;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Storage;

namespace EdgeNano.Benchmarks.Storage;

/// <summary>
/// The costs persistence adds: framing a 2 KB twin snapshot (CRC-32 included), marking state
/// dirty on every change (must not allocate), and one power-safe replace on the host's disk.
/// </summary>
[MemoryDiagnoser]
public class StorageBenchmarks
{
    private const int PayloadSize = 2048;
    private readonly byte[] _record = new byte[SnapshotRecord.HeaderSize + PayloadSize];
    private SnapshotWriter _writer = null!;
    private FileStore _fileStore = null!;
    private string _folder = null!;
    private int _recordLength;

    private sealed class FixedState : ISnapshotSource
    {
        public int WriteSnapshot(byte[] buffer, int offset, int capacity) => Math.Min(PayloadSize, capacity);
    }

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_record);
        _folder = Path.Combine(Path.GetTempPath(), "edgenano-bench-" + Guid.NewGuid().ToString("N"));
        _fileStore = new FileStore(_folder);
        // An interval no benchmark reaches: MarkDirty only ever coalesces.
        _writer = new SnapshotWriter(_fileStore, "twin", new FixedState(), new SystemClock(), PayloadSize, int.MaxValue);
        _writer.MarkDirty();
        _recordLength = SnapshotRecord.Seal(_record, PayloadSize);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark]
    public uint Crc32_of_2KB() => Crc32.Compute(_record, SnapshotRecord.PayloadOffset, PayloadSize);

    [Benchmark]
    public int Seal_2KB_snapshot() => SnapshotRecord.Seal(_record, PayloadSize);

    [Benchmark]
    public StoreResult Open_2KB_snapshot() => SnapshotRecord.Open(_record, _recordLength, out _);

    [Benchmark]
    public void MarkDirty_on_a_change() => _writer.MarkDirty();

    [Benchmark]
    public StoreResult FileStore_replace_2KB_with_fsync() => _fileStore.Replace("twin", _record, _recordLength);
}
