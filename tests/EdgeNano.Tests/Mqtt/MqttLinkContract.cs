using System.Text;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.EventBus;
using EdgeNano.Runtime.Network;
using EdgeNano.Tests.Infrastructure;

namespace EdgeNano.Tests.Mqtt;

/// <summary>
/// What an <see cref="IMqttLink"/> must do against a real broker. Each broker under test
/// (mosquitto, the embedded MQTTnet broker) runs every test here in a subclass.
/// </summary>
public abstract class MqttLinkContract
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly KubeEdgeTopics Topics = new("edge-1", ["default"], ["thermo-01"], false);

    /// <summary>A fresh broker on a free port; users (name → password) make it refuse anonymous clients.</summary>
    protected abstract ITestBroker StartBroker(IReadOnlyDictionary<string, string>? users = null);

    protected static MqttLinkOptions Options(string host, int port, string clientId) => new()
    {
        Host = host,
        Port = port,
        ClientId = clientId,
        KeepAliveSeconds = 5,
        OperationTimeoutMs = 10000,
    };

    [SkippableTheory]
    [InlineData(MqttQos.AtMostOnce)]
    [InlineData(MqttQos.AtLeastOnce)]
    public void A_published_slice_arrives_at_a_subscriber_with_its_qos(int qos)
    {
        using var broker = StartBroker();
        using var device = new MqttNetLink();
        using var owner = new MqttNetLink();
        var heard = new RecordingListener();
        owner.SetListener(heard);
        string topic = Topics.TwinUpdateTopic(0);
        Assert.Equal(MqttConnectResult.Name(MqttConnectResult.Accepted), MqttConnectResult.Name(owner.Connect(Options(broker.Host, broker.Port, "owner"))));
        Assert.Equal(MqttSubscribeResult.Accepted, owner.Subscribe(["$hw/events/device/+/+/twin/+"], [qos]));
        Assert.Equal(MqttConnectResult.Accepted, device.Connect(Options(broker.Host, broker.Port, "thermo-01")));

        const string report = """{"event_id":"","timestamp":1700000000000,"twin":{"temp":{"actual":{"value":"21.5"}}}}""";
        byte[] buffer = Encoding.ASCII.GetBytes("<<" + report + ">>");
        Assert.Equal(MqttPublishResult.Accepted, device.Publish(topic, buffer, 2, report.Length, qos, false));

        var message = heard.NextOn(topic, Wait);
        Assert.NotNull(message);
        Assert.Equal(report, message.Text);
        Assert.Equal(qos, message.Qos);
        Assert.False(message.Retain);
    }

    [SkippableFact]
    public void Losing_the_broker_is_reported_once_and_a_new_connect_works_when_it_is_back()
    {
        using var broker = StartBroker();
        using var device = new MqttNetLink();
        var events = new RecordingListener();
        device.SetListener(events);
        var options = Options(broker.Host, broker.Port, "thermo-01");
        Assert.Equal(MqttConnectResult.Accepted, device.Connect(options));
        Assert.True(device.IsConnected);

        broker.Stop();
        Assert.True(events.WaitForLoss(Wait), "no connection loss reported after the broker stopped");
        Assert.False(device.IsConnected);
        Assert.Equal(MqttPublishResult.NotConnected, device.Publish("a/b", [1], 0, 1, MqttQos.AtLeastOnce, false));
        Assert.Equal(MqttConnectResult.NetworkError, device.Connect(options));

        broker.Start();
        Assert.Equal(MqttConnectResult.Accepted, device.Connect(options));
        Assert.Equal(MqttSubscribeResult.Accepted, device.Subscribe([Topics.SubscriptionFilters[1]], [MqttQos.AtLeastOnce]));
        Assert.Equal(MqttPublishResult.Accepted, device.Publish(Topics.SubscriptionFilters[1], [7], 0, 1, MqttQos.AtLeastOnce, false));
        Assert.NotNull(events.NextOn(Topics.SubscriptionFilters[1], Wait));
        Assert.Equal(1, events.LossCount);
    }

    [SkippableFact]
    public void The_broker_publishes_the_will_when_the_devices_socket_is_cut_without_DISCONNECT()
    {
        using var broker = StartBroker();
        using var proxy = new CuttableProxy(broker.Host, broker.Port);
        using var device = new MqttNetLink();
        using var owner = new MqttNetLink();
        var deviceEvents = new RecordingListener();
        var ownerHeard = new RecordingListener();
        device.SetListener(deviceEvents);
        owner.SetListener(ownerHeard);
        string stateTopic = Topics.StateUpdateTopic(0);
        Assert.Equal(MqttConnectResult.Accepted, owner.Connect(Options(broker.Host, broker.Port, "owner")));
        Assert.Equal(MqttSubscribeResult.Accepted, owner.Subscribe([stateTopic], [MqttQos.AtLeastOnce]));

        var options = Options(proxy.Host, proxy.Port, "thermo-01");
        options.WillTopic = stateTopic;
        options.WillPayload = Encoding.ASCII.GetBytes("""{"event_id":"","timestamp":0,"state":"offline"}""");
        options.WillQos = MqttQos.AtLeastOnce;
        Assert.Equal(MqttConnectResult.Accepted, device.Connect(options));
        Assert.Null(ownerHeard.NextOn(stateTopic, TimeSpan.FromMilliseconds(100)));

        proxy.CutAll();

        var will = ownerHeard.NextOn(stateTopic, Wait);
        Assert.NotNull(will);
        Assert.Contains("\"offline\"", will.Text);
        Assert.True(deviceEvents.WaitForLoss(Wait), "the device's link did not report the cut");
    }

    [SkippableFact]
    public void A_clean_Disconnect_sends_no_will_and_reports_no_loss()
    {
        using var broker = StartBroker();
        using var device = new MqttNetLink();
        using var owner = new MqttNetLink();
        var deviceEvents = new RecordingListener();
        var ownerHeard = new RecordingListener();
        device.SetListener(deviceEvents);
        owner.SetListener(ownerHeard);
        string stateTopic = Topics.StateUpdateTopic(0);
        Assert.Equal(MqttConnectResult.Accepted, owner.Connect(Options(broker.Host, broker.Port, "owner")));
        Assert.Equal(MqttSubscribeResult.Accepted, owner.Subscribe([stateTopic, "marker"], [MqttQos.AtLeastOnce, MqttQos.AtLeastOnce]));
        var options = Options(broker.Host, broker.Port, "thermo-01");
        options.WillTopic = stateTopic;
        options.WillPayload = Encoding.ASCII.GetBytes("offline");
        Assert.Equal(MqttConnectResult.Accepted, device.Connect(options));

        device.Disconnect();
        Assert.False(device.IsConnected);
        // The broker handles the device's DISCONNECT before this marker's round trip ends;
        // the short extra wait catches a will that a broker sent late.
        Assert.Equal(MqttPublishResult.Accepted, owner.Publish("marker", [1], 0, 1, MqttQos.AtLeastOnce, false));
        var first = ownerHeard.Next(Wait);
        Assert.Equal("marker", first?.Topic);
        Assert.Null(ownerHeard.Next(TimeSpan.FromMilliseconds(300)));
        Assert.Equal(0, deviceEvents.LossCount);
    }

    [SkippableFact]
    public void Right_credentials_connect_and_a_wrong_password_is_refused()
    {
        using var broker = StartBroker(new Dictionary<string, string> { ["thermo-01"] = "s3cret" });
        using var device = new MqttNetLink();
        var options = Options(broker.Host, broker.Port, "thermo-01");

        options.Username = "thermo-01";
        options.Password = "wrong";
        // MQTT 3.1.1 brokers differ here: MQTTnet answers "bad user name or password" (4),
        // mosquitto 2 answers "not authorized" (5). Either is a refusal the device must not retry blindly.
        int wrong = device.Connect(options);
        Assert.True(wrong is MqttConnectResult.BadCredentials or MqttConnectResult.NotAuthorized, MqttConnectResult.Name(wrong));
        Assert.False(device.IsConnected);

        options.Username = null;
        options.Password = null;
        int anonymous = device.Connect(options);
        Assert.True(anonymous is MqttConnectResult.BadCredentials or MqttConnectResult.NotAuthorized, MqttConnectResult.Name(anonymous));

        options.Username = "thermo-01";
        options.Password = "s3cret";
        Assert.Equal(MqttConnectResult.Name(MqttConnectResult.Accepted), MqttConnectResult.Name(device.Connect(options)));
        Assert.True(device.IsConnected);
        device.Disconnect();
    }
}

/// <summary>The link against Debian's mosquitto.</summary>
public sealed class MqttNetLinkOnMosquittoTests : MqttLinkContract
{
    protected override ITestBroker StartBroker(IReadOnlyDictionary<string, string>? users = null) =>
        MosquittoBroker.Start(new MosquittoSettings { Users = users });
}

/// <summary>The link against the embedded MQTTnet broker that host tools run.</summary>
public sealed class MqttNetLinkOnEmbeddedBrokerTests : MqttLinkContract
{
    protected override ITestBroker StartBroker(IReadOnlyDictionary<string, string>? users = null) =>
        new EmbeddedTestBroker(EmbeddedBroker.Start(users: users));
}
