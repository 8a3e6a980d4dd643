using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.EdgeHub;
using EdgeNano.EventBus;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Network;
using EdgeNano.Runtime.Storage;
using EdgeNano.Updates;

namespace EdgeNano.Benchmarks.Updates;

/// <summary>
/// One block through the updates module on its dispatcher: frame check, slot write (flash in RAM,
/// so the module's own cost is measured, not the disk's), bitmap mark and its save every 8 blocks,
/// the progress report to devicetwin, and the next request to edgehub. Each invocation downloads
/// a fresh 4,000-block package (1 KB blocks).
/// </summary>
[MemoryDiagnoser]
public class UpdateBlockBenchmarks
{
    private const int BlockSize = 1024;
    private const int Blocks = 4000;

    private ECDsa _key = null!;
    private byte[] _announce = null!;
    private byte[] _manifestFrame = null!;
    private byte[][] _frames = null!;
    private ModuleHost _host = null!;
    private OtaInbox _inbox = null!;

    [GlobalSetup]
    public void Setup()
    {
        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] app = new byte[Blocks * BlockSize];
        new Random(1).NextBytes(app);
        byte[] manifest = Encoding.UTF8.GetBytes(
            $$"""{"format":1,"version":"1.1.0","board":"simulator","sequence":1,"minRuntime":"1.0.0","files":[{"name":"app.pe","size":{{app.Length}},"sha256":"{{Convert.ToHexStringLower(SHA256.HashData(app))}}","kind":"app"}]}""");
        byte[] id = SHA256.HashData(manifest);
        byte[] signature = _key.SignData(manifest, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        _announce = Encoding.UTF8.GetBytes($$"""{"package":"{{Convert.ToHexStringLower(id)}}","version":"1.1.0","size":1}""");
        _manifestFrame = Frame(1, id, 0, [.. signature, .. manifest]);
        _frames = new byte[Blocks][];
        for (int b = 0; b < Blocks; b++) _frames[b] = Frame(2, id, b, app.AsSpan(b * BlockSize, BlockSize));
    }

    [IterationSetup]
    public void NewDownload()
    {
        var store = new RamStore();
        _host = new ModuleHost(new RuntimeConfig { RingCapacity = 16, MessagePoolSize = 16, MessageContentCapacity = 1536 }, new Clock(), new Silent());
        var topics = new KubeEdgeTopics(null, ["default"], ["bench"], false);
        var hub = new EdgeHubModule(new MqttNetLink(), new BlockingWorkPool(1), new MqttLinkOptions(), topics, new EdgeHubOptions());
        _inbox = new OtaInbox(topics.DeviceId(0), UpdatesModule.ModuleName);
        var boot = new BootControl(store, FirmwareInfo.FactoryVersion);
        boot.Boot();
        var q = _key.ExportParameters(false).Q;
        var options = new OtaOptions { Keys = [[0x04, .. q.X!, .. q.Y!]], BlockSize = BlockSize, RequestTimeoutMs = 600_000 };
        _host.Register(new Sink("devicetwin"));
        _host.Register(new Sink(EdgeHubOperations.Module));
        var updates = new UpdatesModule(options, _inbox, hub, store, new RamSlots(Blocks * BlockSize), boot, new NoRestart(), new BlockingWorkPool(1), "default/bench", "simulator");
        _host.Register(updates);
        _host.Start();
        Deliver(OtaInbox.Announce, _announce);
        Deliver(OtaInbox.ManifestResult, _manifestFrame);
        // The signature is checked on the blocking-work thread; its answer comes back through a timer.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (updates.Download.Total == 0)
        {
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException("the manifest was not accepted");
            if (!_host.RunOnce(64)) Thread.Sleep(1);
        }
    }

    [Benchmark(OperationsPerInvoke = Blocks - 1)]
    public void Block()
    {
        for (int b = 0; b < Blocks - 1; b++) Deliver(OtaInbox.BlockResult, _frames[b]);
    }

    private void Deliver(int kind, byte[] payload)
    {
        // As edgehub's link listener does: into a pooled message to the updates module.
        _inbox.Deliver(_host.Bus, EdgeHubOperations.Module, _inbox.TopicOf(kind), payload, 0, payload.Length);
        if (_inbox.Dropped + _inbox.TooLargeCount != 0) throw new InvalidOperationException("the bus could not carry an OTA message");
        while (_host.RunOnce(64)) { }
    }

    private static byte[] Frame(byte kind, byte[] id, int block, ReadOnlySpan<byte> body)
    {
        var frame = new byte[20 + body.Length];
        "ENO1"u8.CopyTo(frame);
        frame[4] = kind;
        id.AsSpan(0, 8).CopyTo(frame.AsSpan(6));
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(16), block);
        body.CopyTo(frame.AsSpan(20));
        return frame;
    }

    private sealed class Sink(string name) : EdgeNano.Runtime.Module(name, "sink")
    {
        public override void Handle(Message message) { }
    }

    private sealed class NoRestart : IBoardRestart
    {
        public void Restart(string reason) { }
    }

    private sealed class Clock : IClock
    {
        public long NowMs => 1_700_000_000_000;
    }

    private sealed class Silent : ILog
    {
        public void Write(int level, string source, string text) { }
    }

    private sealed class RamStore : IStore
    {
        private readonly Dictionary<string, byte[]> _values = new(StringComparer.Ordinal);

        public StoreResult Read(string key, byte[] buffer, out int length)
        {
            length = 0;
            if (!_values.TryGetValue(key, out byte[]? value)) return StoreResult.Missing;
            length = value.Length;
            if (length > buffer.Length) return StoreResult.TooLarge;
            value.CopyTo(buffer, 0);
            return StoreResult.Ok;
        }

        public StoreResult Replace(string key, byte[] buffer, int count)
        {
            if (!_values.TryGetValue(key, out byte[]? value) || value.Length != count) _values[key] = value = new byte[count];
            Array.Copy(buffer, value, count);
            return StoreResult.Ok;
        }

        public StoreResult Delete(string key) => _values.Remove(key) ? StoreResult.Ok : StoreResult.Missing;

        public StoreResult Size(string key, out int length)
        {
            length = _values.TryGetValue(key, out byte[]? value) ? value.Length : 0;
            return value == null ? StoreResult.Missing : StoreResult.Ok;
        }
    }

    private sealed class RamSlots(int capacity) : ISlotFiles
    {
        private readonly byte[][] _files = [new byte[capacity], new byte[capacity]];
        private readonly int[] _lengths = [-1, -1];

        public int SlotCapacity => capacity;
        public int Length(int slot, string name) => _lengths[slot];

        public bool WriteAt(int slot, string name, int offset, byte[] buffer, int start, int count)
        {
            Array.Copy(buffer, start, _files[slot], offset, count);
            _lengths[slot] = Math.Max(_lengths[slot], offset + count);
            return true;
        }

        public int ReadAt(int slot, string name, int offset, byte[] buffer, int start, int count)
        {
            int n = Math.Max(0, Math.Min(count, _lengths[slot] - offset));
            Array.Copy(_files[slot], offset, buffer, start, n);
            return n;
        }

        public bool Erase(int slot)
        {
            _lengths[slot] = -1;
            return true;
        }
    }
}
