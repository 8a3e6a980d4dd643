using System.Diagnostics;
using System.Net.Sockets;
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
    private readonly Queue<string> _output = new();
    private Process? _process;

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
        if (_process is { HasExited: false }) return;
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(_executable, ["-c", _config])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new CliException($"mosquitto exited with {process.ExitCode} at start: {Output()}");
            try
            {
                using var probe = new TcpClient();
                probe.Connect(Host, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(20);
            }
        }
        throw new CliException($"mosquitto did not listen on {Port} within {StartTimeout.TotalSeconds} s: {Output()}");
    }

    /// <summary>Kills it (a crash, not a shutdown) and waits until it is gone, so the port is free for the restart.</summary>
    public void Stop()
    {
        Process? process = _process;
        _process = null;
        if (process == null) return;
        try
        {
            if (!process.HasExited) process.Kill();
            process.WaitForExit(5000);
        }
        finally
        {
            process.Dispose();
        }
    }

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

    /// <summary>The last lines mosquitto printed, for an error message.</summary>
    private string Output()
    {
        lock (_output) return string.Join(" | ", _output);
    }

    private void Keep(string? line)
    {
        if (line == null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > 20) _output.Dequeue();
        }
    }
}
