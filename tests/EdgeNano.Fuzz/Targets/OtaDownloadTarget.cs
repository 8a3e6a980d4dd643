using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using EdgeNano.EdgeHub;
using EdgeNano.EventBus;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Network;
using EdgeNano.Tests.Updates.Transfer;
using EdgeNano.Updates;

namespace EdgeNano.Fuzz.Targets;

/// <summary>
/// The device's side of a download: a sequence of server messages (announcements, manifest
/// results, block results — the OTA inbox's three kinds) fed to a fresh updates module. Half the
/// inputs start after a genuine signed announcement and manifest, so the fuzzer reaches the block
/// path. Input: records of [kind byte][length: 2 bytes big-endian][payload]; a record whose
/// first payload byte is 0xFE gets a genuine frame header for the block it names (so mutations
/// land on the data, not only on the header).
/// Findings: the module throwing (the host isolates it: its error count), or — what must never
/// happen — a package reaching staged/activating whose staged file differs from the genuine one.
/// </summary>
public sealed class OtaDownloadTarget : FuzzTarget
{
    private const int BlockSize = 256;
    private const int Blocks = 3;
    private static readonly byte[] App = Enumerable.Range(0, Blocks * BlockSize - 17).Select(i => (byte)(i * 7)).ToArray();
    private readonly byte[] _key;
    private readonly byte[] _announce;
    private readonly byte[] _manifestFrame;
    private readonly byte[] _id;

    public OtaDownloadTarget()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var q = signer.ExportParameters(false).Q;
        _key = [0x04, .. q.X!, .. q.Y!];
        byte[] manifest = Encoding.UTF8.GetBytes(
            $$"""{"format":1,"version":"1.1.0","board":"simulator","sequence":1,"minRuntime":"1.0.0","files":[{"name":"app.pe","size":{{App.Length}},"sha256":"{{Convert.ToHexStringLower(SHA256.HashData(App))}}","kind":"app"}]}""");
        _id = SHA256.HashData(manifest);
        _announce = Encoding.UTF8.GetBytes($$"""{"package":"{{Convert.ToHexStringLower(_id)}}","version":"1.1.0","size":{{App.Length}}}""");
        byte[] signature = signer.SignData(manifest, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        _manifestFrame = Frame(ResultFrame.KindManifest, 0, [.. signature, .. manifest]);
    }

    public override string Name => "ota-download";
    public override string Description => "UpdatesModule fed announce/manifest/block messages; nothing but the genuine file may be staged";
    public override IReadOnlyList<string> Tokens => ["ENO1", "\"package\"", "\"version\"", "\"size\"", "\u00fe"];

    public override void Run(ReadOnlySpan<byte> input)
    {
        var rig = new Rig(_key);
        if (input.Length > 0 && (input[0] & 1) == 1)
        {
            rig.Deliver(OtaInbox.Announce, _announce);
            rig.Deliver(OtaInbox.ManifestResult, _manifestFrame);
        }
        int at = input.Length > 0 ? 1 : 0;
        while (at + 3 <= input.Length)
        {
            int kind = input[at] % 3 + 1;
            int length = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(input[(at + 1)..]), input.Length - at - 3);
            byte[] payload = input.Slice(at + 3, length).ToArray();
            at += 3 + length;
            if (kind == OtaInbox.BlockResult && payload.Length >= 2 && payload[0] == 0xFE)
            {
                payload = Frame(ResultFrame.KindBlock, payload[1] % Blocks, payload.AsSpan(2));
            }
            rig.Deliver(kind, payload);
        }

        Check(rig.Host.Counters(UpdatesModule.ModuleName).Errors == 0, "the updates module threw");
        string state = rig.Updates.State;
        if (state == OtaState.Staged || state == OtaState.Activating)
        {
            byte[] staged = new byte[App.Length + 1];
            int read = rig.Slots.ReadAt(rig.Boot.StagingSlot, "app.pe", 0, staged, 0, staged.Length);
            Check(read == App.Length && staged.AsSpan(0, read).SequenceEqual(App), "a file that is not the signed one reached " + state);
        }
    }

    private byte[] Frame(int kind, int block, ReadOnlySpan<byte> body)
    {
        var frame = new byte[ResultFrame.HeaderSize + body.Length];
        "ENO1"u8.CopyTo(frame);
        frame[4] = (byte)kind;
        _id.AsSpan(0, 8).CopyTo(frame.AsSpan(6));
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(16), block);
        body.CopyTo(frame.AsSpan(ResultFrame.HeaderSize));
        return frame;
    }

    /// <summary>The updates module alone on a runtime; devicetwin and edgehub are sinks, the session is never started.</summary>
    private sealed class Rig
    {
        public readonly ModuleHost Host = new(new RuntimeConfig { RingCapacity = 16, MessagePoolSize = 16, MessageContentCapacity = 1536 }, new SystemClock(), new ConsoleLog(99));
        public readonly MemorySlots Slots = new(64 * 1024);
        public readonly BootControl Boot;
        public readonly UpdatesModule Updates;
        private readonly OtaInbox _inbox;

        public Rig(byte[] key)
        {
            var store = new MemoryStore();
            var topics = new KubeEdgeTopics(null, ["default"], ["fuzz"], false);
            var hub = new EdgeHubModule(new OfflineLink(), new InlineWork(), new MqttLinkOptions(), topics, new EdgeHubOptions());
            _inbox = new OtaInbox(topics.DeviceId(0), UpdatesModule.ModuleName);
            Boot = new BootControl(store, FirmwareInfo.FactoryVersion);
            Boot.Boot();
            var options = new OtaOptions { Keys = [key], BlockSize = BlockSize, RequestTimeoutMs = 600_000 };
            Updates = new UpdatesModule(options, _inbox, hub, store, Slots, Boot, new NoRestart(), new InlineWork(), "default/fuzz", "simulator");
            Host.Register(new Sink("devicetwin"));
            Host.Register(new Sink(EdgeHubOperations.Module));
            Host.Register(Updates);
            Host.Start();
            Dispatch();
        }

        public void Deliver(int kind, byte[] payload)
        {
            // As edgehub's link listener does; too large or no message free: counted by the inbox.
            _inbox.Deliver(Host.Bus, EdgeHubOperations.Module, _inbox.TopicOf(kind), payload, 0, payload.Length);
            Dispatch();
        }

        /// <summary>Rounds enough for the verify to finish: it reads one piece per turn, driven by the module's timer.</summary>
        private void Dispatch()
        {
            for (int i = 0; i < 16; i++) Host.RunOnce(64);
        }
    }

    private sealed class Sink(string name) : Module(name, "sink")
    {
        public override void Handle(Message message) { }
    }

    private sealed class NoRestart : IBoardRestart
    {
        public void Restart(string reason) { }
    }

    /// <summary>Runs a job at once on the caller's thread: the fuzzer wants one thread and no waiting.</summary>
    private sealed class InlineWork : IBlockingWork
    {
        public bool Submit(IBlockingJob job)
        {
            job.Run();
            return true;
        }
    }

    /// <summary>A link that is never connected: the session object is only asked "are we synced?".</summary>
    private sealed class OfflineLink : IMqttLink
    {
        public bool IsConnected => false;
        public void SetListener(IMqttLinkListener listener) { }
        public int Connect(MqttLinkOptions options) => MqttConnectResult.NetworkError;
        public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain) => MqttPublishResult.NotConnected;
        public int Subscribe(string[] filters, int[] qos) => MqttSubscribeResult.NotConnected;
        public void Disconnect() { }
    }
}
