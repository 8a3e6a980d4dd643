using System.Text;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Runtime.Network;
using EdgeNano.Tests.Infrastructure;

namespace EdgeNano.Tests.Mqtt;

/// <summary>
/// The host link's keep-alive (one timer for every link in the process, not MQTTnet's loop per
/// client) and its QoS 1 in-flight window (publishes held until their PUBACK, as M2Mqtt does),
/// against mosquitto, which enforces the keep-alive a CONNECT announces.
/// </summary>
public sealed class MqttNetLinkKeepAliveTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static MqttLinkOptions Options(string host, int port, string clientId, int keepAliveSeconds = 2) => new()
    {
        Host = host,
        Port = port,
        ClientId = clientId,
        KeepAliveSeconds = keepAliveSeconds,
        OperationTimeoutMs = 2000,
    };

    [SkippableFact]
    public void An_idle_link_stays_connected_well_past_its_keep_alive_because_it_pings()
    {
        using var broker = MosquittoBroker.Start();
        using var device = new MqttNetLink();
        using var owner = new MqttNetLink();
        var events = new RecordingListener();
        device.SetListener(events);
        Assert.Equal(MqttConnectResult.Accepted, device.Connect(Options(broker.Host, broker.Port, "idle-board")));
        Assert.Equal(MqttSubscribeResult.Accepted, device.Subscribe(["idle/in"], [MqttQos.AtLeastOnce]));

        // mosquitto drops a client silent for 1.5 keep-alives (3 s): 7 s of nothing to send.
        Thread.Sleep(TimeSpan.FromSeconds(7));

        Assert.True(device.IsConnected);
        Assert.Equal(0, events.LossCount);
        Assert.Equal(MqttConnectResult.Accepted, owner.Connect(Options(broker.Host, broker.Port, "owner", 60)));
        Assert.Equal(MqttPublishResult.Accepted, owner.Publish("idle/in", [1], 0, 1, MqttQos.AtLeastOnce, false));
        Assert.NotNull(events.NextOn("idle/in", Wait));
    }

    [SkippableFact]
    public void A_board_whose_link_goes_silent_is_dropped_by_the_broker_with_its_will_and_notices_it_itself()
    {
        using var broker = MosquittoBroker.Start();
        using var proxy = new CuttableProxy(broker.Host, broker.Port);
        using var device = new MqttNetLink();
        using var owner = new MqttNetLink();
        var deviceEvents = new RecordingListener();
        var ownerHeard = new RecordingListener();
        device.SetListener(deviceEvents);
        owner.SetListener(ownerHeard);
        Assert.Equal(MqttConnectResult.Accepted, owner.Connect(Options(broker.Host, broker.Port, "owner", 60)));
        Assert.Equal(MqttSubscribeResult.Accepted, owner.Subscribe(["board/state"], [MqttQos.AtLeastOnce]));
        var options = Options(proxy.Host, proxy.Port, "silent-board");
        options.WillTopic = "board/state";
        options.WillPayload = Encoding.ASCII.GetBytes("offline");
        options.WillQos = MqttQos.AtLeastOnce;
        Assert.Equal(MqttConnectResult.Accepted, device.Connect(options));

        // Both sockets stay open: only the keep-alive the CONNECT announced tells the broker.
        proxy.Silence();

        var will = ownerHeard.NextOn("board/state", Wait);
        Assert.NotNull(will);
        Assert.Equal("offline", will.Text);
        // And the board's own pings go unanswered: its link reports the loss (edgehub reconnects).
        Assert.True(deviceEvents.WaitForLoss(Wait), "the link did not notice its broker had gone silent");
        Assert.False(device.IsConnected);
    }

    [SkippableFact]
    public void A_full_in_flight_window_holds_the_next_qos1_publish_and_refuses_it_after_the_timeout()
    {
        using var broker = MosquittoBroker.Start();
        using var proxy = new CuttableProxy(broker.Host, broker.Port);
        using var device = new MqttNetLink();
        var events = new RecordingListener();
        device.SetListener(events);
        var options = Options(proxy.Host, proxy.Port, "busy-board", keepAliveSeconds: 60);
        options.InflightQueueSize = 3;
        Assert.Equal(MqttConnectResult.Accepted, device.Connect(options));
        proxy.Silence();

        // No PUBACK comes back: three wait in the window; the fourth waits for room for the
        // operation timeout (2 s), then is refused (edgehub keeps a report as a marker).
        for (int i = 0; i < 3; i++) Assert.Equal(MqttPublishResult.Accepted, device.Publish("board/report", [(byte)i], 0, 1, MqttQos.AtLeastOnce, false));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(MqttPublishResult.InflightFull, device.Publish("board/report", [3], 0, 1, MqttQos.AtLeastOnce, false));
        Assert.InRange(waited.ElapsedMilliseconds, 1500, 9000);
        Assert.Equal(3, device.InFlight);
        // QoS 0 is not held, so not refused.
        Assert.Equal(MqttPublishResult.Accepted, device.Publish("board/event", [4], 0, 1, MqttQos.AtMostOnce, false));

        proxy.CutAll();
        Assert.True(events.WaitForLoss(Wait));
        Assert.Equal(0, WaitFor(() => device.InFlight, 0));
    }

    [SkippableFact]
    public void Qos1_publishes_in_flight_together_arrive_complete_and_in_order()
    {
        using var broker = MosquittoBroker.Start();
        using var device = new MqttNetLink();
        using var owner = new MqttNetLink();
        var heard = new RecordingListener();
        owner.SetListener(heard);
        Assert.Equal(MqttConnectResult.Accepted, owner.Connect(Options(broker.Host, broker.Port, "owner", 60)));
        Assert.Equal(MqttSubscribeResult.Accepted, owner.Subscribe(["board/report"], [MqttQos.AtLeastOnce]));
        var options = Options(broker.Host, broker.Port, "fast-board", 60);
        options.InflightQueueSize = 4;
        Assert.Equal(MqttConnectResult.Accepted, device.Connect(options));

        byte[] buffer = new byte[8];
        for (int i = 0; i < 200; i++)
        {
            // The buffer is reused at once, as edgehub's ring reuses its bytes.
            int length = Encoding.ASCII.GetBytes(i.ToString(), buffer);
            while (device.Publish("board/report", buffer, 0, length, MqttQos.AtLeastOnce, false) == MqttPublishResult.InflightFull)
            {
                Thread.Sleep(1);
            }
        }

        for (int i = 0; i < 200; i++)
        {
            var message = heard.NextOn("board/report", Wait);
            Assert.NotNull(message);
            Assert.Equal(i.ToString(), message.Text);
        }
        Assert.Equal(0, WaitFor(() => device.InFlight, 0));
    }

    private static int WaitFor(Func<int> read, int expected)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (read() != expected && DateTime.UtcNow < deadline) Thread.Sleep(20);
        return read();
    }
}
