using EdgeNano.Boards.Host.Mqtt;

namespace EdgeNano.Cli.Sim;

/// <summary>A broker the sim runs itself, so a brokerOutage fault can stop it and start it again on the same port.</summary>
internal interface ISimBroker : IDisposable
{
    string Host { get; }
    int Port { get; }
    /// <summary>What it is, for the log ("embedded", "mosquitto 2.0.18").</summary>
    string Name { get; }
    void Start();
    void Stop();
}

/// <summary>The in-process MQTTnet broker as an <see cref="ISimBroker"/>.</summary>
internal sealed class EmbeddedSimBroker(EmbeddedBroker broker) : ISimBroker
{
    public string Host => broker.Host;
    public int Port => broker.Port;
    public string Name => "embedded";
    public void Start() => broker.Start();
    public void Stop() => broker.Stop();
    public void Dispose() => broker.Dispose();
}
