using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Cli.Common;
using EdgeNano.Runtime.Network;

namespace EdgeNano.Tests.Mqtt;

/// <summary>
/// Clients given a clustered broker's nodes (two real MQTTnet brokers here): a node that is down
/// or goes away sends the client on to the next node. RabbitMQ's own cluster is in
/// Cli/BrokerClusterTests.
/// </summary>
public class MqttNetLinkClusterTests
{
    private static MqttLinkOptions Options() => new() { Host = "unused.invalid", Port = 1, ClientId = "thermo-01", OperationTimeoutMs = 5000 };

    [Fact]
    public void A_board_whose_first_node_is_down_connects_to_the_next_on_its_next_attempt()
    {
        using var up = EmbeddedBroker.Start();
        var nodes = new BrokerNodes([new BrokerNode("127.0.0.1", LoopbackPort.Free()), new BrokerNode(up.Host, up.Port)], start: 0);
        using var link = new MqttNetLink(nodes);

        Assert.Equal(MqttConnectResult.NetworkError, link.Connect(Options()));
        Assert.Equal(MqttConnectResult.Accepted, link.Connect(Options()));
        Assert.True(link.IsConnected);
        Assert.Equal(up.Port, nodes.Current.Port);
    }

    [Fact]
    public void A_board_whose_node_goes_away_reconnects_to_the_next_node()
    {
        using var first = EmbeddedBroker.Start();
        using var second = EmbeddedBroker.Start();
        var nodes = new BrokerNodes([new BrokerNode(first.Host, first.Port), new BrokerNode(second.Host, second.Port)], start: 0);
        using var link = new MqttNetLink(nodes);
        var lost = new ManualResetEventSlim();
        link.SetListener(new LossListener(lost));
        Assert.Equal(MqttConnectResult.Accepted, link.Connect(Options()));

        first.Stop();

        Assert.True(lost.Wait(TimeSpan.FromSeconds(30)), "the link never reported the lost session");
        Assert.Equal(MqttConnectResult.Accepted, link.Connect(Options()));
        Assert.Equal(second.Port, nodes.Current.Port);
    }

    [Fact]
    public async Task A_command_session_takes_the_first_node_of_the_list_that_answers()
    {
        using var up = EmbeddedBroker.Start();
        int down = LoopbackPort.Free();
        Assert.True(BrokerAddress.TryParse($"mqtt://127.0.0.1:{down},mqtt://{up.Host}:{up.Port}", out BrokerAddress cluster, out _));

        await using MqttSession session = await MqttSession.ConnectAsync(cluster, "test", TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.True(session.IsConnected);
        Assert.Equal(up.Port, session.Broker.Port);
        Assert.Equal(down, session.Broker.StartingAt(1).Port);
    }

    [Fact]
    public async Task When_no_node_answers_the_error_names_the_last_one_tried()
    {
        int a = LoopbackPort.Free(), b = LoopbackPort.Free();
        Assert.True(BrokerAddress.TryParse($"mqtt://127.0.0.1:{a},mqtt://127.0.0.1:{b}", out BrokerAddress cluster, out _));

        var e = await Assert.ThrowsAsync<CliException>(() => MqttSession.ConnectAsync(cluster, "test", TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Contains($"127.0.0.1:{b}", e.Message);
    }

    private sealed class LossListener(ManualResetEventSlim lost) : IMqttLinkListener
    {
        public void MessageReceived(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
        }

        public void ConnectionLost() => lost.Set();
    }
}
