using System.Diagnostics;
using System.Net.Sockets;

namespace EdgeNano.Boards.Host.Mqtt;

/// <summary>
/// Runs Debian's mosquitto with a config file on a loopback port: starts it and waits until it
/// accepts connections, kills it like a crash (no DISCONNECT to anyone, so clients see their
/// connection drop and wills fire), and keeps the last lines it printed for error messages.
/// The sim's broker and the tests' broker fixture write their own configs and run them here.
/// </summary>
public sealed class MosquittoRunner : IDisposable
{
    private const int KeptLines = 2000;
    private readonly string _executable;
    private readonly string _configPath;
    private readonly TimeSpan _startTimeout;
    private readonly Queue<string> _output = new();
    private Process? _process;

    public MosquittoRunner(string executable, string configPath, string host, int port, TimeSpan startTimeout)
    {
        _executable = executable;
        _configPath = configPath;
        Host = host;
        Port = port;
        _startTimeout = startTimeout;
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>The last lines mosquitto printed (stdout and stderr), oldest first.</summary>
    public string Output
    {
        get { lock (_output) return string.Join('\n', _output); }
    }

    /// <summary>
    /// Starts it (again) on the same port with the same config and returns once it listens.
    /// Throws InvalidOperationException when it exits at start, TimeoutException when it does not listen in time.
    /// </summary>
    public void Start()
    {
        if (_process is { HasExited: false }) return;
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(_executable, ["-c", _configPath])
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
        var deadline = DateTime.UtcNow + _startTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"mosquitto exited with {process.ExitCode} at start:\n{Output}");
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
        throw new TimeoutException($"mosquitto did not listen on {Port} within {_startTimeout.TotalSeconds} s:\n{Output}");
    }

    /// <summary>Kills it and waits until it is gone, so the port is free for a restart.</summary>
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

    public void Dispose() => Stop();

    private void Keep(string? line)
    {
        if (line == null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > KeptLines) _output.Dequeue();
        }
    }
}
