using EdgeNano.Runtime;

namespace EdgeNano.Tests.Runtime;

public class GroupSendTests
{
    private static Message GroupMessage(ModuleHost host, string group, string text)
    {
        var message = host.Bus.Rent()!;
        message.Source = "sender";
        message.Group = group;
        message.SetContentAscii(text);
        return message;
    }

    [Fact]
    public void A_group_send_reaches_every_member_once_and_no_one_else()
    {
        var a = new RecordingModule("a", "sensors");
        var b = new RecordingModule("b", "sensors");
        var other = new RecordingModule("other", "cloud");
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(), null, null, a, b, other);
        host.Start();

        Assert.Equal(0, host.Bus.SendToGroup(GroupMessage(host, "sensors", "tick"), null));
        host.RunUntilIdle();

        Assert.Equal(["tick"], a.Handled);
        Assert.Equal(["tick"], b.Handled);
        Assert.Empty(other.Handled);
        Assert.Equal(16, host.Bus.Pool.Available); // the shared message went back once both were done
    }

    [Fact]
    public void A_group_send_with_one_member_full_names_that_member_and_still_reaches_the_others()
    {
        var a = new RecordingModule("a", "sensors");
        var full = new RecordingModule("full", "sensors");
        var c = new RecordingModule("c", "sensors");
        var config = RuntimeTestKit.SmallConfig(ring: 4);
        config.SetRingCapacity("full", 1);
        var host = RuntimeTestKit.Host(config, null, null, a, full, c);
        host.Start();
        host.Send("x", "full", "occupying the only slot");

        var refused = new string[3];
        int refusals = host.Bus.SendToGroup(GroupMessage(host, "sensors", "tick"), refused);

        Assert.Equal(1, refusals);
        Assert.Equal("full", refused[0]);
        Assert.Equal(1, host.Counters("full").RingFull);
        host.RunUntilIdle();
        Assert.Equal(["tick"], a.Handled);
        Assert.Equal(["tick"], c.Handled);
        Assert.Equal(["occupying the only slot"], full.Handled);
    }

    [Fact]
    public void A_group_send_to_a_group_with_no_members_says_so()
    {
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(), null, null, new RecordingModule("a", "sensors"));
        host.Start();
        Assert.Equal(-1, host.Bus.SendToGroup(GroupMessage(host, "nobody", "hello?"), null));
        Assert.Equal(1, host.Bus.UnknownDestinations);
        Assert.Equal(16, host.Bus.Pool.Available);
    }
}
