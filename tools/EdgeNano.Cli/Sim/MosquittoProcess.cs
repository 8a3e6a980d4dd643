using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Cli.Common;

namespace EdgeNano.Cli.Sim;

/// <summary>
/// A mosquitto the sim runs as a child process (--mosquitto): a free 127.0.0.1 port, a config
/// written to a temp folder, and Stop (kill: clients see the connection drop, no DISCONNECT) and
/// Start again on the same port for brokerOutage faults. Without persistence a restart loses
/// retained and queued messages, as a real broker restart without a persistence file does.
/// </summary>
internal sealed class MosquittoProcess : ISimBroker
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private readonly string _executable;
    private readonly string _folder;
    private readonly string _config;
    private readonly MosquittoRunner _runner;

    /// <param name="executable">mosquitto's path (Debian: /usr/sbin/mosquitto).</param>
    /// <param name="devices">Boards of the fleet: the owner's and the sim's sessions each take the whole fleet's traffic, so their queues are sized for it.</param>
    public MosquittoProcess(string executable, int devices)
    {
        if (!File.Exists(executable)) throw new CliException($"--mosquitto: {executable} does not exist (apt-get install mosquitto)");
        _executable = executable;
        Port = LoopbackPort.Free();
        _folder = Directory.CreateTempSubdirectory("edgenano-sim-mosquitto-").FullName;
        // Started as root, mosquitto drops to its own user before reading the config's files.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_folder, (UnixFileMode)0b111_101_101);
        _config = Path.Combine(_folder, "mosquitto.conf");
        File.WriteAllText(_config, Config(Port, devices));
        _runner = new MosquittoRunner(executable, _config, Host, Port, StartTimeout);
    }

    /// <summary>The config: see docs/benchmarks-fleet.md for why each line is there.</summary>
    internal static string Config(int port, int devices) => string.Join('\n',
        "persistence false",
        "log_dest stdout",
        "log_type error",
        "log_type warning",
        $"listener {port} 127.0.0.1",
        "allow_anonymous true",
        "max_connections -1",
        // Without it, small publishes wait for Nagle's delay behind the previous one's ACK.
        "set_tcp_nodelay true",
        // The default (1000 per client) silently drops the owner's and the sim's messages under a fleet's start-up.
        $"max_queued_messages {Math.Max(1000, devices * 200)}",
        "max_inflight_messages 0",
        "");

    public string Host => "127.0.0.1";
    public int Port { get; }
    public string Name => "mosquitto " + _executable;

    /// <summary>Starts it (again) on the same port, waiting until it accepts connections.</summary>
    public void Start()
    {
        try
        {
            _runner.Start();
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            throw new CliException(e.Message.Replace('\n', ' '));
        }
    }

    /// <summary>Kills it (a crash, not a shutdown) and waits until it is gone, so the port is free for the restart.</summary>
    public void Stop() => _runner.Stop();

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
