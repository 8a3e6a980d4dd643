using EdgeNano.Runtime;

namespace EdgeNano.Tests.Runtime;

public class RequestResponseTests
{
    /// <summary>Answers every request with "re:" + its content, unless told to hold its replies.</summary>
    private sealed class Echo() : RecordingModule("echo")
    {
        public bool Hold;
        public readonly List<(long Id, string Source)> Held = new();

        public override void Handle(Message message)
        {
            base.Handle(message);
            if (Hold) { Held.Add((message.Id, message.Source)); return; }
            Context.Bus.Respond(message, Reply(Context.Bus, "re:" + Handled.Last()));
        }

        public static Message Reply(Bus bus, string text)
        {
            var reply = bus.Rent()!;
            reply.Source = "echo";
            reply.SetContentAscii(text);
            return reply;
        }
    }

    private static Message Request(ModuleHost host, string source, string text)
    {
        var request = host.Bus.Rent()!;
        request.Source = source;
        request.Destination = "echo";
        request.SetContentAscii(text);
        return request;
    }

    [Fact]
    public void A_request_gets_its_reply_at_the_requester_correlated_by_parent_id()
    {
        var asker = new RecordingModule("asker");
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(), new ManualClock(), null, asker, new Echo());
        host.Start();
        var request = Request(host, "asker", "ping");
        Assert.Equal(SendResult.Accepted, host.Bus.Request(request, 1000));
        long requestId = request.Id;

        host.RunUntilIdle();

        Assert.Equal(["re:ping"], asker.Handled);
        Assert.Equal([requestId], asker.ParentIds);
        Assert.Empty(asker.TimedOutRequests);
    }

    [Fact]
    public void A_request_without_a_reply_times_out_and_the_requester_is_told()
    {
        var clock = new ManualClock();
        var asker = new RecordingModule("asker");
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(), clock, null, asker, new Echo { Hold = true });
        host.Start();
        var request = Request(host, "asker", "ping");
        host.Bus.Request(request, 500);
        long requestId = request.Id;
        host.RunUntilIdle();

        clock.Advance(499);
        host.RunOnce(8);
        Assert.Empty(asker.TimedOutRequests);
        Assert.Equal(clock.NowMs + 1, host.NextDeadline);

        clock.Advance(1);
        host.RunOnce(8);
        Assert.Equal([requestId], asker.TimedOutRequests);
        Assert.Equal(1, host.Counters("asker").RequestTimeouts);
    }

    [Fact]
    public void A_reply_after_the_timeout_is_dropped_and_counted_never_delivered_to_a_later_request()
    {
        var clock = new ManualClock();
        var asker = new RecordingModule("asker");
        var echo = new Echo { Hold = true };
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(), clock, null, asker, echo);
        host.Start();
        host.Bus.Request(Request(host, "asker", "first"), 100);
        host.RunUntilIdle();
        clock.Advance(100);
        host.RunOnce(8); // first request times out
        host.Bus.Request(Request(host, "asker", "second"), 100);
        host.RunUntilIdle();

        var (firstId, firstSource) = echo.Held[0];
        Assert.Equal(SendResult.LateReply, host.Bus.Respond(firstId, firstSource, Echo.Reply(host.Bus, "late answer to first")));
        host.RunUntilIdle();

        Assert.Empty(asker.Handled);
        Assert.Equal(1, host.Counters("asker").LateReplies);

        var (secondId, secondSource) = echo.Held[1];
        Assert.Equal(SendResult.Accepted, host.Bus.Respond(secondId, secondSource, Echo.Reply(host.Bus, "answer to second")));
        host.RunUntilIdle();
        Assert.Equal(["answer to second"], asker.Handled);
        Assert.Equal([secondId], asker.ParentIds);
    }

    [Fact]
    public void Call_blocks_an_outside_thread_until_the_reply_arrives()
    {
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(), null, null, new Echo());
        var dispatcher = new DeviceDispatcher(host, 8);
        host.Start();
        dispatcher.Start();

        var reply = host.Bus.Call(Request(host, "outside", "ping"), 5000);

        Assert.NotNull(reply);
        Assert.Equal("re:ping", System.Text.Encoding.ASCII.GetString(reply.Content, 0, reply.ContentLength));
        MessagePool.Release(reply);
        dispatcher.Stop();
        host.Stop();
    }

    [Fact]
    public void Call_gives_up_after_its_timeout_and_a_late_reply_is_counted()
    {
        var echo = new Echo { Hold = true };
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(), null, null, echo);
        var dispatcher = new DeviceDispatcher(host, 8);
        host.Start();
        dispatcher.Start();

        Assert.Null(host.Bus.Call(Request(host, "outside", "ping"), 50));
        var (id, source) = echo.Held.Single();
        Assert.Equal(SendResult.LateReply, host.Bus.Respond(id, source, Echo.Reply(host.Bus, "too late")));
        Assert.Equal(1, host.Bus.LateRepliesToCallers);
        dispatcher.Stop();
        host.Stop();
    }

    [Fact]
    public void Call_from_inside_a_handler_throws_instead_of_deadlocking_the_dispatcher()
    {
        Exception? thrown = null;
        var caller = new RecordingModule("caller")
        {
            OnHandle = (m, _) =>
            {
                try { m.Context.Bus.Call(Request(m.Context.Host, "caller", "x"), 1000); }
                catch (InvalidOperationException e) { thrown = e; }
            },
        };
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(), null, null, caller, new Echo());
        host.Start();
        host.Send("x", "caller", "go");
        host.RunUntilIdle();
        Assert.NotNull(thrown);
        Assert.Contains("use Request", thrown.Message);
    }

    [Fact]
    public void A_full_pending_table_refuses_the_request_and_counts_it()
    {
        var config = RuntimeTestKit.SmallConfig();
        config.PendingRequestCapacity = 2;
        var host = RuntimeTestKit.Host(config, new ManualClock(), null, new RecordingModule("asker"), new Echo { Hold = true });
        host.Start();
        Assert.Equal(SendResult.Accepted, host.Bus.Request(Request(host, "asker", "1"), 1000));
        Assert.Equal(SendResult.Accepted, host.Bus.Request(Request(host, "asker", "2"), 1000));
        Assert.Equal(SendResult.PendingTableFull, host.Bus.Request(Request(host, "asker", "3"), 1000));
        Assert.Equal(1, host.Bus.PendingTableFull);
    }
}
