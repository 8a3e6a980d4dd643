using System.Net;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeNano.Boards.Host.Mqtt;

/// <summary>
/// An MQTTnet broker inside this process on a loopback port, for the simulator and tests that
/// need a broker without installing one. Plain TCP; anonymous unless users are given. Can be
/// stopped and started again on the same port to play a broker restart.
/// </summary>
public sealed class EmbeddedBroker : IDisposable
{
    private readonly MqttServer _server;
    private readonly IReadOnlyDictionary<string, string>? _users;

    private EmbeddedBroker(int port, IReadOnlyDictionary<string, string>? users)
    {
        Port = port;
        _users = users;
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(port)
            .WithDefaultEndpointReuseAddress()
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(options);
        _server.ValidatingConnectionAsync += CheckCredentials;
    }

    /// <summary>Always 127.0.0.1: the broker listens on loopback only.</summary>
    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>The MQTTnet server itself, for hooks a tool or test needs (interceptors, client lists).</summary>
    public MqttServer Server => _server;

    public bool IsRunning => _server.IsStarted;

    /// <summary>Starts a broker on a free loopback port (or the given one).</summary>
    /// <param name="users">User name → password; null allows anonymous clients.</param>
    public static EmbeddedBroker Start(int port = 0, IReadOnlyDictionary<string, string>? users = null)
    {
        var broker = new EmbeddedBroker(port == 0 ? LoopbackPort.Free() : port, users);
        broker.Start();
        return broker;
    }

    /// <summary>Starts listening again (after Stop) on the same port.</summary>
    public void Start() => _server.StartAsync().GetAwaiter().GetResult();

    /// <summary>Stops listening and drops every client (without a DISCONNECT to them).</summary>
    public void Stop() => _server.StopAsync(new MqttServerStopOptions()).GetAwaiter().GetResult();

    public void Dispose()
    {
        if (_server.IsStarted) Stop();
        _server.Dispose();
    }

    private Task CheckCredentials(ValidatingConnectionEventArgs e)
    {
        if (_users == null) return Task.CompletedTask;
        if (e.UserName == null || !_users.TryGetValue(e.UserName, out var password) || password != e.Password)
        {
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
        }
        return Task.CompletedTask;
    }
}
