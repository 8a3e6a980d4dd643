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

    private sealed class BlockRig
    {
        private readonly ModuleHost _host;
        private readonly OtaInbox _inbox;

        public readonly Sink Twin = new("devicetwin");
        public readonly Sink EdgeHub = new(EdgeHubOperations.Module);
        public readonly MemoryStore Store = new();
        public readonly UpdatesModule Updates;

        public BlockRig(ECDsa key)
        {
            _host = new ModuleHost(new RuntimeConfig { RingCapacity = 16, MessagePoolSize = 16, MessageContentCapacity = 1536 }, new ManualClock(), new ListLog());
            var topics = new KubeEdgeTopics(null, ["default"], ["alloc"], false);
            // The session object only answers "are we synced?"; it is not started (no network here).
            var hub = new EdgeHubModule(new MqttNetLink(), new BlockingWorkPool(1), new MqttLinkOptions(), topics, new EdgeHubOptions());
            _inbox = new OtaInbox(topics.DeviceId(0), BlockSize + 2200, UpdatesModule.ModuleName);
            var boot = new BootControl(Store, FirmwareInfo.FactoryVersion);
            boot.Boot();
            var options = new OtaOptions { Keys = [OtaRig.PublicKey(key)], BlockSize = BlockSize, RequestTimeoutMs = 600_000 };
            Updates = new UpdatesModule(options, _inbox, hub, Store, new MemorySlots(512 * 1024), boot, new NoRestart(), Device, "simulator");
            _host.Register(Twin);
            _host.Register(EdgeHub);
            _host.Register(Updates);
            _host.Start();
            while (_host.RunOnce(64)) { }
        }

        /// <summary>As edgehub's link listener does: into the inbox, a note on the bus; then the dispatcher runs.</summary>
        public void Deliver(int kind, byte[] payload)
        {
            // Plain checks: xunit's asserts allocate, and this runs inside the measurement.
            if (!_inbox.TryFill(kind, payload, 0, payload.Length)) throw new InvalidOperationException("the inbox was busy");
            Message note = _host.Bus.Rent()!;
            note.Source = EdgeHubOperations.Module;
            note.Destination = UpdatesModule.ModuleName;
            note.Operation = OtaInbox.Received;
            if (_host.Bus.Send(note) != SendResult.Accepted) throw new InvalidOperationException("the bus refused the note");
            while (_host.RunOnce(64)) { }
        }
    }
}
