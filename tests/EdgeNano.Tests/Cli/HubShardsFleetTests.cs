using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeNano.Cli.Hub;
using EdgeNano.Tests.Infrastructure;

namespace EdgeNano.Tests.Cli;

/// <summary>
/// Issue 15's sharded run as a user starts it: two `edgenano hub --shard i/2` processes and two
/// `edgenano sim --shard i/2 --no-hub` processes on one real mosquitto. Hub shard 0 is killed
/// (SIGKILL) mid-run and restarted on its file: shard 1's boards go on converging meanwhile,
/// and shard 0's converge again with nothing acknowledged lost.
/// </summary>
[Collection(FleetCollection.Name)]
public class HubShardsFleetTests
{
    private const int Fleet = 16;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly string SimulatorBoard = Path.Combine(BuildPaths.RepoRoot, "boards", "simulator", "board.json");

    /// <summary>Desired values measured round trip so far, from the sim's latest figures line.</summary>
    private static int Measured(CliProcess sim)
    {
        MatchCollection lines = Regex.Matches(sim.Output, @"\((\d+) measured[;)]");
        return lines.Count == 0 ? 0 : int.Parse(lines[^1].Groups[1].Value);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what, params CliProcess[] processes)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"not within {Wait.TotalSeconds:0} s: {what}\n" + string.Join("\n----\n", processes.Select(p => p.Output)));
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Two_hub_shards_serve_two_sim_shards_and_a_killed_shard_restarts_on_its_file_without_losing_what_it_acknowledged()
    {
        using var broker = MosquittoBroker.Start();
        using var directory = new TempDirectory();
        string url = $"mqtt://{broker.Host}:{broker.Port}";
        string scenario = directory.File("brisk.json");
        // A desired value per device every second: enough round trips to see shard 1 at work
        // during shard 0's outage without a long run.
        File.WriteAllText(scenario, """{ "desired": { "everyMs": 1000 } }""");
        string[] HubArgs(int shard) => ["hub", "--shard", $"{shard}/2", "--db", directory.File($"hub-{shard}of2.db"), "--broker", url];
        string[] SimArgs(int shard) =>
        [
            "sim", "--shard", $"{shard}/2", "--no-hub", "--broker", url, "--devices", Fleet.ToString(), "--board", SimulatorBoard,
            "--scenario", scenario, "--duration", "20s", "--settle", "45s", "--report", directory.File($"sim-{shard}.json"),
        ];

        var hub0 = CliProcess.Start(HubArgs(0));
        try
        {
            using var hub1 = CliProcess.Start(HubArgs(1));
            await hub0.WaitForOutputAsync("subscribed", Wait);
            await hub1.WaitForOutputAsync("subscribed", Wait);
            using var sim0 = CliProcess.Start(SimArgs(0));
            using var sim1 = CliProcess.Start(SimArgs(1));

            // Every board of both shards is synced with its hub shard, and desired values come back.
            await sim0.WaitForOutputAsync("synced with the twin owner", Wait);
            await sim1.WaitForOutputAsync("synced with the twin owner", Wait);
            int boards0 = int.Parse(Regex.Match(sim0.Output, @"shard 0/2: (\d+) of the fleet's 16 boards").Groups[1].Value);
            int boards1 = int.Parse(Regex.Match(sim1.Output, @"shard 1/2: (\d+) of the fleet's 16 boards").Groups[1].Value);
            Assert.Equal(Fleet, boards0 + boards1);
            Assert.Contains($"{boards0} board(s) started, {boards0} synced", sim0.Output);
            Assert.Contains($"{boards1} board(s) started, {boards1} synced", sim1.Output);
            await WaitUntilAsync(() => Measured(sim0) > 0 && Measured(sim1) > 0, "both shards measure round trips", sim0, sim1, hub0, hub1);

            // Shard 0's hub dies mid-run; shard 1's boards keep making the round trip without it.
            hub0.Kill();
            int before = Measured(sim1);
            await WaitUntilAsync(() => Measured(sim1) >= before + 3, "shard 1's round trips go on while hub shard 0 is down", sim1, hub1);

            // Restarted on its own file, shard 0's hub has every device of its shard (all were acknowledged).
            hub0.Dispose();
            hub0 = CliProcess.Start(HubArgs(0));
            await hub0.WaitForOutputAsync("subscribed", Wait);
            Assert.Contains($"{boards0} device(s) loaded", hub0.Output);

            // A board does not resend a report that got no result; its next change or resync does.
            // So shard 0 must be back while the load still changes inputs: 20 s leaves room for that.
            bool backInTime = !sim0.Output.Contains("stopping the load");
            Assert.True(sim0.WaitForExit(Wait * 2) == 0, $"hub shard 0 back before the load ended: {backInTime}\n{sim0.Output}\n----\n{hub0.Output}");
            Assert.True(sim1.WaitForExit(Wait * 2) == 0, sim1.Output);
        }
        finally
        {
            hub0.Dispose();
        }

        // Each sim shard ran its own devices, the two together the whole fleet, every one converged.
        var seen = new HashSet<string>();
        for (int shard = 0; shard < 2; shard++)
        {
            using JsonDocument report = JsonDocument.Parse(File.ReadAllBytes(directory.File($"sim-{shard}.json")));
            JsonElement root = report.RootElement;
            Assert.Equal($"{shard}/2", root.GetProperty("shard").GetString());
            Assert.Equal(root.GetProperty("devices").GetInt32(), root.GetProperty("convergedDevices").GetInt32());
            foreach (JsonElement device in root.GetProperty("perDevice").EnumerateArray())
            {
                string id = device.GetProperty("id").GetString()!;
                Assert.True(new HubShard(shard, 2).Owns(id), $"{id} ran in sim shard {shard}/2");
                Assert.True(seen.Add(id), $"{id} ran in both sim shards");
            }
        }
        Assert.Equal(Fleet, seen.Count);
    }
}
