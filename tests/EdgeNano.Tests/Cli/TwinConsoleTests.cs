using System.Text.Json;

namespace EdgeNano.Tests.Cli;

/// <summary>`edgenano hub` and `edgenano twin` over a real broker, with real SQLite files.</summary>
public class TwinConsoleTests
{
    private const string Lamp = "$hw/events/device/default/lamp-01";

    [Fact]
    public async Task The_hub_on_a_broker_answers_get_and_refuses_a_bad_value_with_400()
    {
        await using var rig = new HubRig();
        await rig.StartHubAsync();
        await using var device = await rig.DeviceAsync(Lamp + "/twin/update/result", Lamp + "/twin/get/result");

        await device.PublishAsync(Lamp + "/twin/update", """{"event_id":"u1","twin":{"level":{"actual":{"value":"40"},"metadata":{"type":"int"}}}}""");
        Assert.Equal("u1", (await device.NextAsync(Lamp + "/twin/update/result")).GetProperty("event_id").GetString());

        await device.PublishAsync(Lamp + "/twin/get", """{"event_id":"g1","timestamp":1}""");
        JsonElement get = await device.NextAsync(Lamp + "/twin/get/result");
        Assert.Equal("40", get.GetProperty("twin").GetProperty("level").GetProperty("actual").GetProperty("value").GetString());

        await device.PublishAsync(Lamp + "/twin/update", """{"event_id":"u2","twin":{"level":{"actual":{"value":"4.5"}}}}""");
        JsonElement refusal = await device.NextAsync(Lamp + "/twin/update/result");
        Assert.Equal(400, refusal.GetProperty("code").GetInt32());
        Assert.Equal("u2", refusal.GetProperty("event_id").GetString());
    }

    [Fact]
    public async Task Twin_set_through_the_hub_reaches_a_subscribed_device_as_a_delta()
    {
        await using var rig = new HubRig();
        await rig.StartHubAsync();
        await using var device = await rig.DeviceAsync(Lamp + "/twin/update/result", Lamp + "/twin/update/delta");
        await device.PublishAsync(Lamp + "/twin/update", """{"event_id":"u1","twin":{"power":{"actual":{"value":"off"}}}}""");
        await device.NextAsync(Lamp + "/twin/update/result");

        CliRunResult set = await rig.RunAsync("twin", "set", "lamp-01", "power=on", "--broker", rig.Url);

        Assert.True(set.ExitCode == 0, set.Error);
        Assert.Contains("power  expected=on  actual=off", set.Output);
        JsonElement delta = await device.NextAsync(Lamp + "/twin/update/delta");
        Assert.Equal("on", delta.GetProperty("delta").GetProperty("power").GetString());
    }

    [Fact]
    public async Task A_restarted_hub_still_has_the_twins_it_had()
    {
        await using var rig = new HubRig();
        await rig.StartHubAsync();
        await using (var device = await rig.DeviceAsync(Lamp + "/twin/update/result"))
        {
            await device.PublishAsync(Lamp + "/twin/update", """{"event_id":"u1","twin":{"level":{"actual":{"value":"40"},"metadata":{"type":"int"}}}}""");
            await device.NextAsync(Lamp + "/twin/update/result");
        }
        Assert.Equal(0, (await rig.RunAsync("twin", "set", "default/lamp-01", "level=75", "--broker", rig.Url)).ExitCode);

        await rig.StopHubAsync();
        await rig.StartHubAsync();
        CliRunResult get = await rig.RunAsync("twin", "get", "default/lamp-01", "--broker", rig.Url);

        Assert.True(get.ExitCode == 0, get.Error);
        Assert.Contains("level  expected=75  actual=40  (int)", get.Output);
    }

    [Fact]
    public async Task Twin_get_of_an_unknown_device_exits_non_zero_with_one_clear_line()
    {
        await using var rig = new HubRig();
        await rig.StartHubAsync();

        CliRunResult get = await rig.RunAsync("twin", "get", "default/ghost-9", "--broker", rig.Url);

        Assert.NotEqual(0, get.ExitCode);
        string line = Assert.Single(get.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("default/ghost-9", line);
        Assert.Contains("404", line);
        Assert.Equal("", get.Output);
    }

    [Fact]
    public async Task Twin_set_of_a_value_not_of_the_type_exits_non_zero_with_the_hubs_reason()
    {
        await using var rig = new HubRig();
        await rig.StartHubAsync();
        Assert.Equal(0, (await rig.RunAsync("twin", "set", "lamp-01", "level=10", "--type", "int", "--broker", rig.Url)).ExitCode);

        CliRunResult set = await rig.RunAsync("twin", "set", "lamp-01", "level=bright", "--broker", rig.Url);

        Assert.Equal(1, set.ExitCode);
        Assert.Contains("400", set.Error);
        Assert.Contains("not int", set.Error);
    }

    [Fact]
    public async Task Twin_get_without_a_twin_owner_gives_up_after_the_timeout()
    {
        await using var rig = new HubRig();

        CliRunResult get = await rig.RunAsync("twin", "get", "lamp-01", "--timeout", "0.3", "--broker", rig.Url);

        Assert.Equal(1, get.ExitCode);
        Assert.Contains("no answer", get.Error);
    }

    [Fact]
    public async Task Twin_watch_prints_the_changes_the_hub_publishes()
    {
        await using var rig = new HubRig();
        await rig.StartHubAsync();
        Task<CliRunResult> watch = rig.RunAsync("twin", "watch", "lamp-01", "--count", "2", "--broker", rig.Url);
        // Watch subscribes after connecting; a set before that would go unseen, so retry until both arrive.
        for (int i = 0; i < 50 && !watch.IsCompleted; i++)
        {
            await rig.RunAsync("twin", "set", "lamp-01", $"power=on{i}", "--broker", rig.Url);
            await Task.WhenAny(watch, Task.Delay(100));
        }

        CliRunResult result = await watch.WaitAsync(HubRig.Wait);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("default/lamp-01 changed: power  expected=on", result.Output);
        Assert.Contains("default/lamp-01 delta: power=on", result.Output);
    }

    [Fact]
    public void A_broker_URL_that_is_not_mqtt_is_one_clear_line_and_exit_code_1()
    {
        CliRunResult get = HubRig.Run("twin", "get", "lamp-01", "--broker", "http://example.com");

        Assert.Equal(1, get.ExitCode);
        Assert.Contains("not a broker URL", get.Error);
    }
}

public class TwinWatchEveryDeviceTests
{
    [Fact]
    public async Task Twin_watch_without_a_device_prints_changes_of_every_device_with_its_id()
    {
        await using var rig = new HubRig();
        await rig.StartHubAsync();
        Task<CliRunResult> watch = rig.RunAsync("twin", "watch", "--count", "2", "--broker", rig.Url);
        for (int i = 0; i < 50 && !watch.IsCompleted; i++)
        {
            await rig.RunAsync("twin", "set", i % 2 == 0 ? "plant-a/pump-02" : "default/thermo-01", $"mode=m{i}", "--broker", rig.Url);
            await Task.WhenAny(watch, Task.Delay(100));
        }

        CliRunResult result = await watch.WaitAsync(HubRig.Wait);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Matches(@"(plant-a/pump-02|default/thermo-01) (changed|delta): ", result.Output);
    }
}
