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
    private readonly HubShard _shard;

    private HubOutput(MqttSession[] sessions, HubShard shard)
    {
        _sessions = sessions;
        _shard = shard;
    }

    /// <summary>Connects count sessions (client IDs clientIdPrefix-out-...), each at the broker's next node in turn, for the shard's devices.</summary>
    public static async Task<HubOutput> ConnectAsync(BrokerAddress broker, string clientIdPrefix, HubShard shard, int count, CancellationToken stop)
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
        return new HubOutput([.. sessions], shard);
    }

    /// <summary>
    /// Publishes a reply (QoS 1) on its device's session (its lane of the sessions, as
    /// <see cref="HubShard.LaneOfTopic"/>: a shard's devices spread over all of them); completes at
    /// the broker's PUBACK.
    /// </summary>
    public Task PublishAsync(HubPublish reply, CancellationToken stop) =>
        _sessions[_shard.LaneOfTopic(reply.Topic, _sessions.Length)].PublishAsync(reply.Topic, reply.Payload, stop);

    public async ValueTask DisposeAsync()
    {
        foreach (MqttSession session in _sessions) await session.DisposeAsync();
    }
}
