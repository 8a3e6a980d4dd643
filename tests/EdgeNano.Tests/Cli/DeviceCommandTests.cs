using EdgeNano.Cli;

namespace EdgeNano.Tests.Cli;

/// <summary>`edgenano device`: one simulated board in the foreground, its twin kept in --store.</summary>
[Collection(FleetCollection.Name)]
public class DeviceCommandTests
{
    private static readonly string SimulatorBoard = Path.Combine(BuildPaths.RepoRoot, "boards", "simulator", "board.json");

    private sealed class RunningDevice(string[] args)
    {
        private readonly StringWriter _text = new();
        private readonly CancellationTokenSource _stop = new();
        private TextWriter? _output;
        private Task<int> _exit = Task.FromResult(-1);

        public string Output
        {
            get { lock (_output!) return _text.ToString(); }
        }

        public RunningDevice Start()
        {
            _output = TextWriter.Synchronized(_text);
            _exit = Task.Run(() => EdgeNanoCli.RunAsync(["device", .. args], _output, _output, _stop.Token));
            return this;
        }

        public async Task WaitForAsync(string text)
        {
            var deadline = DateTime.UtcNow + HubRig.Wait;
            while (!Output.Contains(text))
            {
                if (_exit.IsCompleted) Assert.Fail($"exited {_exit.Result} before printing '{text}':\n{Output}");
                if (DateTime.UtcNow > deadline) Assert.Fail($"no '{text}' within {HubRig.Wait}:\n{Output}");
                await Task.Delay(20);
            }
        }

        public async Task<int> StopAsync()
        {
            _stop.Cancel();
            return await _exit.WaitAsync(HubRig.Wait);
        }
    }

    /// <summary>Asks the hub (twin get with getArgs) until the printed twin contains text.</summary>
    private static async Task WaitForTwinAsync(RunningDevice device, string text, params string[] getArgs)
    {
        var deadline = DateTime.UtcNow + HubRig.Wait;
        while (!HubRig.Run(["twin", "get", .. getArgs]).Output.Contains(text))
        {
            Assert.True(DateTime.UtcNow < deadline, device.Output);
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_device_syncs_follows_twin_set_and_after_a_restart_reads_its_twin_back_from_its_store()
    {
        await using var rig = new HubRig();
        await rig.StartHubAsync();
        using var store = new TempDirectory();
        string[] args = ["--board", SimulatorBoard, "--id", "default/porch", "--broker", rig.Url, "--store", store.Path];

        var first = new RunningDevice(args).Start();
        await first.WaitForAsync("no saved twin; starting empty");
        await first.WaitForAsync("resyncing -> synced");
        Assert.Equal(0, HubRig.Run("twin", "set", "default/porch", "led=true", "--broker", rig.Url).ExitCode);
        await WaitForTwinAsync(first, "led  expected=true  actual=true", "default/porch", "--broker", rig.Url);
        Assert.Equal(0, await first.StopAsync());
        Assert.Contains("twin flushed", first.Output);

        var second = new RunningDevice(args).Start();
        await second.WaitForAsync("twin restored from flash");
        Assert.DoesNotContain("no saved twin", second.Output);
        Assert.Equal(0, await second.StopAsync());
    }

    [Theory]
    [InlineData("simulator", false, "default/demo")]
    [InlineData("simulator", true, "demo")]
    [InlineData("esp32-devkitc", false, "default/esp32-devkitc")]
    [InlineData("esp32-devkitc", true, "esp32-devkitc")]
    [InlineData("stm32f769i-disco", false, "default/stm32f769i-disco")]
    public async Task A_shipped_board_syncs_with_the_hub_reports_and_follows_twin_set_in_both_topic_forms(string boardName, bool singleSegment, string topicId)
    {
        await using var rig = new HubRig();
        await rig.StartHubAsync();
        using var store = new TempDirectory();
        string boardFile = Path.Combine(BuildPaths.RepoRoot, "boards", boardName, "board.json");
        string[] mode = singleSegment ? ["--single-segment"] : [];
        string[] args = ["--board", boardFile, "--broker", rig.Url, "--store", store.Path, .. mode];
        var device = new RunningDevice(args).Start();
        await device.WaitForAsync("resyncing -> synced");

        // The hub knows the device by its topic spelling and holds the board's readings.
        await WaitForTwinAsync(device, "button  expected=-  actual=false", [topicId, "--broker", rig.Url, .. mode]);
        Assert.Equal(0, HubRig.Run(["twin", "set", topicId, "led=true", "--broker", rig.Url, .. mode]).ExitCode);
        await WaitForTwinAsync(device, "led  expected=true  actual=true", [topicId, "--broker", rig.Url, .. mode]);
        Assert.Equal(0, await device.StopAsync());
        Assert.DoesNotContain("not answered", device.Output);
        Assert.DoesNotContain("warning", device.Output);
        lock (rig.HubLog) Assert.DoesNotContain(rig.HubLog, line => line.Contains("refused"));
    }

    [Fact]
    public async Task Another_clients_refused_twin_set_is_not_taken_for_a_refusal_of_the_devices_own_report()
    {
        await using var rig = new HubRig();
        await rig.StartHubAsync();
        using var store = new TempDirectory();
        var device = new RunningDevice(["--board", SimulatorBoard, "--broker", rig.Url, "--store", store.Path]).Start();
        await device.WaitForAsync("resyncing -> synced");

        // led is boolean: the hub answers 400 on default/demo's twin/update/result, where the device listens too.
        CliRunResult refused = HubRig.Run("twin", "set", "default/demo", "led=banana", "--broker", rig.Url);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("400", refused.Error + refused.Output);
        // The device's own reports are still answered to it: a reading goes through after the refusal.
        Assert.Equal(0, HubRig.Run("twin", "set", "default/demo", "led=true", "--broker", rig.Url).ExitCode);
        await WaitForTwinAsync(device, "led  expected=true  actual=true", "default/demo", "--broker", rig.Url);

        Assert.Equal(0, await device.StopAsync());
        Assert.DoesNotContain("refused a report", device.Output);
    }

    [Fact]
    public async Task A_device_id_with_a_wildcard_is_refused_with_exit_code_1()
    {
        using var store = new TempDirectory();
        var output = new StringWriter();
        var error = new StringWriter();

        int code = await EdgeNanoCli.RunAsync(["device", "--id", "default/a+b", "--board", SimulatorBoard, "--store", store.Path], output, error, CancellationToken.None);

        Assert.Equal(1, code);
        Assert.Contains("namespace/name", error.ToString());
    }

    [Theory]
    [InlineData("Default/porch", "the namespace 'Default'")]
    [InlineData("porch_1", "the name 'porch_1'")]
    public async Task A_device_id_Kubernetes_cannot_name_is_refused_with_exit_code_1(string id, string fragment)
    {
        using var store = new TempDirectory();
        var output = new StringWriter();
        var error = new StringWriter();

        int code = await EdgeNanoCli.RunAsync(["device", "--id", id, "--board", SimulatorBoard, "--store", store.Path], output, error, CancellationToken.None);

        Assert.Equal(1, code);
        Assert.Contains(fragment, error.ToString());
    }
}
