using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Packets;

namespace EdgeNano.Boards.Host.Mqtt;

/// <summary>
/// MQTTnet's connection to the broker, with the keep-alive the link asks for written into the
/// CONNECT packet. The link tells MQTTnet "no keep-alive" so that MQTTnet does not run its own
/// loop (it wakes every 250 ms per client: 40,000 wake-ups a second for a fleet of 10,000, a
/// tenth of the simulator's CPU), yet the broker is still told the period and drops a board that
/// goes silent; <see cref="KeepAlivePings"/> sends the pings instead.
/// </summary>
internal sealed class KeepAliveAdapterFactory : IMqttClientAdapterFactory
{
    private readonly MqttClientAdapterFactory _inner = new();

    /// <summary>The keep-alive the next CONNECT carries, in seconds (0: none).</summary>
    public ushort Seconds { get; set; }

    /// <summary>The connection of the latest connect.</summary>
    public KeepAliveAdapter? Current { get; private set; }

    public IMqttChannelAdapter CreateClientAdapter(MqttClientOptions options, MqttPacketInspector packetInspector, IMqttNetLogger logger)
    {
        var adapter = new KeepAliveAdapter(_inner.CreateClientAdapter(options, packetInspector, logger), Seconds);
        Current = adapter;
        return adapter;
    }
}

/// <summary>One connection: MQTTnet's own, but for the CONNECT's keep-alive and a way to drop it as a dead link would be.</summary>
internal sealed class KeepAliveAdapter(IMqttChannelAdapter inner, ushort keepAliveSeconds) : IMqttChannelAdapter
{
    public long BytesReceived => inner.BytesReceived;
    public long BytesSent => inner.BytesSent;
    public X509Certificate2 ClientCertificate => inner.ClientCertificate;
    public EndPoint RemoteEndPoint => inner.RemoteEndPoint;
    public EndPoint LocalEndPoint => inner.LocalEndPoint;
    public bool IsSecureConnection => inner.IsSecureConnection;
    public MqttPacketFormatterAdapter PacketFormatterAdapter => inner.PacketFormatterAdapter;

    public Task ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

    public Task DisconnectAsync(CancellationToken cancellationToken) => inner.DisconnectAsync(cancellationToken);

    public Task<MqttPacket> ReceivePacketAsync(CancellationToken cancellationToken) => inner.ReceivePacketAsync(cancellationToken);

    public void ResetStatistics() => inner.ResetStatistics();

    public Task SendPacketAsync(MqttPacket packet, CancellationToken cancellationToken)
    {
        if (packet is MqttConnectPacket connect) connect.KeepAlivePeriod = keepAliveSeconds;
        return inner.SendPacketAsync(packet, cancellationToken);
    }

    /// <summary>
    /// Closes the connection without a DISCONNECT, as a broker that stopped answering leaves it:
    /// MQTTnet's receive loop fails and reports the session lost, and the broker publishes the will.
    /// </summary>
    public void Drop() => _ = inner.DisconnectAsync(CancellationToken.None).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);

    public void Dispose() => inner.Dispose();
}
