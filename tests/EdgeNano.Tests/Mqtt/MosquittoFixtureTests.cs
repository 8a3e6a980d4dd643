using System.Net.Sockets;
using EdgeNano.Tests.Infrastructure;

namespace EdgeNano.Tests.Mqtt;

/// <summary>The mosquitto fixture itself: what happens without mosquitto, and restarts on the same port.</summary>
public class MosquittoFixtureTests
{
    [Fact]
    public void Without_mosquitto_a_developers_run_skips_the_test()
    {
        Assert.Throws<SkipException>(() => MosquittoBroker.RequireInstalled(installed: false, ci: null));
        Assert.Throws<SkipException>(() => MosquittoBroker.RequireInstalled(installed: false, ci: "false"));
    }

    [Fact]
    public void Without_mosquitto_a_CI_run_fails_instead_of_skipping()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => MosquittoBroker.RequireInstalled(installed: false, ci: "true"));
        Assert.Contains("mosquitto", failure.Message);
    }

    [SkippableFact]
    public void A_stopped_broker_refuses_connections_and_listens_on_the_same_port_after_Start()
    {
        using var broker = MosquittoBroker.Start();
        int port = broker.Port;

        broker.Stop();
        Assert.Throws<SocketException>(() => new TcpClient().Connect(broker.Host, port));

        broker.Start();
        using var client = new TcpClient();
        client.Connect(broker.Host, port);
        Assert.Equal(port, broker.Port);
    }
}
