using System.Collections.Concurrent;
using System.Text;
using EdgeNano.Boards.Host;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Cli.Common;
using EdgeNano.Cli.Hub;
using EdgeNano.Cli.Mapper;
using EdgeNano.Cli.Sim;
using EdgeNano.Tests.Cli;
using EdgeNano.Tests.Infrastructure;
using EdgeNano.Tests.Runtime;

namespace EdgeNano.Tests.Mapper;

/// <summary>
/// Everything a mapper test runs, all real: mosquitto, the twin hub on it (the twin owner, as
/// edgecore's devicetwin is on a node), simulated boards of the product's composition, the
/// stand-in edgecore on a Unix socket in a temp folder, and the mapper itself on another.
/// </summary>
internal sealed class MapperRig : IAsyncDisposable
{
    public static readonly int WaitMs = 20_000;

    private readonly TempDirectory _folder = new();
    private readonly MosquittoBroker _broker;
    private readonly SharedDispatcher _dispatcher = new(1);
    private readonly BlockingWorkPool _work = new(2);
    private readonly List<SimDevice> _boards = [];
    private HubService? _hub;
    private MapperRun? _mapper;

    public MapperRig()
    {
        _broker = MosquittoBroker.Start();
        Edgecore = new FakeEdgecore(_folder.File("dmi.sock"));
    }

    public BrokerAddress Broker => new(_broker.Host, _broker.Port, false, null, null);

    public FakeEdgecore Edgecore { get; }

    public ListLog BoardLog { get; } = new();

    public ConcurrentQueue<string> MapperLog { get; } = new();

    public MapperRun Mapper => _mapper ?? throw new InvalidOperationException("the mapper is not running");

    public string MapperSocket => _folder.File("edgenano.sock");

    public async Task StartHubAsync()
    {
        _hub = HubService.Start(Broker, _folder.File("hub.db"), new HubLimits(), _ => { }, CancellationToken.None);
        await _hub.Ready.WaitAsync(TimeSpan.FromMilliseconds(WaitMs));
    }

    /// <summary>A simulated board of the simulator board file, its device renamed to id, started and synced with the hub.</summary>
    public SimDevice StartBoard(string id)
    {
        string store = _folder.File(id.Replace('/', '_'));
        var board = new SimDevice(_boards.Count, id, ExportedDevices.SimulatorBoard, File.ReadAllBytes(ExportedDevices.SimulatorBoard), store,
            Broker, _dispatcher, _work, BoardLog);
        board.Start();
        _boards.Add(board);
        RuntimeTestKit.WaitUntil(() => board.IsSynced, WaitMs);
        return board;
    }

    public async Task StartMapperAsync(int maxMessageBytes = 4 * 1024 * 1024)
    {
        var options = new MapperOptions(Broker)
        {
            EdgecoreSocket = Edgecore.SocketPath,
            MapperSocket = MapperSocket,
            MaxMessageBytes = maxMessageBytes,
            RegisterBackoff = TimeSpan.FromMilliseconds(100),
            RegisterBackoffCap = TimeSpan.FromMilliseconds(500),
            DesiredRetry = TimeSpan.FromSeconds(1),
        };
        _mapper = await MapperRun.StartAsync(options, MapperLog.Enqueue, CancellationToken.None);
    }

    /// <summary>Waits for a condition, failing with the mapper's log when it does not come.</summary>
    public void WaitFor(Func<bool> condition, string what)
    {
        try
        {
            RuntimeTestKit.WaitUntil(condition, WaitMs);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{what}: not within {WaitMs} ms. Mapper log:\n{string.Join("\n", MapperLog)}");
        }
    }

    public bool MapperSaid(string fragment) => MapperLog.Any(line => line.Contains(fragment));

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_mapper != null) await _mapper.DisposeAsync();
            await Edgecore.DisposeAsync();
            foreach (SimDevice board in _boards) board.Stop();
            if (_hub != null) await _hub.DisposeAsync();
        }
        finally
        {
            // mosquitto is a process of its own: it goes whatever failed above.
            _broker.Dispose();
            _dispatcher.Dispose();
            _work.Dispose();
            _folder.Dispose();
        }
    }
}
