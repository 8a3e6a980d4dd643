using System.Text;
using System.Text.Json;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Cli;
using EdgeNano.Cli.Common;
using EdgeNano.Cli.Hub;

namespace EdgeNano.Tests.Cli;

/// <summary>A temporary directory for SQLite files, removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "edgenano-cli-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>What a command printed and returned.</summary>
public sealed record CliRunResult(int ExitCode, string Output, string Error);

/// <summary>
/// Real parts for command-line tests: the embedded MQTTnet broker on a free port, the real
/// twin hub on a SQLite file in a temp directory, and commands run in-process.
/// </summary>
public sealed class HubRig : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _directory = new();
    private HubService? _hub;

    public HubRig() => Broker = EmbeddedBroker.Start();

    public EmbeddedBroker Broker { get; }

    public string Url => $"mqtt://127.0.0.1:{Broker.Port}";

    public BrokerAddress Address => new("127.0.0.1", Broker.Port, false, null, null);

    public string DatabasePath => _directory.File("hub.db");

    public List<string> HubLog { get; } = [];

    public async Task StartHubAsync(int partitions = 1)
    {
        _hub = HubService.Start(Address, DatabasePath, new HubLimits(), line => { lock (HubLog) HubLog.Add(line); }, CancellationToken.None,
            partitions: partitions);
        await _hub.Ready.WaitAsync(Wait);
    }

    public async Task StopHubAsync()
    {
        if (_hub != null) await _hub.DisposeAsync();
        _hub = null;
    }

    /// <summary>A plain MQTT client standing in for a device.</summary>
    public async Task<MqttSession> DeviceAsync(params string[] subscriptions)
    {
        var session = await MqttSession.ConnectAsync(Address, "test-device", Wait, CancellationToken.None);
        if (subscriptions.Length > 0) await session.SubscribeAsync(subscriptions, CancellationToken.None);
        return session;
    }

    public Task<CliRunResult> RunAsync(params string[] args) => Task.Run(() => Run(args));

    public static CliRunResult Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = EdgeNanoCli.Run(args, output, error);
        return new CliRunResult(code, output.ToString(), error.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await StopHubAsync();
        Broker.Dispose();
        _directory.Dispose();
    }
}

public static class SessionExtensions
{
    public static Task PublishAsync(this MqttSession session, string topic, string json) =>
        session.PublishAsync(topic, Encoding.UTF8.GetBytes(json), CancellationToken.None);

    /// <summary>The next message on topic (others are skipped), parsed.</summary>
    public static async Task<JsonElement> NextAsync(this MqttSession session, string topic)
    {
        using var timeout = new CancellationTokenSource(HubRig.Wait);
        while (true)
        {
            Received message = await session.Incoming.ReadAsync(timeout.Token);
            if (message.Topic == topic) return JsonDocument.Parse(message.Payload).RootElement.Clone();
        }
    }
}
