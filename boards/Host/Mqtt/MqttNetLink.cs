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
/// the device's M2Mqtt. Blocks the caller for at most the options' OperationTimeoutMs; never
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

    /// <summary>A link to the broker the device's options name, or to a cluster's nodes (null: the options' host and port).</summary>
    public MqttNetLink(BrokerNodes? nodes = null)
    {
        _nodes = nodes;
        _client = new MqttClientFactory().CreateMqttClient();
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
        var message = new MqttApplicationMessage
        {
            Topic = topic,
            // No copy: PublishAsync has written (QoS 0) or been acknowledged (QoS 1) when it returns.
            PayloadSegment = payload == null ? ArraySegment<byte>.Empty : new ArraySegment<byte>(payload, offset, count),
            QualityOfServiceLevel = (MqttQualityOfServiceLevel)qos,
            Retain = retain,
        };
        try
        {
            using var timeout = new CancellationTokenSource(_timeoutMs);
            MqttClientPublishResult result = _client.PublishAsync(message, timeout.Token).GetAwaiter().GetResult();
            bool delivered = result.IsSuccess || result.ReasonCode == MqttClientPublishReasonCode.NoMatchingSubscribers;
            return delivered ? MqttPublishResult.Accepted : MqttPublishResult.Failed;
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

    public void Disconnect()
    {
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
        builder = options.KeepAliveSeconds == 0
            ? builder.WithNoKeepAlive()
            : builder.WithKeepAlivePeriod(TimeSpan.FromSeconds(options.KeepAliveSeconds));
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
