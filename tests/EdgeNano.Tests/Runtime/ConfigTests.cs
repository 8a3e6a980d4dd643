using EdgeNano.Runtime;

namespace EdgeNano.Tests.Runtime;

public class ConfigTests
{
    [Fact]
    public void A_config_that_names_an_unregistered_module_fails_start_with_a_message_naming_it()
    {
        var config = RuntimeTestKit.SmallConfig();
        config.SetModuleEnabled("devicetwn", false);
        var host = RuntimeTestKit.Host(config, null, null, new RecordingModule("devicetwin"), new RecordingModule("edgehub"));

        var error = Assert.Throws<RuntimeConfigException>(host.Start);

        Assert.Equal("the configuration names module 'devicetwn', which is not registered; registered modules: devicetwin, edgehub", error.Message);
    }

    [Fact]
    public void A_disabled_module_is_not_started_and_sends_to_it_fail()
    {
        var config = RuntimeTestKit.SmallConfig();
        config.SetModuleEnabled("updates", false);
        var updates = new RecordingModule("updates");
        var host = RuntimeTestKit.Host(config, null, null, updates, new RecordingModule("devicetwin"));
        host.Start();

        Assert.Equal(0, updates.Starts);
        Assert.False(host.IsModuleRunning("updates"));
        Assert.Equal(SendResult.UnknownDestination, host.Send("x", "updates", "hello"));
        Assert.Equal(SendResult.Accepted, host.Send("x", "devicetwin", "hello"));
        host.Stop();
        Assert.Equal(0, updates.Stops);
    }

    [Fact]
    public void Two_modules_with_the_same_name_are_refused_at_registration()
    {
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(), null, null, new RecordingModule("twin"));
        var error = Assert.Throws<RuntimeConfigException>(() => host.Register(new RecordingModule("twin")));
        Assert.Contains("two modules are named 'twin'", error.Message);
    }

    [Fact]
    public void Each_module_gets_the_ring_size_the_config_gives_it()
    {
        var config = RuntimeTestKit.SmallConfig(ring: 3);
        config.SetRingCapacity("big", 10);
        var host = RuntimeTestKit.Host(config, null, null, new RecordingModule("small"), new RecordingModule("big"));
        host.Start();

        int Fill(string name) { int n = 0; while (host.Send("x", name, "m") == SendResult.Accepted) n++; return n; }

        Assert.Equal(3, Fill("small"));
        Assert.Equal(10, Fill("big"));
    }
}
