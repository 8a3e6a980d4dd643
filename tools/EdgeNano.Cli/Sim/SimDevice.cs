using System.Text;
using EdgeNano.Board;
using EdgeNano.Boards.Gpio;
using EdgeNano.Boards.Host;
using EdgeNano.Boards.Host.Gpio;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Boards.Host.Storage;
using EdgeNano.Cli.Common;
using EdgeNano.Composition;
using EdgeNano.EdgeHub;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Storage;
using EdgeNano.Updates;

namespace EdgeNano.Cli.Sim;

/// <summary>
/// One simulated board of the fleet: the product's <see cref="EdgeNanoDevice"/> composition on
/// its own simulated pin bank, MQTT link and store folder, dispatched by the fleet's shared
/// dispatcher. It can be rebooted (stopped and started over its store) or have its power cut
/// (dropped without Stop, so nothing is flushed). Counters of earlier lives are kept.
/// With trusted OTA keys in its settings (<see cref="Configure"/>) it takes field updates: two
/// slot folders under its store folder, the boot record in its store, and a restart that stops
/// this composition and composes the board again from the slot the boot record picks (a
/// config package's board.json there replaces the board file, its devices taken as written).
/// </summary>
internal sealed class SimDevice
{
    private readonly byte[] _boardJson;
    private readonly string _boardFile;
    private readonly string _storeFolder;
    private readonly bool _renames;
    private readonly BrokerAddress _broker;
    private readonly SharedDispatcher _dispatcher;
    private readonly BlockingWorkPool _work;
    private readonly ILog _log;
    private readonly object _gate = new();
    private EdgeNanoDevice? _device;
    private MqttNetLink? _link;
    private GpioControllerPinBank? _pins;
    private SimulatedGpioDriver? _driver;
    private LifeCounters _earlier;
    private BootControl? _boot;
    private PowerCutFileSystem? _flash;

    /// <param name="deviceId">The board's first device id (the others are named after it), or null to keep the board file's ids.</param>
    public SimDevice(int index, string? deviceId, string boardFile, byte[] boardJson, string storeFolder, BrokerAddress broker,
        SharedDispatcher dispatcher, BlockingWorkPool work, ILog log)
    {
        Index = index;
        _renames = deviceId != null;
        _boardFile = boardFile;
        _boardJson = boardJson;
        _storeFolder = storeFolder;
        _broker = broker;
        _dispatcher = dispatcher;
        _work = work;
        _log = log;
        DeviceId = deviceId ?? "";
        Board = ParseBoard();
        if (deviceId == null) DeviceId = Board.DeviceAt(0).Id;
    }

    public int Index { get; }

    /// <summary>The first device id of this board (namespace/name).</summary>
    public string DeviceId { get; }

    public BoardDescription Board { get; }

    /// <summary>Adjusts the settings of every life (e.g. otaKeys and timeouts), after the sim's own.</summary>
    public Action<DeviceSettings>? Configure { get; init; }

    /// <summary>Whether the board's flash writes are forced to the PC's disk (see HostFlashFileSystem); the sim's --store-fsync.</summary>
    public bool StoreSyncToDisk { get; init; } = true;

    /// <summary>The board's flash in memory (<see cref="MemoryFlashFileSystem"/>, kept across its lives) rather than files in its store folder.</summary>
    public bool FlashInMemory { get; init; }

    private MemoryFlashFileSystem? _memoryFlash;

    /// <summary>Fault injection for tests: wraps each life's store (e.g. to cut the power mid-write).</summary>
    internal Func<IStore, IStore>? WrapStore { get; init; }

    /// <summary>Fault injection for tests: wraps each life's slot files.</summary>
    internal Func<ISlotFiles, ISlotFiles>? WrapSlots { get; init; }

    /// <summary>Bytes one application slot holds.</summary>
    public int SlotCapacity { get; init; } = 1024 * 1024;

    /// <summary>Restarts asked for by the device (after activating an update, or a failed trial).</summary>
    public int Restarts { get; private set; }

    /// <summary>The version the current life runs (the boot record's), or null without updates.</summary>
    public string? RunningVersion
    {
        get { lock (_gate) return _device == null ? null : _boot?.RunningVersion; }
    }

    /// <summary>The current life's updates module, or null.</summary>
    public UpdatesModule? Updates
    {
        get { lock (_gate) return _device?.Updates; }
    }

    /// <summary>The current life's composition (tests look at its modules), or null when off.</summary>
    public EdgeNanoDevice? Device
    {
        get { lock (_gate) return _device; }
    }

    /// <summary>Raised on the board's own thread when an armed store power cut fires, with where it landed; the board then goes off.</summary>
    public event Action<SimDevice, string>? StorePowerLost;

    /// <summary>Times this board was started (1 after the first start).</summary>
    public int Lives { get; private set; }

    public bool IsRunning
    {
        get { lock (_gate) return _device != null; }
    }

    /// <summary>
    /// The board with every device renamed: one device takes <see cref="DeviceId"/>; with several, "-name" is appended.
    /// Each id must still be one Kubernetes can name, as the board file's were (--id, or sim's --id-prefix, is at fault otherwise).
    /// Without a device id given, the board file's ids as written.
    /// </summary>
    private BoardDescription ParseBoard()
    {
        BoardDescription board = BoardParser.Parse(_boardFile, _boardJson);
        if (!board.IsValid) throw new CliException(board.ErrorText());
        if (!_renames) return board;
        if (board.DeviceCount == 1)
        {
            board.DeviceAt(0).Id = DeviceId;
        }
        else
        {
            for (int i = 0; i < board.DeviceCount; i++)
            {
                string id = board.DeviceAt(i).Id;
                board.DeviceAt(i).Id = DeviceId + "-" + id[(id.IndexOf('/') + 1)..];
            }
        }
        for (int i = 0; i < board.DeviceCount; i++)
        {
            if (KubeNames.DeviceIdProblem(board.DeviceAt(i).Id) is { } problem) throw new CliException("device id " + BoardDescription.Printable(problem));
        }
        return board;
    }

    /// <summary>Every device id this board hosts.</summary>
    public IEnumerable<string> DeviceIds()
    {
        for (int i = 0; i < Board.DeviceCount; i++) yield return Board.DeviceAt(i).Id;
    }

    /// <summary>Composes and starts a new life of the board over its store folder.</summary>
    public void Start()
    {
        lock (_gate)
        {
            // A store power cut that fired but whose board has not been dropped yet: drop it now.
            if (_device != null && _flash!.IsPowerLost) Retire();
            if (_device != null) return;
            BrokerAddress node = _broker.StartingAt(Index);
            var settings = new DeviceSettings
            {
                BrokerHost = node.Host,
                BrokerPort = node.Port,
                BrokerTls = _broker.UseTls,
                BrokerUsername = _broker.Username ?? "",
                BrokerPassword = _broker.Password ?? "",
                CaCertificatePem = _broker.CaFile != null ? File.ReadAllText(_broker.CaFile) : "",
                ClientId = "edgenano-sim-" + DeviceId.Replace('/', '-'),
            };
            // A fleet reconnects faster than a battery board, with jitter per device so a broker restart is not a thundering herd.
            settings.EdgeHub.BackoffBaseMs = 500;
            settings.EdgeHub.BackoffCapMs = 5000;
            settings.EdgeHub.BackoffSeed = Index + 1;
            Configure?.Invoke(settings);
            BoardDescription board = Lives == 0 ? Board : ParseBoard();
            // The device's own store (FileSystemStore, as on the board) over a flash that can lose power part-way through a write.
            IFlashFileSystem medium = FlashInMemory ? _memoryFlash ??= new MemoryFlashFileSystem() : new HostFlashFileSystem(_storeFolder, StoreSyncToDisk);
            _flash = new PowerCutFileSystem(medium);
            _flash.PowerLost += PowerLost;
            IStore store = new FileSystemStore(_flash);
            if (WrapStore != null) store = WrapStore(store);
            UpdateParts? updates = settings.Ota.Keys.Length > 0 ? BootUpdates(store, ref board) : null;
            // As many simulated pins as the board's MCU numbers (64 for the simulator board, 176 for
            // stm32f769, whose pins run PA0 = 0 to PK7 = 167).
            _pins = HostPinBanks.Create(HostPinBanks.Simulated, Math.Max(64, McuPinTable.For(board.Mcu)?.PinCount ?? 64), out _driver);
            // Board k starts at node k of a clustered broker and moves on when its node is lost.
            _link = new MqttNetLink(_broker.Nodes.Count > 1 ? _broker.Walk(Index) : null);
            EdgeNanoDevice device;
            try
            {
                device = new EdgeNanoDevice(board, settings, _pins, store, new HostClock(), _log, _link, _work, updates);
            }
            catch
            {
                _link.Dispose();
                _link = null;
                throw;
            }
            _dispatcher.Attach(device.Host);
            device.Start();
            _device = device;
            Lives++;
        }
    }

    /// <summary>Once per life, before composing: the boot record picks the slot, whose board.json (if any) replaces the board.</summary>
    private UpdateParts BootUpdates(IStore store, ref BoardDescription board)
    {
        _boot = new BootControl(store, FirmwareInfo.FactoryVersion);
        _boot.Boot();
        ISlotFiles slots = new DirectorySlotFiles(Path.Combine(_storeFolder, "slots"), SlotCapacity);
        if (WrapSlots != null) slots = WrapSlots(slots);
        var updates = new UpdateParts(slots, _boot, new SimRestart(this));
        byte[]? slotBoard = updates.ReadActiveFile("board.json");
        if (slotBoard != null)
        {
            // Invalid, it makes the composition refuse to start: a crash the next boot rolls back.
            board = BoardParser.Parse("slot " + _boot.ActiveSlot + "/board.json", slotBoard);
        }
        return updates;
    }

    /// <summary>The device asked for a restart: this life stops, and the next starts over the boot record's choice.</summary>
    private void Reboot(string reason)
    {
        _log.Write(LogLevel.Info, "board", "restart: " + reason);
        Stop();
        lock (_gate) Restarts++;
        try
        {
            Start();
        }
        catch (Exception e) when (e is RuntimeConfigException or CliException)
        {
            // As a device would: the failed start is a crash, the watchdog reboots, and the boot
            // record abandons a trial that never confirmed.
            _log.Write(LogLevel.Error, "board", "start failed: " + e.Message + "; rebooting");
            Start();
        }
    }

    /// <summary>The simulated board's restart: off the dispatcher (which it stops), on a pool thread.</summary>
    private sealed class SimRestart(SimDevice board) : IBoardRestart
    {
        public void Restart(string reason) => _ = Task.Run(() => board.Reboot(reason));
    }

    /// <summary>An orderly shutdown: the twin is flushed to the store, the session says offline.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            if (_device == null) return;
            _device.Stop();
            Retire();
        }
    }

    /// <summary>The power goes: the board stops dispatching at once, without Stop (no flush, no goodbye; the broker publishes the will).</summary>
    public void CutPower()
    {
        lock (_gate)
        {
            if (_device == null) return;
            Retire();
        }
    }

    /// <summary>Arms a power cut in this life's next store write (see PowerCutFileSystem); false when the board is off.</summary>
    public bool ArmStorePowerCut(int seed)
    {
        lock (_gate) return _device != null && _flash!.Arm(seed);
    }

    /// <summary>Takes back an armed store power cut; false when none was armed or it already fired.</summary>
    public bool DisarmStorePowerCut()
    {
        lock (_gate) return _flash != null && _flash.Disarm();
    }

    /// <summary>
    /// The store's flash lost power mid-write, on the thread that wrote (the dispatcher, which
    /// holds this life): the board is dropped without Stop from a pool thread, and only if that
    /// life is still the current one. Until then every flash call fails, so nothing more lands.
    /// </summary>
    private void PowerLost(PowerCutFileSystem flash)
    {
        StorePowerLost?.Invoke(this, flash.Cut?.ToString() ?? "");
        _ = Task.Run(() =>
        {
            lock (_gate)
            {
                if (_flash == flash && _device != null) Retire();
            }
        });
    }

    private void Retire()
    {
        _earlier = _earlier.Add(Counters(_device!, _link!));
        _dispatcher.Detach(_device!.Host);
        _link!.Dispose();
        _device = null;
        _link = null;
        _pins = null;
        _driver = null;
    }

    /// <summary>Changes one input of a device once: an input (a button) flips, a counter gets pulses. False when the board is off.</summary>
    public bool DriveInput(string deviceId, string key, int pulses)
    {
        lock (_gate)
        {
            if (_driver == null) return false;
            PinBinding binding = Board.FindDevice(deviceId).FindProperty(key);
            if (binding.Kind == PinKind.Input) _driver.SetInput(binding.Pin, !_driver.Level(binding.Pin));
            else if (binding.Kind == PinKind.Counter) _driver.Pulse(binding.Pin, pulses);
            else return false;
            return true;
        }
    }

    /// <summary>The level an output's pin is driven to (true = high), or null when the board is off.</summary>
    public bool? OutputLevel(string deviceId, string key)
    {
        lock (_gate)
        {
            if (_driver == null) return null;
            return _driver.Level(Board.FindDevice(deviceId).FindProperty(key).Pin);
        }
    }

    /// <summary>The device's own twin: the actual value of a property, or null. Read while the board runs; callers poll until it settles.</summary>
    public string? LocalActual(string deviceId, string key)
    {
        lock (_gate)
        {
            if (_device == null) return null;
            var store = _device.Twin.Store;
            try
            {
                int d = store.FindDevice(deviceId);
                if (d < 0) return null;
                int slot = store.FindProperty(d, key);
                if (slot < 0 || !store.HasActual(slot)) return null;
                return Encoding.UTF8.GetString(store.ArenaBytes, store.ActualOffset(slot), store.ActualLength(slot));
            }
            catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException)
            {
                return null; // the dispatcher moved the arena under us; the next poll reads it again
            }
        }
    }

    /// <summary>The keys the board reports for a device: every property and every counter's rate key.</summary>
    public static IEnumerable<string> ReportedKeys(BoardDevice device)
    {
        for (int p = 0; p < device.PropertyCount; p++)
        {
            PinBinding binding = device.PropertyAt(p);
            yield return binding.Key;
            if (binding.Kind == PinKind.Counter && !string.IsNullOrEmpty(binding.RateKey)) yield return binding.RateKey;
        }
    }

    public bool IsSynced
    {
        get { lock (_gate) return _device?.EdgeHub?.State == EdgeHubState.Synced; }
    }

    public bool IsOnline
    {
        get { lock (_gate) return _device?.EdgeHub != null && _device.EdgeHub.State >= EdgeHubState.Connected; }
    }

    /// <summary>Counters over every life of the board.</summary>
    public LifeCounters Totals
    {
        get
        {
            lock (_gate) return _device == null ? _earlier : _earlier.Add(Counters(_device, _link!));
        }
    }

    private static LifeCounters Counters(EdgeNanoDevice device, MqttNetLink link)
    {
        EdgeHubModule? hub = device.EdgeHub;
        if (hub == null) return default;
        return new LifeCounters(
            Reports: hub.ReportsDirect + hub.ReportsDeferred,
            Connects: hub.Connects,
            Losses: hub.Losses,
            OutboxMarked: hub.Outbox.Marked,
            OutboxOverflows: hub.Outbox.Overflows,
            Errors: hub.ConnectFailures + hub.DecodeErrors + hub.DropReports + hub.ControlFailures + hub.WorkerStalls + link.ListenerErrors,
            Drops: Sum(device.Host, c => c.Dropped),
            Refusals: Sum(device.Host, c => c.RingFull),
            ModuleRestarts: Sum(device.Host, c => c.Restarts));
    }

    /// <summary>A module counter summed over the runtime's modules.</summary>
    private static long Sum(ModuleHost host, Func<ModuleCounters, int> counter)
    {
        long sum = 0;
        for (int m = 0; m < host.ModuleCount; m++)
        {
            ModuleCounters? counters = host.Counters(host.ModuleName(m));
            if (counters != null) sum += counter(counters);
        }
        return sum;
    }
}

/// <summary>
/// What a board's session and runtime counted; summed over reboots. Drops: messages its runtime
/// dropped (left queued at a stop, or undeliverable); Refusals: sends refused because a module's
/// ring was full; ModuleRestarts: modules the runtime restarted after a failure.
/// </summary>
internal readonly record struct LifeCounters(long Reports, long Connects, long Losses, long OutboxMarked, long OutboxOverflows, long Errors,
    long Drops = 0, long Refusals = 0, long ModuleRestarts = 0)
{
    public LifeCounters Add(LifeCounters other) => new(Reports + other.Reports, Connects + other.Connects, Losses + other.Losses,
        OutboxMarked + other.OutboxMarked, OutboxOverflows + other.OutboxOverflows, Errors + other.Errors,
        Drops + other.Drops, Refusals + other.Refusals, ModuleRestarts + other.ModuleRestarts);
}
