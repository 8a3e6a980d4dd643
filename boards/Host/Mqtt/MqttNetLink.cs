using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeNano.Runtime.Network;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeNano.Boards.Host.Mqtt;

/// <summary>
/// <see cref="IMqttLink"/> on MQTTnet 5, for the simulator and Linux boards. Speaks MQTT 3.1.1 like
/// the device's M2Mqtt. Blocks the caller for at most the options' OperationTimeoutMs (a QoS 1
/// publish not at all: it waits for its PUBACK in the in-flight window, as on the device); never
/// reconnects by itself. With TLS the broker's certificate must chain to the configured CA and no
/// other (the machine's trust store is not consulted) and carry the expected name. Given a
/// clustered broker's nodes, it connects to the current node instead of the options' host and
/// port, and moves to the next node after a failed connect or a lost session.
/// </summary>
public sealed class MqttNetLink : IMqttLink, IDisposable
{
    private readonly IMqttClient _client;
    private readonly object _receiveGate = new();
    private IMqttLinkListener? _listener;
    private byte[] _receiveBuffer = new byte[256];
    private X509Certificate2? _trustedCa;
    private int _timeoutMs = 10000;
    // 1 once this session's end has been reported or was asked for, so the listener hears of a
    // loss once and never of a Disconnect it called itself.
    private int _sessionEnded = 1;
    private int _listenerErrors;
    private readonly BrokerNodes? _nodes;
    private readonly KeepAliveAdapterFactory _connections = new();
    // The keep-alive (see KeepAlivePings): period, the connection's bytes sent at the last tick and when they last moved, a ping out.
    private long _keepAliveMs;
    private long _bytesSentSeen = -1;
    private long _lastSendMs;
    private int _pinging;

    /// <summary>A link to the broker the device's options name, or to a cluster's nodes (null: the options' host and port).</summary>
    public MqttNetLink(BrokerNodes? nodes = null)
    {
        _nodes = nodes;
        _client = new MqttClientFactory().CreateMqttClient(_connections);
        _client.ApplicationMessageReceivedAsync += OnMessageReceived;
        _client.DisconnectedAsync += OnDisconnected;
    }

    public bool IsConnected => _client.IsConnected;

    /// <summary>Exceptions thrown by the listener; caught so they cannot stop the link's receive loop.</summary>
    public int ListenerErrors => Volatile.Read(ref _listenerErrors);

    /// <summary>Why the last Connect failed, for logs (null after a success).</summary>
    public string? LastConnectError { get; private set; }

    public void SetListener(IMqttLinkListener listener) => _listener = listener;

    public int Connect(MqttLinkOptions options)
    {
        if (!MqttLinkChecks.OptionsUsable(options)) return MqttConnectResult.InvalidOptions;
        if (_client.IsConnected) return MqttConnectResult.AlreadyConnected;
        _timeoutMs = options.OperationTimeoutMs;
        LastConnectError = null;
        MqttClientOptions clientOptions;
        try
        {
            clientOptions = BuildOptions(options);
        }
        catch (CryptographicException e)
        {
            LastConnectError = "certificate: " + e.Message;
            return MqttConnectResult.InvalidOptions;
        }

        try
        {
            using var timeout = new CancellationTokenSource(_timeoutMs);
            MqttClientConnectResult result = _client.ConnectAsync(clientOptions, timeout.Token).GetAwaiter().GetResult();
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                LastConnectError = result.ResultCode.ToString();
                _nodes?.MoveOn();
                return Refusal(result.ResultCode);
            }
            Interlocked.Exchange(ref _sessionEnded, 0);
            _window = new InFlightWindow(options.InflightQueueSize);
            _keepAliveMs = options.KeepAliveSeconds * 1000L;
            _bytesSentSeen = -1;
            if (_keepAliveMs > 0) KeepAlivePings.Add(this);
            return MqttConnectResult.Accepted;
        }
        catch (Exception e)
        {
            LastConnectError = e.GetType().Name + ": " + e.Message;
            _nodes?.MoveOn();
            return Failure(e);
        }
    }

    public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
    {
        if (!MqttLinkChecks.PublishArgumentsValid(topic, payload, offset, count, qos)) return MqttPublishResult.InvalidArguments;
        if (!_client.IsConnected) return MqttPublishResult.NotConnected;
        if (qos == MqttQos.AtLeastOnce) return PublishInFlight(topic, payload, offset, count, retain);
        var message = new MqttApplicationMessage
        {
            Topic = topic,
            // No copy: a QoS 0 PublishAsync has written the packet when it returns.
            PayloadSegment = payload == null ? ArraySegment<byte>.Empty : new ArraySegment<byte>(payload, offset, count),
            QualityOfServiceLevel = MqttQualityOfServiceLevel.AtMostOnce,
            Retain = retain,
        };
        try
        {
            using var timeout = new CancellationTokenSource(_timeoutMs);
            _client.PublishAsync(message, timeout.Token).GetAwaiter().GetResult();
            return MqttPublishResult.Accepted;
        }
        catch (MqttClientNotConnectedException)
        {
            return MqttPublishResult.NotConnected;
        }
        catch (MqttProtocolViolationException)
        {
            return MqttPublishResult.InvalidArguments;
        }
        catch (Exception)
        {
            // The link answers with results, never exceptions: whatever broke, this publish failed.
            return MqttPublishResult.Failed;
        }
    }

    /// <summary>
    /// A QoS 1 publish as M2Mqtt does it on the device: sent and held in the session's in-flight
    /// window (InflightQueueSize) until the broker's PUBACK, not waited for, so a board's next
    /// report need not wait a broker round trip and a fleet does not need a blocked thread per
    /// publish in flight. A full window waits for room up to the operation timeout, then refuses
    /// (InflightFull: edgehub keeps a report as an outbox marker). A publish the connection's
    /// loss cuts short is not reported: the loss is, and the get after the reconnect has the
    /// device report again what its owner lacks.
    /// </summary>
    private int PublishInFlight(string topic, byte[] payload, int offset, int count, bool retain)
    {
        InFlightWindow window = _window;
        // A full window waits for room (a PUBACK) up to the operation timeout, as a publish
        // waited for its own PUBACK before: a board's burst (its devices' online and twin/get at
        // connect) is held back, not refused.
        if (!window.Room.Wait(_timeoutMs)) return MqttPublishResult.InflightFull;
        var message = new MqttApplicationMessage
        {
            Topic = topic,
            // A copy: the caller may reuse its buffer once this returns, before the packet is written.
            PayloadSegment = payload == null ? ArraySegment<byte>.Empty : new ArraySegment<byte>(payload.AsSpan(offset, count).ToArray()),
            QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce,
            Retain = retain,
        };
        Task<MqttClientPublishResult> sent;
        try
        {
            sent = _client.PublishAsync(message, CancellationToken.None);
        }
        catch (Exception e)
        {
            window.Room.Release();
            return e switch
            {
                MqttClientNotConnectedException => MqttPublishResult.NotConnected,
                MqttProtocolViolationException => MqttPublishResult.InvalidArguments,
                _ => MqttPublishResult.Failed,
            };
        }
        sent.ContinueWith(static (done, state) =>
        {
            ((InFlightWindow)state!).Room.Release();
            _ = done.Exception; // observed: a connection's loss fails what it had in flight
        }, window, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return MqttPublishResult.Accepted;
    }

    /// <summary>QoS 1 publishes of one connection awaiting their PUBACK: a place each in Room.</summary>
    private sealed class InFlightWindow(int limit)
    {
        public readonly int Limit = limit;
        public readonly SemaphoreSlim Room = new(limit, limit);
    }

    private InFlightWindow _window = new(1);

    /// <summary>QoS 1 publishes sent and not yet acknowledged by the broker.</summary>
    public int InFlight => _window.Limit - _window.Room.CurrentCount;

    public int Subscribe(string[] filters, int[] qos)
    {
        if (!MqttLinkChecks.SubscribeArgumentsValid(filters, qos)) return MqttSubscribeResult.InvalidArguments;
        if (!_client.IsConnected) return MqttSubscribeResult.NotConnected;
        var builder = new MqttClientSubscribeOptionsBuilder();
        for (int i = 0; i < filters.Length; i++)
        {
            builder.WithTopicFilter(f => f.WithTopic(filters[i]).WithQualityOfServiceLevel((MqttQualityOfServiceLevel)qos[i]));
        }
        try
        {
            using var timeout = new CancellationTokenSource(_timeoutMs);
            MqttClientSubscribeResult result = _client.SubscribeAsync(builder.Build(), timeout.Token).GetAwaiter().GetResult();
            foreach (var item in result.Items)
            {
                if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2) return MqttSubscribeResult.Refused;
            }
            return MqttSubscribeResult.Accepted;
        }
        catch (MqttClientNotConnectedException)
        {
            return MqttSubscribeResult.NotConnected;
        }
        catch (MqttProtocolViolationException)
        {
            return MqttSubscribeResult.InvalidArguments;
        }
        catch (Exception)
        {
            return MqttSubscribeResult.Failed;
        }
    }

    /// <summary>
    /// One keep-alive tick (KeepAlivePings, once a second): when the connection has sent nothing
    /// for three quarters of the period, a PINGREQ; no PINGRESP within the operation timeout drops
    /// the connection, so a broker that went silent is noticed as MQTTnet's own keep-alive would.
    /// </summary>
    internal void KeepAliveTick(long nowMs)
    {
        KeepAliveAdapter? connection = _connections.Current;
        if (connection == null || !_client.IsConnected || _keepAliveMs == 0) return;
        long sent = connection.BytesSent;
        if (sent != _bytesSentSeen)
        {
            _bytesSentSeen = sent;
            _lastSendMs = nowMs;
            return;
        }
        if (nowMs - _lastSendMs < _keepAliveMs * 3 / 4 || Interlocked.Exchange(ref _pinging, 1) == 1) return;
        _ = PingAsync(connection);
    }

    private async Task PingAsync(KeepAliveAdapter connection)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_timeoutMs);
            await _client.PingAsync(timeout.Token);
        }
        catch (Exception)
        {
            if (_client.IsConnected && _connections.Current == connection) connection.Drop();
        }
        finally
        {
            Volatile.Write(ref _pinging, 0);
        }
    }

    public void Disconnect()
    {
        KeepAlivePings.Remove(this);
        Interlocked.Exchange(ref _sessionEnded, 1);
        if (!_client.IsConnected) return;
        try
        {
            using var timeout = new CancellationTokenSource(_timeoutMs);
            _client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception)
        {
            // The session is gone either way; the broker will publish the will if DISCONNECT was not sent.
        }
    }

    public void Dispose()
    {
        KeepAlivePings.Remove(this);
        Interlocked.Exchange(ref _sessionEnded, 1);
        _client.Dispose();
        _trustedCa?.Dispose();
    }

    private MqttClientOptions BuildOptions(MqttLinkOptions options)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_nodes?.Current.Host ?? options.Host, _nodes?.Current.Port ?? options.Port)
            .WithClientId(options.ClientId)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithCleanSession(options.CleanSession)
            .WithTimeout(TimeSpan.FromMilliseconds(options.OperationTimeoutMs));
        // MQTTnet runs no keep-alive loop of its own; the CONNECT still carries the period (KeepAliveAdapterFactory).
        builder = builder.WithNoKeepAlive();
        _connections.Seconds = (ushort)options.KeepAliveSeconds;
        if (options.Username != null) builder.WithCredentials(options.Username, options.Password ?? "");
        if (options.WillTopic != null)
        {
            builder.WithWillTopic(options.WillTopic)
                .WithWillPayload(options.WillPayload ?? [])
                .WithWillQualityOfServiceLevel((MqttQualityOfServiceLevel)options.WillQos)
                .WithWillRetain(options.WillRetain);
        }
        if (options.UseTls)
        {
            _trustedCa?.Dispose();
            _trustedCa = X509Certificate2.CreateFromPem(options.CaCertificatePem);
            var tls = new MqttClientTlsOptionsBuilder()
                .UseTls()
                .WithTargetHost(options.TlsServerName ?? _nodes?.Current.Host ?? options.Host)
                .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                .WithCertificateValidationHandler(ChainsToTrustedCa);
            if (options.ClientCertificatePem != null)
            {
                using var ephemeral = X509Certificate2.CreateFromPem(options.ClientCertificatePem, options.ClientKeyPem);
                // A PKCS#12 round trip gives the key a form every platform's TLS stack accepts.
                var clientCertificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
                tls.WithClientCertificates(new X509Certificate2Collection(clientCertificate));
            }
            builder.WithTlsOptions(tls.Build());
        }
        return builder.Build();
    }

    private bool ChainsToTrustedCa(MqttClientCertificateValidationEventArgs e)
    {
        const SslPolicyErrors fatal = SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch;
        if ((e.SslPolicyErrors & fatal) != 0 || e.Certificate == null || _trustedCa == null) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_trustedCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (e.Chain != null)
        {
            // Intermediates the broker sent along; the root must still be the configured CA.
            foreach (var element in e.Chain.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        using var leaf = X509CertificateLoader.LoadCertificate(e.Certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    private Task OnMessageReceived(MqttApplicationMessageReceivedEventArgs e)
    {
        var listener = _listener;
        if (listener == null) return Task.CompletedTask;
        var message = e.ApplicationMessage;
        int length = checked((int)message.Payload.Length);
        lock (_receiveGate)
        {
            // One buffer, grown to the largest message seen: the listener contract lets the
            // link reuse it, as the device's adapter does.
            if (_receiveBuffer.Length < length) _receiveBuffer = new byte[Math.Max(length, _receiveBuffer.Length * 2)];
            System.Buffers.BuffersExtensions.CopyTo(message.Payload, _receiveBuffer);
            try
            {
                listener.MessageReceived(message.Topic, _receiveBuffer, 0, length, (int)message.QualityOfServiceLevel, message.Retain);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _listenerErrors);
            }
        }
        return Task.CompletedTask;
    }

    private Task OnDisconnected(MqttClientDisconnectedEventArgs e)
    {
        KeepAlivePings.Remove(this);
        if (!e.ClientWasConnected) return Task.CompletedTask;
        if (Interlocked.Exchange(ref _sessionEnded, 1) == 1) return Task.CompletedTask;
        // The node may be gone: the reconnect goes to the next one.
        _nodes?.MoveOn();
        try
        {
            _listener?.ConnectionLost();
        }
        catch (Exception)
        {
            Interlocked.Increment(ref _listenerErrors);
        }
        return Task.CompletedTask;
    }

    private static int Refusal(MqttClientConnectResultCode code) => code switch
    {
        MqttClientConnectResultCode.BadUserNameOrPassword => MqttConnectResult.BadCredentials,
        MqttClientConnectResultCode.NotAuthorized => MqttConnectResult.NotAuthorized,
        MqttClientConnectResultCode.ClientIdentifierNotValid => MqttConnectResult.IdentifierRejected,
        _ => MqttConnectResult.Refused,
    };

    private static int Failure(Exception e)
    {
        for (Exception? inner = e; inner != null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException) return MqttConnectResult.TlsFailed;
            if (inner is OperationCanceledException or MqttCommunicationTimedOutException) return MqttConnectResult.TimedOut;
        }
        for (Exception? inner = e; inner != null; inner = inner.InnerException)
        {
            if (inner is SocketException) return MqttConnectResult.NetworkError;
        }
        return MqttConnectResult.NetworkError;
    }
}
