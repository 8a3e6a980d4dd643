using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeNano.Cli.Broker;

/// <summary>What <c>edgenano broker</c> runs with.</summary>
public sealed record BrokerSettings
{
    /// <summary>Port to listen on (0: a free one). Default 1883, or 8883 with TLS.</summary>
    public int Port { get; init; } = 1883;
    /// <summary>Address to listen on. Default: every interface.</summary>
    public IPAddress Bind { get; init; } = IPAddress.Any;
    /// <summary>User name → password; null allows anonymous clients.</summary>
    public IReadOnlyDictionary<string, string>? Users { get; init; }
    /// <summary>Who may publish and receive what; null allows everything.</summary>
    public TopicAcl? Acl { get; init; }
    /// <summary>Server certificate with its key; null for plain TCP.</summary>
    public X509Certificate2? Certificate { get; init; }
}

/// <summary>
/// The MQTTnet broker as a stand-alone server: optional users, a mosquitto-style topic ACL
/// (a refused publish is dropped and logged; a subscriber receives only what it may read, as
/// mosquitto 2 checks read access per message), optional TLS.
/// </summary>
public sealed class StandaloneBroker : IAsyncDisposable
{
    private readonly MqttServer _server;
    private readonly BrokerSettings _settings;
    private readonly Action<string> _log;
    private readonly ConcurrentDictionary<string, string?> _usersByClient = new();
    private int _refusedPublishes;
    private int _withheldDeliveries;

    public StandaloneBroker(BrokerSettings settings, Action<string> log)
    {
        _settings = settings;
        _log = log;
        Port = settings.Port == 0 ? FreePort(settings.Bind) : settings.Port;
        var builder = new MqttServerOptionsBuilder();
        if (settings.Certificate == null)
        {
            builder.WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(settings.Bind).WithDefaultEndpointPort(Port);
        }
        else
        {
            builder.WithoutDefaultEndpoint()
                .WithEncryptedEndpoint()
                .WithEncryptedEndpointBoundIPAddress(settings.Bind)
                .WithEncryptedEndpointPort(Port)
                .WithEncryptionCertificate(settings.Certificate)
                .WithEncryptionSslProtocol(System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13);
        }
        _server = new MqttServerFactory().CreateMqttServer(builder.Build());
        _server.ValidatingConnectionAsync += CheckCredentials;
        _server.ClientConnectedAsync += e =>
        {
            _usersByClient[e.ClientId] = e.UserName;
            _log($"connected: {e.ClientId}{(e.UserName == null ? "" : " (user " + e.UserName + ")")} from {e.RemoteEndPoint}");
            return Task.CompletedTask;
        };
        _server.ClientDisconnectedAsync += e =>
        {
            _usersByClient.TryRemove(e.ClientId, out _);
            _log($"disconnected: {e.ClientId} ({e.DisconnectType})");
            return Task.CompletedTask;
        };
        if (settings.Acl != null)
        {
            _server.InterceptingPublishAsync += CheckPublish;
            _server.InterceptingClientEnqueueAsync += CheckDelivery;
        }
    }

    public int Port { get; }

    /// <summary>Publishes the ACL refused (dropped).</summary>
    public int RefusedPublishes => Volatile.Read(ref _refusedPublishes);

    /// <summary>Messages not delivered to a subscriber that may not read their topic.</summary>
    public int WithheldDeliveries => Volatile.Read(ref _withheldDeliveries);

    public Task StartAsync() => _server.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server.IsStarted) await _server.StopAsync(new MqttServerStopOptions());
        _server.Dispose();
    }

    private Task CheckCredentials(ValidatingConnectionEventArgs e)
    {
        if (_settings.Users == null) return Task.CompletedTask;
        if (e.UserName == null || !_settings.Users.TryGetValue(e.UserName, out string? password) || password != e.Password)
        {
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            _log($"refused connection: {e.ClientId} (user {e.UserName ?? "(none)"}): bad user name or password");
        }
        return Task.CompletedTask;
    }

    private Task CheckPublish(InterceptingPublishEventArgs e)
    {
        string topic = e.ApplicationMessage.Topic;
        if (_settings.Acl!.MayWrite(e.UserName, e.ClientId, topic)) return Task.CompletedTask;
        // MQTT 3.1.1 cannot tell the sender; the broker acknowledges and drops, as mosquitto does.
        e.ProcessPublish = false;
        Interlocked.Increment(ref _refusedPublishes);
        _log($"refused publish: {e.ClientId}{(e.UserName == null ? "" : " (user " + e.UserName + ")")} may not write {topic}");
        return Task.CompletedTask;
    }

    private Task CheckDelivery(InterceptingClientApplicationMessageEnqueueEventArgs e)
    {
        string? user = _usersByClient.TryGetValue(e.ReceiverClientId, out string? known) ? known : null;
        if (_settings.Acl!.MayRead(user, e.ReceiverClientId, e.ApplicationMessage.Topic)) return Task.CompletedTask;
        e.AcceptEnqueue = false;
        Interlocked.Increment(ref _withheldDeliveries);
        return Task.CompletedTask;
    }

    private static int FreePort(IPAddress address)
    {
        var listener = new System.Net.Sockets.TcpListener(address, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
