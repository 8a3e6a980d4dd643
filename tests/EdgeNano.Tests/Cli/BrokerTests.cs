using System.Net;
using EdgeNano.Cli.Broker;
using EdgeNano.Cli.Common;

namespace EdgeNano.Tests.Cli;

/// <summary>`edgenano broker`'s ACL and users, with the mosquitto ACL file the docs ship.</summary>
public class BrokerTests
{
    private static readonly string AclFile = Path.Combine(BuildPaths.RepoRoot, "docs", "mosquitto-acl.example");

    private static async Task<(StandaloneBroker Broker, List<string> Log)> StartAsync()
    {
        var log = new List<string>();
        var broker = new StandaloneBroker(new BrokerSettings
        {
            Port = 0,
            Bind = IPAddress.Loopback,
            Acl = TopicAcl.Load(AclFile),
            Users = UserFile.Parse(["twinhub:hub-pw", "thermo-01:t-pw", "pump-02:p-pw"]),
        }, line => { lock (log) log.Add(line); });
        await broker.StartAsync();
        return (broker, log);
    }

    private static Task<MqttSession> ConnectAsync(StandaloneBroker broker, string user, string password) =>
        MqttSession.ConnectAsync(new BrokerAddress("127.0.0.1", broker.Port, false, user, password), user, HubRig.Wait, CancellationToken.None);

    [Fact]
    public async Task A_device_publishing_on_another_devices_topic_is_dropped_and_logged()
    {
        var (broker, log) = await StartAsync();
        await using var _ = broker;
        await using var hub = await ConnectAsync(broker, "twinhub", "hub-pw");
        await hub.SubscribeAsync(["$hw/events/device/+/+/twin/+"], CancellationToken.None);
        await using var thermo = await ConnectAsync(broker, "thermo-01", "t-pw");

        await thermo.PublishAsync("$hw/events/device/plant-a/pump-02/twin/update", """{"twin":{}}""");
        await thermo.PublishAsync("$hw/events/device/default/thermo-01/twin/update", """{"twin":{}}""");

        // Messages arrive in order: if the foreign one had passed, it would come first.
        Received first = await hub.Incoming.ReadAsync(new CancellationTokenSource(HubRig.Wait).Token);
        Assert.Equal("$hw/events/device/default/thermo-01/twin/update", first.Topic);
        Assert.Equal(1, broker.RefusedPublishes);
        lock (log) Assert.Contains(log, l => l.Contains("refused publish") && l.Contains("thermo-01") && l.Contains("plant-a/pump-02"));
    }

    [Fact]
    public async Task A_device_subscribed_to_another_devices_topics_receives_nothing_of_them()
    {
        var (broker, _) = await StartAsync();
        await using var __ = broker;
        await using var pump = await ConnectAsync(broker, "pump-02", "p-pw");
        await pump.SubscribeAsync(["$hw/events/device/+/+/twin/update/delta"], CancellationToken.None);
        await using var hub = await ConnectAsync(broker, "twinhub", "hub-pw");

        await hub.PublishAsync("$hw/events/device/default/thermo-01/twin/update/delta", """{"delta":{}}""");
        await hub.PublishAsync("$hw/events/device/plant-a/pump-02/twin/update/delta", """{"delta":{}}""");

        Received first = await pump.Incoming.ReadAsync(new CancellationTokenSource(HubRig.Wait).Token);
        Assert.Equal("$hw/events/device/plant-a/pump-02/twin/update/delta", first.Topic);
        Assert.Equal(1, broker.WithheldDeliveries);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_at_connect()
    {
        var (broker, _) = await StartAsync();
        await using var __ = broker;

        var refusal = await Assert.ThrowsAsync<CliException>(() => ConnectAsync(broker, "thermo-01", "wrong"));
        Assert.Contains("BadUserNameOrPassword", refusal.Message);
    }

    [Fact]
    public void Pattern_rules_give_each_user_its_own_subtree_and_deny_wins()
    {
        var acl = TopicAcl.Parse([
            "pattern readwrite $hw/events/device/default/%u/#",
            "user thermo-01",
            "topic deny $hw/events/device/default/thermo-01/secret",
        ]);

        Assert.True(acl.MayWrite("thermo-01", "c1", "$hw/events/device/default/thermo-01/twin/update"));
        Assert.False(acl.MayWrite("thermo-01", "c1", "$hw/events/device/default/pump-02/twin/update"));
        Assert.False(acl.MayWrite("thermo-01", "c1", "$hw/events/device/default/thermo-01/secret"));
        Assert.False(acl.MayRead(null, "anon", "$hw/events/device/default/thermo-01/twin/update"));
    }

    [Fact]
    public void An_unreadable_ACL_line_names_its_line()
    {
        var error = Assert.Throws<FormatException>(() => TopicAcl.Parse(["user a", "topic read a/#/b"], "edge.acl"));
        Assert.Contains("edge.acl:2", error.Message);
    }

    [Fact]
    public void A_broker_with_a_missing_ACL_file_exits_1_with_one_line()
    {
        CliRunResult run = HubRig.Run("broker", "--port", "0", "--acl", "/nonexistent/edge.acl");

        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
