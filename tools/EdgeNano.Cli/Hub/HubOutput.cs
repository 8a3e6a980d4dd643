using EdgeNano.Cli.Common;

namespace EdgeNano.Cli.Hub;

/// <summary>
/// The MQTT sessions the hub publishes its replies on, apart from the one it subscribes on. A
/// device's replies always take the same session (its partition of them), so they leave in
/// order. Several because a broker reads a connection one message at a time: mosquitto takes one
/// packet from a socket per turn of its event loop, and at 10,000 boards the hub's one
/// connection (a result and a document for every report) backed up in mosquitto's socket while
/// mosquitto itself was half idle.
/// </summary>
internal sealed class HubOutput : IAsyncDisposable
{
    private readonly MqttSession[] _sessions;

    private HubOutput(MqttSession[] sessions)
    {
        _sessions = sessions;
    }

    /// <summary>Connects count sessions (client IDs clientIdPrefix-out-...), each at the broker's next node in turn.</summary>
    public static async Task<HubOutput> ConnectAsync(BrokerAddress broker, string clientIdPrefix, int count, CancellationToken stop)
    {
        var sessions = new List<MqttSession>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                sessions.Add(await MqttSession.ConnectAsync(broker.StartingAt(i), clientIdPrefix + "-out", MqttSession.ConnectTimeout, stop));
            }
        }
        catch
        {
            foreach (MqttSession session in sessions) await session.DisposeAsync();
            throw;
        }
        return new HubOutput([.. sessions]);
    }

    /// <summary>Publishes a reply (QoS 1) on its device's session; completes at the broker's PUBACK.</summary>
    public Task PublishAsync(HubPublish reply, CancellationToken stop) =>
        _sessions[SessionOf(reply.Topic, _sessions.Length)].PublishAsync(reply.Topic, reply.Payload, stop);

    /// <summary>The session, of count, for a reply's device (its <see cref="DevicePartition"/>); node topics take the first.</summary>
    internal static int SessionOf(string topic, int count)
    {
        if (count == 1) return 0;
        TwinHub.Classify(topic, out string id);
        return id.Length == 0 ? 0 : DevicePartition.Of(id, count);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (MqttSession session in _sessions) await session.DisposeAsync();
    }
}
