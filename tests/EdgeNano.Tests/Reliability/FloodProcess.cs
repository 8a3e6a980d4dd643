using System.Diagnostics;
using System.Text;
using EdgeNano.Cli;

namespace EdgeNano.Tests.Reliability;

/// <summary>
/// <c>edgenano flood</c> as a second process: the built CLI (edgenano.dll, copied next to the
/// tests by the project reference) run by the dotnet host, with its output collected.
/// </summary>
public sealed class FloodProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private FloodProcess(IEnumerable<string> args)
    {
        string cli = typeof(EdgeNanoCli).Assembly.Location;
        // The SDK tells test hosts where dotnet is; a plain "dotnet" from PATH otherwise.
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(cli);
        info.ArgumentList.Add("flood");
        foreach (string arg in args) info.ArgumentList.Add(arg);
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static FloodProcess Start(params string[] args) => new(args);

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits for the flood to end; its exit code, or a failure with its output when it overruns.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) Assert.Fail($"edgenano flood still running after {timeout.TotalSeconds:0} s:\n{Output}");
        _process.WaitForExit(); // drains the output readers
        return _process.ExitCode;
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
