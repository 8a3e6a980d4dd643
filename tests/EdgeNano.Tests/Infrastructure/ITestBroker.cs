using EdgeNano.Boards.Host.Mqtt;

namespace EdgeNano.Tests.Infrastructure;

/// <summary>A real broker a test can stop and start again on the same port.</summary>
public interface ITestBroker : IDisposable
{
    string Host { get; }
    int Port { get; }
    void Stop();
    void Start();
}

/// <summary>The in-process MQTTnet broker seen as a test broker.</summary>
public sealed class EmbeddedTestBroker(EmbeddedBroker broker) : ITestBroker
{
    public string Host => broker.Host;
    public int Port => broker.Port;
    public void Stop() => broker.Stop();
    public void Start() => broker.Start();
    public void Dispose() => broker.Dispose();
}
