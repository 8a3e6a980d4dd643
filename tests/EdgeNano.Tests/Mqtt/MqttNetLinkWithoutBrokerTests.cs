using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Runtime.Network;

namespace EdgeNano.Tests.Mqtt;

/// <summary>Answers the link gives before any broker is involved.</summary>
public class MqttNetLinkWithoutBrokerTests
{
    private static MqttLinkOptions Options(int port) => new() { Host = "127.0.0.1", Port = port, ClientId = "thermo-01", OperationTimeoutMs = 3000 };

    [Fact]
    public void Connecting_where_nothing_listens_is_a_network_error()
    {
        using var link = new MqttNetLink();
        Assert.Equal(MqttConnectResult.Name(MqttConnectResult.NetworkError), MqttConnectResult.Name(link.Connect(Options(LoopbackPort.Free()))));
        Assert.False(link.IsConnected);
    }

    [Fact]
    public void Options_without_a_client_id_or_with_TLS_but_no_CA_are_refused_before_dialling()
    {
        using var link = new MqttNetLink();
        var noClient = Options(1883);
        noClient.ClientId = "";
        var tlsWithoutCa = Options(8883);
        tlsWithoutCa.UseTls = true;
        var badWill = Options(1883);
        badWill.WillTopic = "state";
        badWill.WillQos = 2;

        Assert.Equal(MqttConnectResult.InvalidOptions, link.Connect(noClient));
        Assert.Equal(MqttConnectResult.InvalidOptions, link.Connect(tlsWithoutCa));
        Assert.Equal(MqttConnectResult.InvalidOptions, link.Connect(badWill));
        Assert.Equal(MqttConnectResult.InvalidOptions, link.Connect(null!));
    }

    [Fact]
    public void Publishing_or_subscribing_without_a_session_is_refused_at_once()
    {
        using var link = new MqttNetLink();
        Assert.Equal(MqttPublishResult.NotConnected, link.Publish("a/b", [1, 2], 0, 2, MqttQos.AtLeastOnce, false));
        Assert.Equal(MqttSubscribeResult.NotConnected, link.Subscribe(["a/#"], [MqttQos.AtMostOnce]));
        link.Disconnect(); // harmless when not connected
    }

    [Theory]
    [InlineData("", 0, 1, 0)]
    [InlineData("a/b", -1, 1, 0)]
    [InlineData("a/b", 0, 3, 0)]
    [InlineData("a/b", 2, 1, 0)]
    [InlineData("a/b", 0, 1, 2)]
    [InlineData("a/+", 0, 1, 0)]
    [InlineData("a/#", 0, 1, 0)]
    public void A_publish_with_bad_arguments_is_refused_before_the_session_is_looked_at(string topic, int offset, int count, int qos)
    {
        using var link = new MqttNetLink();
        Assert.Equal(MqttPublishResult.InvalidArguments, link.Publish(topic, [1, 2], offset, count, qos, false));
    }

    [Fact]
    public void A_subscribe_needs_one_supported_qos_per_filter()
    {
        using var link = new MqttNetLink();
        Assert.Equal(MqttSubscribeResult.InvalidArguments, link.Subscribe(["a", "b"], [0]));
        Assert.Equal(MqttSubscribeResult.InvalidArguments, link.Subscribe(["a"], [2]));
        Assert.Equal(MqttSubscribeResult.InvalidArguments, link.Subscribe([], []));
    }
}
