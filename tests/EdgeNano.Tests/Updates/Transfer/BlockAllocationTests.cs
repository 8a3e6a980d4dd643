using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Cli.Ota;
using EdgeNano.EdgeHub;
using EdgeNano.EventBus;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Network;
using EdgeNano.Tests.Runtime;
using EdgeNano.Updates;

namespace EdgeNano.Tests.Updates.Transfer;

/// <summary>
/// No allocation per block in steady state: the updates module's whole block path — frame check,
/// slot write, bitmap, periodic bitmap save, progress report to devicetwin, next request to
/// edgehub — measured on the thread that dispatches it.
/// </summary>
public sealed class BlockAllocationTests
{
    private const int BlockSize = 1024;
    private const int Blocks = 200;
    private const string Device = "default/alloc";

    /// <summary>Stands in for devicetwin and edgehub on the bus: takes their messages and keeps nothing.</summary>
    private sealed class Sink(string name) : EdgeNano.Runtime.Module(name, "sink")
    {
        public int Received;
        public override void Handle(Message message) => Received++;
    }

    private sealed class NoRestart : IBoardRestart
    {
        public void Restart(string reason) { }
    }

    [Fact]
    public void A_block_in_steady_state_allocates_nothing_on_the_dispatcher_thread()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rig = new BlockRig(key);
        OtaFile app = OtaRig.App(Blocks * BlockSize);
        byte[] manifest = Encoding.UTF8.GetBytes(
            $$"""{"format":1,"version":"1.1.0","board":"simulator","sequence":1,"minRuntime":"1.0.0","files":[{"name":"{{app.Name}}","size":{{app.Bytes.Length}},"sha256":"{{Convert.ToHexStringLower(SHA256.HashData(app.Bytes))}}","kind":"app"}]}""");
        byte[] id = SHA256.HashData(manifest);
        byte[] signature = key.SignData(manifest, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        byte[][] frames = Enumerable.Range(0, Blocks).Select(b => OtaFrame.Build(2, 0, id, 0, b, app.Bytes.AsSpan(b * BlockSize, BlockSize))).ToArray();

        rig.Deliver(OtaInbox.Announce, Encoding.UTF8.GetBytes($$"""{"package":"{{Convert.ToHexStringLower(id)}}","version":"1.1.0","size":1}"""));
        rig.Deliver(OtaInbox.ManifestResult, OtaFrame.Build(1, 0, id, 0, 0, [.. signature, .. manifest]));
        rig.RunUntil(() => rig.Updates.Download.Total > 0); // the signature is checked on the blocking-work thread
        for (int b = 0; b < 40; b++) rig.Deliver(OtaInbox.BlockResult, frames[b]); // warm up: JIT, first file buffers
        int asked = rig.EdgeHub.Received;

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int b = 40; b < Blocks - 10; b++) rig.Deliver(OtaInbox.BlockResult, frames[b]);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(Blocks - 10, rig.Updates.Download.Done);
        Assert.Equal(Blocks - 50, rig.EdgeHub.Received - asked);           // one request per block
        Assert.True(rig.Twin.Received >= (Blocks - 50) / 2 - 1);            // progress reports on the way
        Assert.True(rig.Store.Replaces >= (Blocks - 10) / 8);               // bitmap saves on the way
        Assert.Equal(OtaState.Downloading, rig.Updates.State);
    }

    /// <summary>Holds submitted jobs until the test runs them; refuses while Full.</summary>
    private sealed class HeldWork : IBlockingWork
    {
        public readonly List<IBlockingJob> Jobs = [];
        public bool Full;
        public int Refused;

        public bool Submit(IBlockingJob job)
        {
            lock (Jobs)
            {
                if (Full) { Refused++; return false; }
                Jobs.Add(job);
                return true;
            }
        }
    }

    [Fact]
    public void The_manifest_signature_is_checked_off_the_dispatcher_which_goes_on_meanwhile_and_retries_a_full_queue()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var work = new HeldWork { Full = true };
        var rig = new BlockRig(key, work);
        OtaFile app = OtaRig.App(4 * BlockSize);
        byte[] manifest = Encoding.UTF8.GetBytes(
            $$"""{"format":1,"version":"1.1.0","board":"simulator","sequence":1,"minRuntime":"1.0.0","files":[{"name":"{{app.Name}}","size":{{app.Bytes.Length}},"sha256":"{{Convert.ToHexStringLower(SHA256.HashData(app.Bytes))}}","kind":"app"}]}""");
        byte[] id = SHA256.HashData(manifest);
        byte[] signature = key.SignData(manifest, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        rig.Deliver(OtaInbox.Announce, Encoding.UTF8.GetBytes($$"""{"package":"{{Convert.ToHexStringLower(id)}}","version":"1.1.0","size":1}"""));
        rig.Deliver(OtaInbox.ManifestResult, OtaFrame.Build(1, 0, id, 0, 0, [.. signature, .. manifest]));
        Assert.Equal(1, work.Refused);
        Assert.Empty(work.Jobs);

        // The queue frees up: the module submits again on its timer; nothing is verified until the worker runs.
        work.Full = false;
        rig.Clock.Advance(1000);
        rig.RunUntil(() => work.Jobs.Count == 1);
        rig.Deliver(OtaInbox.ManifestResult, OtaFrame.Build(1, 0, id, 0, 0, [.. signature, .. manifest])); // a duplicate meanwhile: a stray
        Assert.Equal(0, rig.Updates.Download.Total);
        Assert.Equal(OtaState.Downloading, rig.Updates.State);
        Assert.True(rig.Updates.Strays >= 1);

        int workerThread = 0;
        var worker = new Thread(() => { workerThread = Environment.CurrentManagedThreadId; work.Jobs[0].Run(); });
        worker.Start();
        worker.Join();
        rig.RunUntil(() => rig.Updates.Download.Total > 0);
        Assert.NotEqual(Environment.CurrentManagedThreadId, workerThread);
        Assert.Equal(4, rig.Updates.Download.Total);
    }

    private sealed class BlockRig
    {
        private readonly ModuleHost _host;
        private readonly OtaInbox _inbox;

        public readonly Sink Twin = new("devicetwin");
        public readonly Sink EdgeHub = new(EdgeHubOperations.Module);
        public readonly MemoryStore Store = new();
        public readonly ManualClock Clock = new();
        public readonly UpdatesModule Updates;

        public BlockRig(ECDsa key, IBlockingWork? work = null)
        {
            _host = new ModuleHost(new RuntimeConfig { RingCapacity = 16, MessagePoolSize = 16, MessageContentCapacity = 1536 }, Clock, new ListLog());
            var topics = new KubeEdgeTopics(null, ["default"], ["alloc"], false);
            // The session object only answers "are we synced?"; it is not started (no network here).
            var hub = new EdgeHubModule(new MqttNetLink(), new BlockingWorkPool(1), new MqttLinkOptions(), topics, new EdgeHubOptions());
            _inbox = new OtaInbox(topics.DeviceId(0), UpdatesModule.ModuleName);
            var boot = new BootControl(Store, FirmwareInfo.FactoryVersion);
            boot.Boot();
            var options = new OtaOptions { Keys = [OtaRig.PublicKey(key)], BlockSize = BlockSize, RequestTimeoutMs = 600_000 };
            Updates = new UpdatesModule(options, _inbox, hub, Store, new MemorySlots(512 * 1024), boot, new NoRestart(), work ?? new BlockingWorkPool(1), Device, "simulator");
            _host.Register(Twin);
            _host.Register(EdgeHub);
            _host.Register(Updates);
            _host.Start();
            while (_host.RunOnce(64)) { }
        }

        /// <summary>Dispatches until the condition holds (work done off the dispatcher comes back through a timer).</summary>
        public void RunUntil(Func<bool> condition)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (!condition())
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("the condition did not come true within 10 s");
                if (!_host.RunOnce(64)) Thread.Sleep(1);
            }
        }

        /// <summary>As edgehub's link listener does: into a pooled message to the updates module; then the dispatcher runs.</summary>
        public void Deliver(int kind, byte[] payload)
        {
            // Plain checks: xunit's asserts allocate, and this runs inside the measurement.
            _inbox.Deliver(_host.Bus, EdgeHubOperations.Module, _inbox.TopicOf(kind), payload, 0, payload.Length);
            if (_inbox.Dropped + _inbox.TooLargeCount != 0) throw new InvalidOperationException("the bus could not carry an OTA message");
            while (_host.RunOnce(64)) { }
        }
    }
}
