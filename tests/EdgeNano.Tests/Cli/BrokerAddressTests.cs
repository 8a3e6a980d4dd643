using EdgeNano.Cli.Common;

namespace EdgeNano.Tests.Cli;

public class BrokerAddressTests
{
    [Theory]
    [InlineData("mqtt://127.0.0.1:1883", "127.0.0.1", 1883, false, null, null)]
    [InlineData("mqtt://broker.local", "broker.local", 1883, false, null, null)]
    [InlineData("mqtts://broker.local", "broker.local", 8883, true, null, null)]
    [InlineData("mqtts://hub:s%40cret@10.0.0.2:9883", "10.0.0.2", 9883, true, "hub", "s@cret")]
    [InlineData("mqtt://alice@h:1", "h", 1, false, "alice", null)]
    public void Broker_URLs_give_host_port_TLS_and_credentials(string url, string host, int port, bool tls, string? user, string? password)
    {
        Assert.True(BrokerAddress.TryParse(url, out BrokerAddress address, out _));
        Assert.Equal(new BrokerAddress(host, port, tls, user, password), address);
    }

    [Theory]
    [InlineData("127.0.0.1:1883")]
    [InlineData("http://host")]
    [InlineData("mqtt://host/path")]
    public void Anything_else_is_refused_with_a_reason(string url)
    {
        Assert.False(BrokerAddress.TryParse(url, out _, out string error));
        Assert.Contains(url, error);
    }

    [Fact]
    public void The_password_never_appears_in_logs()
    {
        BrokerAddress.TryParse("mqtt://hub:secret@h:1", out BrokerAddress address, out _);
        Assert.DoesNotContain("secret", address.ToString());
    }
}
