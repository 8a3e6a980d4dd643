using System.Reflection;
using EdgeNano.Runtime.Network;
using EdgeNano.Tests.Updates.Boot;

namespace EdgeNano.Tests.Network;

/// <summary>
/// boards/NanoFramework/NetworkAwareLink.cs, the STM32 board's link between Ethernet's link state
/// and edgehub, uses nothing of nanoFramework, so its very source is compiled here for .NET and
/// run over a recording stand-in for M2MqttLink: what edgehub sees when the cable is pulled or
/// plugged. nanoFramework's own NetworkAvailabilityChanged event (EthernetNetwork.cs) needs a board.
/// </summary>
public class NetworkAwareLinkTests
{
    private static readonly Lazy<Type> LinkType = new(() => Assembly
        .Load(NanoAdaptersOnHost.Compile("EdgeNano.NetworkAwareLinkOnHost",
            File.ReadAllText(Path.Combine(BuildPaths.RepoRoot, "boards", "NanoFramework", "NetworkAwareLink.cs"))))
        .GetType("EdgeNano.Boards.NanoFramework.NetworkAwareLink", throwOnError: true)!);

    private sealed class Session : IMqttLink
    {
        public IMqttLinkListener? Listener;
        public bool Connected;
        public int Connects, Disconnects;
        public bool IsConnected => Connected;
        public void SetListener(IMqttLinkListener listener) => Listener = listener;
        public int Connect(MqttLinkOptions options) { Connects++; Connected = true; return MqttConnectResult.Accepted; }
        public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain) => MqttPublishResult.Accepted;
        public int Subscribe(string[] filters, int[] qos) => MqttSubscribeResult.Accepted;
        public void Disconnect() { Disconnects++; Connected = false; }
        public void DropsByItself() { Connected = false; Listener!.ConnectionLost(); }
    }

    private sealed class Edgehub : IMqttLinkListener
    {
        public int Losses, Messages;
        public void MessageReceived(string topic, byte[] payload, int offset, int count, int qos, bool retain) => Messages++;
        public void ConnectionLost() => Losses++;
    }

    private static (IMqttLink Link, Action<bool> Network, Session Session, Edgehub Edgehub) Make(bool networkUp)
    {
        var session = new Session();
        var link = (IMqttLink)Activator.CreateInstance(LinkType.Value, session, networkUp)!;
        var edgehub = new Edgehub();
        link.SetListener(edgehub);
        MethodInfo changed = LinkType.Value.GetMethod("NetworkChanged")!;
        return (link, up => changed.Invoke(link, [up]), session, edgehub);
    }

    private static readonly MqttLinkOptions Options = new() { Host = "10.0.0.2", ClientId = "stm32f769i-disco" };

    [Fact]
    public void With_the_cable_out_a_connect_fails_at_once_as_a_network_error_without_trying_the_broker()
    {
        var (link, _, session, _) = Make(networkUp: false);

        Assert.Equal(MqttConnectResult.NetworkError, link.Connect(Options));
        Assert.Equal(0, session.Connects);
        Assert.False(link.IsConnected);
    }

    [Fact]
    public void Pulling_the_cable_ends_the_session_and_edgehub_hears_of_it_once()
    {
        var (link, network, session, edgehub) = Make(networkUp: true);
        Assert.Equal(MqttConnectResult.Accepted, link.Connect(Options));

        network(false);
        session.DropsByItself();   // M2Mqtt notices too, later: not a second loss
        network(false);

        Assert.Equal(1, edgehub.Losses);
        Assert.Equal(1, session.Disconnects);
        Assert.False(link.IsConnected);
    }

    [Fact]
    public void Plugging_the_cable_back_lets_the_next_connect_through_and_a_later_drop_is_reported_again()
    {
        var (link, network, session, edgehub) = Make(networkUp: true);
        link.Connect(Options);
        network(false);
        Assert.Equal(MqttConnectResult.NetworkError, link.Connect(Options));

        network(true);
        Assert.Equal(MqttConnectResult.Accepted, link.Connect(Options));
        Assert.True(link.IsConnected);
        session.DropsByItself();

        Assert.Equal(2, edgehub.Losses);
        Assert.Equal(2, session.Connects);
    }

    [Fact]
    public void A_disconnect_edgehub_asked_for_is_not_reported_as_a_loss_when_the_cable_goes_after_it()
    {
        var (link, network, _, edgehub) = Make(networkUp: true);
        link.Connect(Options);

        link.Disconnect();
        network(false);

        Assert.Equal(0, edgehub.Losses);
    }

    [Fact]
    public void Messages_from_the_broker_reach_edgehub_through_the_link()
    {
        var (link, _, session, edgehub) = Make(networkUp: true);
        link.Connect(Options);

        session.Listener!.MessageReceived("$hw/events/device/default/stm32f769i-disco/twin/update/delta", [1], 0, 1, 1, false);

        Assert.Equal(1, edgehub.Messages);
    }
}
