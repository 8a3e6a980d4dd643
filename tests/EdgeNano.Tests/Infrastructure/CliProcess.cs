using System.Diagnostics;
using System.Text;
using EdgeNano.Cli;

namespace EdgeNano.Tests.Infrastructure;

/// <summary>
/// An <c>edgenano</c> command as a second process: the built CLI (edgenano.dll, copied next to the
/// tests by the project reference) run by the dotnet host, with its output collected, and killed
/// for real (SIGKILL) when a test needs a crash.
/// </summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _command;

    private CliProcess(string[] args)
    {
        _command = "edgenano " + args[0];
        string cli = typeof(EdgeNanoCli).Assembly.Location;
        // The SDK tells test hosts where dotnet is; a plain "dotnet" from PATH otherwise.
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(cli);
        foreach (string arg in args) info.ArgumentList.Add(arg);
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Starts <c>edgenano</c> with these arguments, the command first.</summary>
    public static CliProcess Start(params string[] args) => new(args);

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits until the process has printed text; a failure with its output when it exits or overruns first.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text))
        {
            if (_process.HasExited) Assert.Fail($"{_command} exited before printing '{text}':\n{Output}");
            if (DateTime.UtcNow > deadline) Assert.Fail($"{_command} printed no '{text}' within {timeout.TotalSeconds:0} s:\n{Output}");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits for the process to end; its exit code, or a failure with its output when it overruns.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) Assert.Fail($"{_command} still running after {timeout.TotalSeconds:0} s:\n{Output}");
        _process.WaitForExit(); // drains the output readers
        return _process.ExitCode;
    }

    /// <summary>Kills the process at once (SIGKILL on Linux: no handler, no flush, no dispose runs) and waits for it to be gone.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line == null) return;
        lock (_output) _output.AppendLine(line);
    }
}
