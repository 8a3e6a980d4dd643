using System.Text.Json;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Cli;

namespace EdgeNano.Tests.Cli;

/// <summary>`edgenano sim` as a user runs it: a real fleet of device code on simulated pins, the embedded broker and the hub, in-process.</summary>
[Collection(FleetCollection.Name)]
public class SimCommandTests
{
    private static readonly string SimulatorBoard = Path.Combine(BuildPaths.RepoRoot, "boards", "simulator", "board.json");

    private static async Task<CliRunResult> SimAsync(params string[] args)
    {
        var output = new StringWriter();
        TextWriter synchronized = TextWriter.Synchronized(output);
        int code = await Task.Run(() => EdgeNanoCli.RunAsync(["sim", "--board", SimulatorBoard, .. args], synchronized, synchronized, CancellationToken.None));
        return new CliRunResult(code, output.ToString(), "");
    }

    [Fact]
    public async Task A_sim_update_key_that_is_not_a_curve_point_is_refused_at_once_by_name()
    {
        CliRunResult run = await SimAsync("--ota-key", "04" + new string('1', 128), "--duration", "1s");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is not an uncompressed P-256 public key", run.Output);
    }

    [Theory]
    [InlineData("Lamp-", "the name 'Lamp-0001'")]
    [InlineData("lamp_", "the name 'lamp_0001'")]
    [InlineData("a-prefix-so-long-that-the-device-model-label-is-too-lo-", "the name has 59 characters")]
    public async Task An_id_prefix_that_gives_names_Kubernetes_cannot_take_is_refused(string prefix, string fragment)
    {
        CliRunResult run = await SimAsync("--id-prefix", prefix, "--devices", "2", "--duration", "1s");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(fragment, run.Output);
    }

    [Fact]
    public async Task Fifty_simulated_boards_converge_and_the_report_lists_each_device_with_its_round_trips()
    {
        using var directory = new TempDirectory();
        string report = directory.File("report.json");

        CliRunResult run = await SimAsync("--devices", "50", "--duration", "3s", "--settle", "20s", "--report", report);

        Assert.True(run.ExitCode == 0, run.Output);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(report));
        JsonElement root = json.RootElement;
        Assert.True(root.GetProperty("converged").GetBoolean());
        Assert.Equal(50, root.GetProperty("convergedDevices").GetInt32());
        string[] ids = [.. root.GetProperty("perDevice").EnumerateArray().Select(d => d.GetProperty("id").GetString()!)];
        Assert.Equal(Enumerable.Range(1, 50).Select(i => $"default/demo-{i:0000}"), ids);
        Assert.All(root.GetProperty("perDevice").EnumerateArray(), d => Assert.True(d.GetProperty("converged").GetBoolean()));
        // The load ran: inputs changed, desired values went out and came back as actual.
        Assert.True(root.GetProperty("counters").GetProperty("desiredSent").GetInt32() >= 1);
        Assert.True(root.GetProperty("roundTripMs").GetProperty("count").GetInt32() >= 1);
        Assert.True(root.GetProperty("roundTripMs").GetProperty("p99").GetDouble() >= root.GetProperty("roundTripMs").GetProperty("p50").GetDouble());
        Assert.True(root.GetProperty("counters").GetProperty("reports").GetInt32() > 50);
        Assert.Equal(0, root.GetProperty("counters").GetProperty("outboxOverflows").GetInt32());
    }

    [Fact]
    public async Task A_twin_set_through_the_sims_broker_drives_that_devices_led_and_comes_back_as_actual()
    {
        using var directory = new TempDirectory();
        string quiet = directory.File("quiet.json");
        File.WriteAllText(quiet, """{ "inputs": {}, "desired": { "everyMs": 0 } }""");
        int port = LoopbackPort.Free();
        var output = new StringWriter();
        TextWriter log = TextWriter.Synchronized(output);
        // The sim writes through the synchronized wrapper, which locks itself: read under the same lock.
        string Output() { lock (log) return output.ToString(); }
        using var stop = new CancellationTokenSource();
        Task<int> sim = Task.Run(() => EdgeNanoCli.RunAsync(
            ["sim", "--board", SimulatorBoard, "--devices", "5", "--port", port.ToString(), "--scenario", quiet, "--settle", "10s", "--id-prefix", "lamp-"],
            log, log, stop.Token));
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (!Output().Contains("5 synced with the twin owner"))
            {
                Assert.False(sim.IsCompleted, Output());
                Assert.True(DateTime.UtcNow < deadline, Output());
                await Task.Delay(50);
            }
            string broker = $"mqtt://127.0.0.1:{port}";

            CliRunResult set = await Task.Run(() => HubRig.Run("twin", "set", "default/lamp-0003", "led=true", "--broker", broker));
            Assert.True(set.ExitCode == 0, set.Error);

            string twin = "";
            while (!twin.Contains("led  expected=true  actual=true"))
            {
                Assert.True(DateTime.UtcNow < deadline, twin);
                await Task.Delay(100);
                twin = (await Task.Run(() => HubRig.Run("twin", "get", "default/lamp-0003", "--broker", broker))).Output;
            }
            string other = (await Task.Run(() => HubRig.Run("twin", "get", "default/lamp-0002", "--broker", broker))).Output;
            Assert.Contains("led  expected=-  actual=false", other);
        }
        finally
        {
            stop.Cancel();
        }
        Assert.True(await sim.WaitAsync(TimeSpan.FromSeconds(30)) == 0, output.ToString());
    }

    [Fact]
    public async Task The_STM32F769I_DISCOVERY_board_runs_in_the_simulator_with_its_pins_above_63_and_converges()
    {
        // Its pins are port * 16 + pin (LD1 red PJ13 = 157): the simulated bank follows the MCU.
        string board = Path.Combine(BuildPaths.RepoRoot, "boards", "stm32f769i-disco", "board.json");
        var output = new StringWriter();
        TextWriter synchronized = TextWriter.Synchronized(output);

        int code = await Task.Run(() => EdgeNanoCli.RunAsync(
            ["sim", "--board", board, "--devices", "3", "--duration", "3s", "--settle", "20s"], synchronized, synchronized, CancellationToken.None));

        Assert.True(code == 0, output.ToString());
        Assert.Contains("boards online / synced 3 / 3 of 3", output.ToString());
        Assert.Contains("module restarts 0 / 0 / 0", output.ToString());
    }

    [Fact]
    public async Task A_broker_nobody_listens_on_gets_a_clear_line_and_exit_code_1()
    {
        int port = EdgeNano.Boards.Host.Mqtt.LoopbackPort.Free();

        CliRunResult run = await SimAsync("--broker", $"mqtt://127.0.0.1:{port}", "--devices", "2", "--duration", "1s");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"could not connect to the broker mqtt://127.0.0.1:{port} within 15 s", run.Output);
        Assert.DoesNotContain("unexpected", run.Output);
    }

    [Fact]
    public async Task Store_fsync_without_a_store_folder_is_refused_at_once()
    {
        CliRunResult run = await SimAsync("--store-fsync", "--devices", "2", "--duration", "1s");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--store-fsync is for a --store folder", run.Output);
    }

    [Fact]
    public async Task A_board_with_a_pin_the_mcu_lacks_fails_at_once_with_the_boards_error_and_exit_code_1()
    {
        using var directory = new TempDirectory();
        string board = directory.File("bad-board.json");
        File.WriteAllText(board, File.ReadAllText(SimulatorBoard).Replace("\"pin\": 3", "\"pin\": 99"));
        var output = new StringWriter();
        var error = new StringWriter();

        int code = await Task.Run(() => EdgeNanoCli.RunAsync(["sim", "--board", board, "--duration", "30s"], output, error, CancellationToken.None))
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, code);
        Assert.Contains("bad-board.json", error.ToString());
        Assert.Contains("GPIO 99", error.ToString());
    }

    [Fact]
    public async Task A_fleet_converges_after_the_broker_goes_away_for_a_while_mid_run()
    {
        using var directory = new TempDirectory();
        string scenario = directory.File("outage.json");
        File.WriteAllText(scenario, """
            { "inputs": { "*": { "everyMs": 700, "pulses": 2 } }, "desired": { "everyMs": 1000 },
              "faults": [ { "kind": "brokerOutage", "atMs": 1000, "durationMs": 1500 } ] }
            """);
        string report = directory.File("report.json");

        CliRunResult run = await SimAsync("--devices", "10", "--duration", "4s", "--settle", "20s", "--scenario", scenario, "--report", report);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("fault: broker outage", run.Output);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(report));
        JsonElement counters = json.RootElement.GetProperty("counters");
        Assert.Equal(1, counters.GetProperty("brokerOutages").GetInt32());
        Assert.True(counters.GetProperty("reconnects").GetInt32() >= 10, run.Output);
        Assert.Equal(10, json.RootElement.GetProperty("convergedDevices").GetInt32());
    }
}
