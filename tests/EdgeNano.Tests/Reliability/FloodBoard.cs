using System.Text;
using EdgeNano.Board;
using EdgeNano.Boards.Gpio;
using EdgeNano.Boards.Host;
using EdgeNano.Boards.Host.Gpio;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Boards.Host.Storage;
using EdgeNano.Composition;
using EdgeNano.DeviceTwin;
using EdgeNano.EdgeHub;
using EdgeNano.Runtime;

namespace EdgeNano.Tests.Reliability;

/// <summary>
/// The board under a flood: the product's composition (<see cref="EdgeNanoDevice"/>: devicetwin,
/// eventbus, edgehub, gpio) of the simulator board with an ESP32's default capacities, on
/// simulated pins, a store folder and a real MQTT link, dispatched by one thread as on the device.
/// </summary>
public sealed class FloodBoard : IDisposable
{
    private readonly SimulatedGpioDriver _driver;
    private readonly DeviceDispatcher _dispatcher;
    private readonly BlockingWorkPool _work = new(1);
    private readonly string _storeFolder = Directory.CreateTempSubdirectory("edgenano-flood-store-").FullName;

    /// <param name="extra">A module of the test's own, registered after the board's (e.g. one that stalls the dispatcher).</param>
    public FloodBoard(string host, int port, string deviceId, Module? extra = null)
    {
        DeviceId = deviceId;
        string boardFile = Path.Combine(BuildPaths.RepoRoot, "boards", "simulator", "board.json");
        Board = BoardParser.Parse(boardFile, File.ReadAllBytes(boardFile));
        Board.DeviceAt(0).Id = deviceId;
        Settings = new DeviceSettings { BrokerHost = host, BrokerPort = port, ClientId = "flood-board", KeepAliveSeconds = 10 };
        Settings.EdgeHub.BackoffBaseMs = 200;
        Settings.EdgeHub.BackoffCapMs = 2000;
        Settings.EdgeHub.BackoffSeed = 5;
        Link = new FloodCountingLink(new MqttNetLink());
        GpioControllerPinBank pins = HostPinBanks.Create(HostPinBanks.Simulated, 64, out SimulatedGpioDriver? driver);
        _driver = driver!;
        Device = new EdgeNanoDevice(Board, Settings, pins, new FileStore(_storeFolder), new HostClock(), Log, Link, _work);
        _dispatcher = new DeviceDispatcher(Device.Host, 32);
        if (extra != null) Device.Host.Register(extra);
        Device.Start();
        _dispatcher.Start();
    }

    public string DeviceId { get; }
    public BoardDescription Board { get; }
    public DeviceSettings Settings { get; }
    public EdgeNanoDevice Device { get; }
    public FloodCountingLink Link { get; }
    public FloodLog Log { get; } = new();

    public ModuleHost Host => Device.Host;
    public EdgeHubModule Hub => Device.EdgeHub;
    public TwinModule Twin => Device.Twin;

    public bool IsSynced => Hub.State == EdgeHubState.Synced;

    /// <summary>Flips the button input (pin from the board file), as a person pressing it would.</summary>
    public bool PressButton()
    {
        int pin = Board.DeviceAt(0).FindProperty("button").Pin;
        bool level = !_driver.Level(pin);
        _driver.SetInput(pin, level);
        return level;
    }

    /// <summary>
    /// The device's own twin: key → (expected, actual, type), deleted rows left out; null when the
    /// dispatcher moved the arena while it was read (the test polls, and reads it again).
    /// </summary>
    public Dictionary<string, (string? Expected, string? Actual, string Type)>? LocalTwinWhenReadable()
    {
        try
        {
            return LocalTwin();
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException)
        {
            return null;
        }
    }

    private Dictionary<string, (string? Expected, string? Actual, string Type)> LocalTwin()
    {
        TwinStore store = Twin.Store;
        int device = store.FindDevice(DeviceId);
        var twin = new Dictionary<string, (string?, string?, string)>();
        for (int row = 0; row < store.PropertyCount(device); row++)
        {
            int slot = store.Slot(device, row);
            if (store.IsDeleted(slot)) continue;
            byte[] arena = store.ArenaBytes;
            string key = Encoding.UTF8.GetString(arena, store.KeyOffset(slot), store.KeyLength(slot));
            string? expected = store.HasExpected(slot) ? Encoding.UTF8.GetString(arena, store.ExpectedOffset(slot), store.ExpectedLength(slot)) : null;
            string? actual = store.HasActual(slot) ? Encoding.UTF8.GetString(arena, store.ActualOffset(slot), store.ActualLength(slot)) : null;
            twin[key] = (expected, actual, TwinType.Name(store.Type(slot)));
        }
        return twin;
    }

    public void Dispose()
    {
        Device.Stop();
        _dispatcher.Stop();
        _work.Dispose();
        Link.Dispose();
        try
        {
            Directory.Delete(_storeFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
