using System.Buffers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeNano.Cli.Common;

/// <summary>
/// A message received on a subscription. On a persistent session (<see cref="MqttSession.ConnectAsync"/>
/// with a session ID) <see cref="Acknowledge"/> sends its PUBACK, which the receiver calls once the
/// message is safe (until then the broker redelivers it to the session's next connection); null
/// when the library acknowledged it on receipt.
/// </summary>
public readonly record struct Received(string Topic, byte[] Payload, Func<Task>? Acknowledge = null);

/// <summary>
/// One MQTT 3.1.1 client session for the command line, on MQTTnet: connect, subscribe, publish
/// at QoS 1, and received messages queued in <see cref="Incoming"/>, so they are handled (and
/// answered) outside MQTTnet's receive loop, where waiting for an acknowledgement would stall it.
/// </summary>
public sealed class MqttSession : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly Channel<Received> _incoming = Channel.CreateUnbounded<Received>(new UnboundedChannelOptions { SingleReader = false }); // countable: the backlog is shown

    private MqttSession(IMqttClient client, BrokerAddress broker, bool acknowledgeLater)
    {
        _client = client;
        Broker = broker;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            Func<Task>? acknowledge = null;
            if (e.ApplicationMessage.QualityOfServiceLevel != MqttQualityOfServiceLevel.AtMostOnce)
            {
                // Never MQTTnet's own acknowledgement: it awaits each PUBACK's write before taking the
                // next message, which held a hub taking a fleet's reports to a few thousand a second.
                e.AutoAcknowledge = false;
                if (acknowledgeLater) acknowledge = () => e.AcknowledgeAsync(CancellationToken.None);
                else Acknowledge(e);
            }
            _incoming.Writer.TryWrite(new Received(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), acknowledge));
            return Task.CompletedTask;
        };
        // A lost session ends Incoming, so a reader's loop ends and can reconnect.
        _client.DisconnectedAsync += e =>
        {
            LostBecause = e.Exception is { } error ? $"{e.Reason}: {Inner(error).Message}" : e.Reason.ToString();
            _incoming.Writer.TryComplete();
            return Task.CompletedTask;
        };
    }

    /// <summary>
    /// Sends a PUBACK now, in receipt order (MQTTnet writes packets in the order they are sent),
    /// without waiting for the write; a connection lost meanwhile ends the session anyway.
    /// </summary>
    private static void Acknowledge(MqttApplicationMessageReceivedEventArgs e) =>
        _ = e.AcknowledgeAsync(CancellationToken.None).ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);

    /// <summary>
    /// How long a keep-alive ping may wait for its answer. Long: a session reading a fleet's
    /// traffic gets the broker's PINGRESP behind everything queued for it, and the 10 s it had
    /// dropped the sim's watching session under load (connecting is still bounded by its own timeout).
    /// </summary>
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long a command waits for the broker to accept a connection.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Why the connection ended (MQTTnet's reason and error), for a log line; null while it lasts.</summary>
    public string? LostBecause { get; private set; }

    /// <summary>Messages received, in order.</summary>
    public ChannelReader<Received> Incoming => _incoming.Reader;

    public bool IsConnected => _client.IsConnected;

    /// <summary>The broker as connected: the node this session is on first. <c>Broker.StartingAt(1)</c> is where to go when the node is lost.</summary>
    public BrokerAddress Broker { get; }

    /// <summary>
    /// Connects to the broker's first node that takes it (a cluster's nodes in turn); throws
    /// <see cref="CliException"/> with a clear line when none does. Without sessionId: a clean
    /// session with a client ID of clientIdPrefix and a random suffix. With it: that client ID and
    /// a persistent session (clean session off), so the broker keeps the subscriptions and queues
    /// QoS 1 messages while the client is away, and received messages are acknowledged by the
    /// receiver (<see cref="Received.Acknowledge"/>), not on receipt.
    /// </summary>
    public static async Task<MqttSession> ConnectAsync(BrokerAddress broker, string clientIdPrefix, TimeSpan timeout, CancellationToken cancel,
        string? sessionId = null)
    {
        for (int k = 0; ; k++)
        {
            BrokerAddress node = broker.StartingAt(k);
            try
            {
                return await ConnectOneAsync(node, clientIdPrefix, timeout, cancel, sessionId);
            }
            catch (CliException) when (k + 1 < broker.Nodes.Count)
            {
                // That node is down or refused: the next one.
            }
        }
    }

    /// <summary>
    /// The socket's send and receive buffers. MQTTnet sets both to its BufferSize (8 KB by
    /// default), which on Linux also turns off the kernel's window tuning: a session that takes a
    /// whole fleet's reports (the hub's) then offered the broker a 16 KB window, and when the hub
    /// fell behind for a moment the window closed and the broker's zero-window probes backed off
    /// for seconds while 3.6 MB waited in its socket and both sides were idle (seen at 10,000
    /// boards). 1 MB (the kernel caps it at net.core.rmem_max / wmem_max) holds about 1,700
    /// reports. A session, not a board: one per role in a process.
    /// </summary>
    internal const int SocketBufferBytes = 1 << 20;

    private static async Task<MqttSession> ConnectOneAsync(BrokerAddress broker, string clientIdPrefix, TimeSpan timeout, CancellationToken cancel,
        string? sessionId)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithClientId(sessionId ?? $"{clientIdPrefix}-{Guid.NewGuid():N}"[..(clientIdPrefix.Length + 13)])
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311)
            .WithCleanSession(sessionId == null)
            .WithTimeout(PingTimeout);
        if (broker.Username != null) builder.WithCredentials(broker.Username, broker.Password ?? "");
        if (broker.UseTls) builder.WithTlsOptions(TlsOptions(broker));
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            linked.CancelAfter(timeout);
            MqttClientOptions options = builder.Build();
            if (options.ChannelOptions is MqttClientTcpOptions tcp) tcp.BufferSize = SocketBufferBytes;
            var result = await client.ConnectAsync(options, linked.Token);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                client.Dispose();
                throw new CliException($"broker {broker.FirstNode} refused the connection: {result.ResultCode}");
            }
        }
        catch (Exception e) when (e is not CliException && !cancel.IsCancellationRequested)
        {
            client.Dispose();
            throw new CliException($"cannot connect to broker {broker.FirstNode}: {Inner(e).Message}");
        }
        return new MqttSession(client, broker, sessionId != null);
    }

    public async Task SubscribeAsync(IEnumerable<string> filters, CancellationToken cancel, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce)
    {
        var builder = new MqttClientSubscribeOptionsBuilder();
        foreach (string filter in filters) builder.WithTopicFilter(f => f.WithTopic(filter).WithQualityOfServiceLevel(qos));
        var result = await _client.SubscribeAsync(builder.Build(), cancel);
        foreach (var item in result.Items)
        {
            if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
                throw new CliException($"the broker refused the subscription {item.TopicFilter.Topic}: {item.ResultCode}");
        }
    }

    /// <summary>Publishes at QoS 1 (or the given qos); retain keeps it on the broker for later subscribers (an empty retained payload clears it).</summary>
    public async Task PublishAsync(string topic, byte[] payload, CancellationToken cancel, bool retain = false,
        MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(qos)
            .WithRetainFlag(retain)
            .Build();
        await _client.PublishAsync(message, cancel);
    }

    /// <summary>
    /// Publishes at QoS 1, waiting at most timeout for the broker: false when it did not take the
    /// message in time or the session failed, so a loop that publishes is never stalled by a broker
    /// that stops acknowledging (the caller sends again later). Throws only when cancel is.
    /// </summary>
    public async Task<bool> TryPublishAsync(string topic, byte[] payload, TimeSpan timeout, CancellationToken cancel)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        try
        {
            await PublishAsync(topic, payload, deadline.Token);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _incoming.Writer.TryComplete();
        if (_client.IsConnected)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token);
            }
            catch (Exception)
            {
                // Gone either way.
            }
        }
        _client.Dispose();
    }

    private static MqttClientTlsOptions TlsOptions(BrokerAddress broker)
    {
        var tls = new MqttClientTlsOptionsBuilder().UseTls().WithTargetHost(broker.Host)
            .WithSslProtocols(System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13);
        if (broker.CaFile == null) return tls.Build();
        X509Certificate2 ca = LoadCa(broker.CaFile);
        return tls.WithCertificateValidationHandler(e => ChainsTo(ca, e)).Build();
    }

    /// <summary>The first certificate of a PEM file; a CliException when there is none.</summary>
    public static X509Certificate2 LoadCa(string path)
    {
        try
        {
            return X509Certificate2.CreateFromPem(File.ReadAllText(path));
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read the CA certificate {path}: {e.Message}");
        }
    }

    /// <summary>The broker's certificate names the host and chains to the given CA (and no other root).</summary>
    private static bool ChainsTo(X509Certificate2 ca, MqttClientCertificateValidationEventArgs e)
    {
        const SslPolicyErrors fatal = SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch;
        if ((e.SslPolicyErrors & fatal) != 0 || e.Certificate == null) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (e.Chain != null)
        {
            foreach (var element in e.Chain.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        using var leaf = X509CertificateLoader.LoadCertificate(e.Certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    private static Exception Inner(Exception e) => e.InnerException is { } inner && e is not OperationCanceledException ? Inner(inner) : e;
}
