using System.Reflection;
using System.Security.Cryptography;
using EdgeNano.Board;
using EdgeNano.Boards.Host.Gpio;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Composition;
using EdgeNano.Runtime;
using EdgeNano.Tests.Runtime;
using EdgeNano.Tests.Updates.Transfer;
using EdgeNano.Updates;

namespace EdgeNano.Tests.Memory;

/// <summary>
/// A device composed as firmware/App/Program.cs composes it (a shipped board file, default
/// settings, a link, the blocking-work thread) and started, with its heap on a 32-bit nanoCLR
/// per component, from <see cref="NanoHeapModel"/>. The board's own parts (link, flash, pins,
/// clock, log sink) are not EdgeNano's heap and are not counted; nor are the assemblies' static
/// fields, which nanoCLR makes when it loads them, before Main (reported apart).
/// </summary>
internal sealed class DeviceHeap
{
    public static readonly string[] Components =
        ["board description", "module host and pool", "twin store", "devicetwin", "eventbus", "edgehub", "updates", "gpio", "log"];

    private DeviceHeap(IReadOnlyDictionary<string, long> bytes, long statics)
    {
        Bytes = bytes;
        Statics = statics;
    }

    /// <summary>Bytes per component (see Components).</summary>
    public IReadOnlyDictionary<string, long> Bytes { get; }

    /// <summary>Every component together.</summary>
    public long Total => Bytes.Values.Sum();

    /// <summary>The device assemblies' static fields (made at load, before Main; not in Total).</summary>
    public long Statics { get; }

    /// <summary>Composes and starts the board's device with settings as given (then adjusted), and models its heap.</summary>
    public static DeviceHeap Of(string board, Action<DeviceSettings>? adjust = null, bool updates = false)
    {
        string path = Path.Combine(BuildPaths.RepoRoot, "boards", board, "board.json");
        BoardDescription description = BoardParser.Parse(path, File.ReadAllBytes(path));
        var settings = new DeviceSettings();
        if (updates)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            settings.Ota.Keys = [OtaRig.PublicKey(key)];
        }
        adjust?.Invoke(settings);
        var bank = HostPinBanks.Create(HostPinBanks.Simulated, 40, out _);
        var flash = new MemoryStore();
        using var work = new BlockingWorkPool(1);
        UpdateParts? parts = updates ? new UpdateParts(new MemorySlots(64 * 1024), new BootControl(flash, "1.0.0"), new NoRestart()) : null;
        var device = new EdgeNanoDevice(description, settings, bank, flash, new ManualClock(), new ListLog(), new MqttNetLink(), work, parts);
        device.Start();

        var model = new NanoHeapModel();
        object?[] roots = [device.Board, device.Host, device.Twin.Store, device.Twin, device.EventBus, device.EdgeHub, device.Updates, device.Gpio, device.Log];
        foreach (object? root in roots) model.AddBoundary(root);
        var bytes = new Dictionary<string, long>();
        for (int i = 0; i < roots.Length; i++) bytes[Components[i]] = model.Walk(roots[i]);
        long statics = model.WalkStatics(AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => NanoHeapModel.DeviceAssemblyNames.Contains(a.GetName().Name)));
        device.Stop();
        return new DeviceHeap(bytes, statics);
    }

    private sealed class NoRestart : IBoardRestart
    {
        public void Restart(string reason)
        {
        }
    }
}
