using EdgeNano.Boards.Host.Mqtt;
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

public class BrokerListTests
{
    [Fact]
    public void A_comma_separated_list_is_one_clustered_broker_whose_first_node_is_host_and_port()
    {
        Assert.True(BrokerAddress.TryParse("mqtt://hub:pw@h1:1884, mqtt://hub:pw@h2,mqtt://hub:pw@h3:1886", out BrokerAddress address, out _));

        Assert.Equal(("h1", 1884), (address.Host, address.Port));
        Assert.Equal([new BrokerNode("h1", 1884), new BrokerNode("h2", 1883), new BrokerNode("h3", 1886)], address.Nodes);
        Assert.Equal(("hub", "pw"), (address.Username, address.Password));
        Assert.Equal("mqtt://hub@h1:1884,mqtt://hub@h2:1883,mqtt://hub@h3:1886", address.ToString());
    }

    [Fact]
    public void Starting_at_node_k_puts_node_k_mod_the_count_first_and_keeps_the_order()
    {
        BrokerAddress.TryParse("mqtt://a:1,mqtt://b:2,mqtt://c:3", out BrokerAddress address, out _);

        BrokerAddress fromFifth = address.StartingAt(4);

        Assert.Equal(("b", 2), (fromFifth.Host, fromFifth.Port));
        Assert.Equal(["b", "c", "a"], fromFifth.Nodes.Select(n => n.Host));
        Assert.Equal("mqtt://b:2", fromFifth.FirstNode.ToString());
    }

    [Theory]
    [InlineData("mqtt://a:1,mqtts://b:2", "mqtts://b:2")]
    [InlineData("mqtt://u@a:1,mqtt://v@b:2", "mqtt://v@b:2")]
    [InlineData("mqtt://a:1,,mqtt://c:3", "''")]
    [InlineData("mqtt://a:1,b:2", "b:2")]
    public void A_list_mixing_schemes_or_users_or_with_a_bad_entry_is_refused_naming_the_entry(string text, string named)
    {
        Assert.False(BrokerAddress.TryParse(text, out _, out string error));
        Assert.Contains(named, error);
    }

    [Fact]
    public void A_walk_starts_at_its_node_and_wraps_around()
    {
        var walk = new BrokerNodes([new BrokerNode("a", 1), new BrokerNode("b", 2), new BrokerNode("c", 3)], start: 5);

        var seen = new List<string>();
        for (int i = 0; i < 4; i++)
        {
            seen.Add(walk.Current.Host);
            walk.MoveOn();
        }

        Assert.Equal(["c", "a", "b", "c"], seen);
    }
}
