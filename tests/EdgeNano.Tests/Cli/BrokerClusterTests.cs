using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using EdgeNano.Cli;
using EdgeNano.Tests.Infrastructure;

namespace EdgeNano.Tests.Cli;

/// <summary>
/// The fleet on a clustered broker that already exists: tools/cluster/run-cluster.sh starts three
/// RabbitMQ nodes (MQTT plugin), runs the twin hub and the sim with the three nodes as their
/// broker list, kills one node mid-run and starts it again. Every board must converge, and
/// nothing the script started may be left running.
/// </summary>
[Collection(FleetCollection.Name)]
public class BrokerClusterTests
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(5);

    [SkippableFact]
    public void Every_board_converges_after_one_node_of_a_three_node_RabbitMQ_cluster_is_killed_and_restarted()
    {
        RabbitMqInstall.RequireInstalled();

        (int exit, string output) = RunScript("--devices", "20", "--duration", "24s", "--settle", "60s", "--kill-node", "2",
            "--edgenano", typeof(EdgeNanoCli).Assembly.Location);

        Assert.True(exit == 0, $"run-cluster.sh exited {exit}:\n{output}");
        Assert.Contains("cluster of 3 running node(s)", output);
        Assert.Contains("killing node 2", output);
        Assert.Contains("node 2 back", output);
        Assert.Contains("converged: every board", output);
        Assert.DoesNotContain("not converged", output);
        string brokers = Regex.Match(output, @"MQTT on (\S+)").Groups[1].Value;
        Assert.True(brokers.Length > 0, output);
        Assert.Empty(ProcessesNaming(brokers));
        string nodes = Regex.Match(output, @"killing node 2 \((en\d+n)2@").Groups[1].Value;
        Assert.True(nodes.Length > 0, output);
        Assert.Empty(ProcessesNaming(nodes + "1@localhost").Concat(ProcessesNaming(nodes + "2@localhost")).Concat(ProcessesNaming(nodes + "3@localhost")));
    }

    /// <summary>Command lines of running processes that mention the text: the script must leave no hub or sim behind.</summary>
    private static List<string> ProcessesNaming(string text)
    {
        var found = new List<string>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                string line = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (line.Contains(text)) found.Add(line);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while listed.
            }
        }
        return found;
    }

    [SkippableFact]
    public void Bad_options_get_a_clear_line_before_any_node_starts()
    {
        RabbitMqInstall.RequireInstalled();

        (int exit, string output) = RunScript("--kill-node", "7");

        Assert.Equal(2, exit);
        Assert.Contains("--kill-node: '7' is not a node", output);
        Assert.DoesNotContain("starting", output);
    }

    /// <summary>The script to its end; on overrun SIGTERM first, so its trap still stops the nodes.</summary>
    private static (int Exit, string Output) RunScript(params string[] args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(BuildPaths.RepoRoot, "tools", "cluster", "run-cluster.sh"));
        foreach (string arg in args) info.ArgumentList.Add(arg);
        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(RunLimit))
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString()])) term.WaitForExit();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60))) process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"run-cluster.sh still running after {RunLimit.TotalMinutes:0} min:\n{output}");
        }
        process.WaitForExit();
        lock (output) return (process.ExitCode, output.ToString());
    }
}
