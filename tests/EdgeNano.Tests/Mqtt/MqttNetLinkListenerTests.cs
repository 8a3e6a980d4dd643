using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Runtime.Network;
using EdgeNano.Tests.Infrastructure;

namespace EdgeNano.Tests.Mqtt;

/// <summary>How the host link treats its listener (against the embedded broker).</summary>
public class MqttNetLinkListenerTests
{
    private sealed class FailsOnFirstMessage(RecordingListener inner) : IMqttLinkListener
    {
        private int _calls;

        public void MessageReceived(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            if (Interlocked.Increment(ref _calls) == 1) throw new InvalidOperationException("listener bug");
            inner.MessageReceived(topic, payload, offset, count, qos, retain);
        }

        public void ConnectionLost() => inner.ConnectionLost();
    }

    [Fact]
    public void A_listener_that_throws_is_counted_and_the_next_message_still_arrives()
    {
        using var broker = EmbeddedBroker.Start();
        using var link = new MqttNetLink();
        var heard = new RecordingListener();
        link.SetListener(new FailsOnFirstMessage(heard));
        Assert.Equal(MqttConnectResult.Accepted, link.Connect(new MqttLinkOptions { Host = broker.Host, Port = broker.Port, ClientId = "c", OperationTimeoutMs = 10000 }));
        Assert.Equal(MqttSubscribeResult.Accepted, link.Subscribe(["t"], [MqttQos.AtLeastOnce]));

        Assert.Equal(MqttPublishResult.Accepted, link.Publish("t", [1], 0, 1, MqttQos.AtLeastOnce, false));
        Assert.Equal(MqttPublishResult.Accepted, link.Publish("t", [2], 0, 1, MqttQos.AtLeastOnce, false));

        Assert.Equal([2], heard.Next(TimeSpan.FromSeconds(5))?.Payload);
        Assert.Equal(1, link.ListenerErrors);
        Assert.True(link.IsConnected);
    }

    [Fact]
    public void Payloads_larger_than_the_receive_buffer_arrive_whole()
    {
        using var broker = EmbeddedBroker.Start();
        using var link = new MqttNetLink();
        var heard = new RecordingListener();
        link.SetListener(heard);
        Assert.Equal(MqttConnectResult.Accepted, link.Connect(new MqttLinkOptions { Host = broker.Host, Port = broker.Port, ClientId = "c", OperationTimeoutMs = 10000 }));
        Assert.Equal(MqttSubscribeResult.Accepted, link.Subscribe(["t"], [MqttQos.AtLeastOnce]));
        byte[] small = [9, 8, 7];
        byte[] large = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();

        Assert.Equal(MqttPublishResult.Accepted, link.Publish("t", small, 0, small.Length, MqttQos.AtLeastOnce, false));
        Assert.Equal(MqttPublishResult.Accepted, link.Publish("t", large, 0, large.Length, MqttQos.AtLeastOnce, false));
        Assert.Equal(MqttPublishResult.Accepted, link.Publish("t", small, 0, small.Length, MqttQos.AtLeastOnce, false));

        Assert.Equal(small, heard.Next(TimeSpan.FromSeconds(5))?.Payload);
        Assert.Equal(large, heard.Next(TimeSpan.FromSeconds(5))?.Payload);
        Assert.Equal(small, heard.Next(TimeSpan.FromSeconds(5))?.Payload);
    }
}
