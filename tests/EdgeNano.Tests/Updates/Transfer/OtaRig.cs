using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EdgeNano.Boards.Host;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Cli.Common;
using EdgeNano.Cli.Hub;
using EdgeNano.Cli.Ota;
using EdgeNano.Cli.Sim;
using EdgeNano.Composition;
using EdgeNano.Runtime.Storage;
using EdgeNano.Tests.Cli;
using EdgeNano.Tests.Runtime;

namespace EdgeNano.Tests.Updates.Transfer;

/// <summary>What a test package's manifest says (defaults: a valid, newer package for the simulator board).</summary>
public sealed record PackSpec(string Version, int Sequence)
{
    public string Board { get; init; } = "simulator";
    public string MinRuntime { get; init; } = "1.0.0";
    public bool AllowDowngrade { get; init; }
    /// <summary>Sizes and hashes the manifest states; null: the files' own.</summary>
    public Func<OtaFile, (long Size, byte[] Hash)>? Declare { get; init; }
    /// <summary>The files the server holds; null: the declared ones.</summary>
    public Func<OtaFile, OtaFile>? Serve { get; init; }
    /// <summary>Who signs; null: the rig's trusted key.</summary>
    public ECDsa? Signer { get; init; }
    /// <summary>A "note" field the device skips (a field a later `ota pack` might add); null: none.</summary>
    public string? Note { get; init; }
}

/// <summary>
/// Real parts for update tests: the embedded MQTTnet broker and the twin hub (HubRig), the OTA
/// server, simulated boards (the product's composition, on the sim's shared dispatcher and
/// blocking-work pool, with store and slot folders in a temp directory) and a P-256 signing key.
/// </summary>
internal sealed class OtaRig : IAsyncDisposable
{
    public const int Wait = 20_000;

    private readonly TempDirectory _directory = new();
    private readonly SharedDispatcher _dispatcher = new(2);
    private readonly BlockingWorkPool _work = new(4);
    private readonly List<SimDevice> _boards = [];

    private OtaRig(BrokerAddress address, EmbeddedBroker? broker, HubService hub, OtaServer server)
    {
        Address = address;
        _broker = broker;
        _hub = hub;
        Server = server;
    }

    private readonly EmbeddedBroker? _broker;
    private readonly HubService _hub;

    /// <summary>Where the broker listens.</summary>
    public BrokerAddress Address { get; }
    /// <summary>The embedded broker (its hooks play an ACL); null when the rig runs on another broker.</summary>
    public EmbeddedBroker Broker => _broker ?? throw new InvalidOperationException("this rig runs on an external broker");
    public OtaServer Server { get; }
    public ListLog Log { get; } = new();
    public ECDsa Key { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>On the embedded broker, or on the given one (e.g. mosquitto).</summary>
    public static async Task<OtaRig> StartAsync(BrokerAddress? external = null)
    {
        EmbeddedBroker? broker = external == null ? EmbeddedBroker.Start() : null;
        BrokerAddress address = external ?? new BrokerAddress("127.0.0.1", broker!.Port, false, null, null);
        var directory = new TempDirectory();
        HubService hub = HubService.Start(address, directory.File("hub.db"), new HubLimits(), _ => { }, CancellationToken.None);
        await hub.Ready.WaitAsync(TimeSpan.FromSeconds(10));
        OtaServer server = await OtaServer.ConnectAsync(address, "ota-server", CancellationToken.None);
        return new OtaRig(address, broker, hub, server) { _hubDirectory = directory };
    }

    private TempDirectory? _hubDirectory;

    /// <summary>A started simulated board trusting the rig's key, with test-sized timeouts.</summary>
    public SimDevice Board(string id = "default/ota-1", BrokerAddress? via = null, Action<DeviceSettings>? configure = null, string? folder = null,
        Func<IStore, IStore>? wrapStore = null, Func<ISlotFiles, ISlotFiles>? wrapSlots = null)
    {
        string json = File.ReadAllText(Path.Combine(BuildPaths.RepoRoot, "boards/simulator/board.json"));
        var board = new SimDevice(_boards.Count, id, "boards/simulator/board.json", Encoding.UTF8.GetBytes(json),
            folder ?? StoreFolder(id), via ?? Address, _dispatcher, _work, Log)
        {
            Configure = settings =>
            {
                settings.Ota.Keys = [PublicKey(Key)];
                settings.Ota.BlockSize = 1024;
                settings.Ota.RequestTimeoutMs = 1500; // long enough that a loaded test machine causes no re-asks
                settings.Ota.MaxRetries = 3;
                settings.Ota.HealthTimeoutMs = 4000;
                settings.Ota.RestartDelayMs = 100;
                settings.EdgeHub.BackoffBaseMs = 100;
                settings.EdgeHub.BackoffCapMs = 400;
                settings.EdgeHub.BackoffFloorMs = 20;
                configure?.Invoke(settings);
            },
            SlotCapacity = 256 * 1024,
            WrapStore = wrapStore,
            WrapSlots = wrapSlots,
        };
        board.Start();
        _boards.Add(board);
        return board;
    }

    public string StoreFolder(string id) => _directory.File(id.Replace('/', '_'));

    /// <summary>65-byte SEC1 uncompressed public key (0x04, X, Y).</summary>
    public static byte[] PublicKey(ECDsa key)
    {
        ECParameters p = key.ExportParameters(false);
        return [0x04, .. p.Q.X!, .. p.Q.Y!];
    }

    /// <summary>An app file of random bytes.</summary>
    public static OtaFile App(int size, string name = "EdgeNano.App.pe")
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        return new OtaFile(name, bytes);
    }

    /// <summary>A signed package as `ota pack` makes it: manifest JSON, P1363 signature over its SHA-256, files.</summary>
    public OtaPackageContent Pack(PackSpec spec, params OtaFile[] files)
    {
        var entries = new JsonArray();
        foreach (OtaFile file in files)
        {
            (long size, byte[] hash) = spec.Declare?.Invoke(file) ?? (file.Bytes.Length, SHA256.HashData(file.Bytes));
            entries.Add(new JsonObject
            {
                ["name"] = file.Name,
                ["size"] = size,
                ["sha256"] = Convert.ToHexStringLower(hash),
                ["kind"] = file.Name == "board.json" ? "config" : "app",
            });
        }
        var manifest = new JsonObject
        {
            ["format"] = 1,
            ["version"] = spec.Version,
            ["board"] = spec.Board,
            ["sequence"] = spec.Sequence,
            ["minRuntime"] = spec.MinRuntime,
            ["allowDowngrade"] = spec.AllowDowngrade,
            ["files"] = entries,
        };
        if (spec.Note != null) manifest["note"] = spec.Note;
        byte[] bytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        byte[] signature = (spec.Signer ?? Key).SignData(bytes, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        OtaFile[] served = spec.Serve == null ? files : files.Select(spec.Serve).ToArray();
        return new OtaPackageContent(bytes, signature, served);
    }

    /// <summary>Waits for condition; on timeout the message carries the boards' log (what a person would read first).</summary>
    public void WaitUntil(Func<bool> condition, string what, int timeoutMs = Wait)
    {
        try
        {
            RuntimeTestKit.WaitUntil(condition, timeoutMs);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("not in time: " + what + "\n" + string.Join("\n", Log.Lines.TakeLast(60)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (SimDevice board in _boards) board.Stop();
        await Server.DisposeAsync();
        await _hub.DisposeAsync();
        _broker?.Dispose();
        _hubDirectory?.Dispose();
        _dispatcher.Dispose();
        _work.Dispose();
        Key.Dispose();
        _directory.Dispose();
    }
}
