using EdgeNano.Runtime;

namespace EdgeNano.Tests.Runtime;

public class BusTests
{
    [Fact]
    public void A_message_reaches_the_destination_handler_with_its_route_and_content()
    {
        var sink = new RecordingModule("sink");
        Message? seen = null;
        string? route = null;
        sink.OnHandle = (_, m) => { seen = m; route = $"{m.Source}>{m.Destination} {m.Operation} id={m.Id > 0} ts={m.Timestamp}"; };
        var clock = new ManualClock(42_000);
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(), clock, null, new RecordingModule("source"), sink);
        host.Start();

        Assert.Equal(SendResult.Accepted, host.Send("source", "sink", "hello"));
        host.RunUntilIdle();

        Assert.Equal(["hello"], sink.Handled);
        Assert.Equal("source>sink test id=True ts=42000", route);
        Assert.NotNull(seen);
        Assert.Equal(1, host.Counters("source").Sent);
        Assert.Equal(1, host.Counters("sink").Received);
    }

    [Fact]
    public void A_full_ring_refuses_the_send_at_once_and_counts_it()
    {
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(ring: 4), null, null, new RecordingModule("sink"));
        host.Start();

        for (int i = 0; i < 4; i++) Assert.Equal(SendResult.Accepted, host.Send("x", "sink", $"m{i}"));
        Assert.Equal(SendResult.RingFull, host.Send("x", "sink", "one too many"));
        Assert.Equal(SendResult.RingFull, host.Send("x", "sink", "and another"));

        Assert.Equal(2, host.Counters("sink").RingFull);
        Assert.Equal(4, host.QueuedFor("sink"));
        Assert.Equal(16 - 4, host.Bus.Pool.Available); // refused messages went back to the pool
    }

    [Fact]
    public void Many_producers_to_one_module_lose_nothing_and_keep_each_producers_order()
    {
        const int producers = 4, perProducer = 5_000;
        var sink = new RecordingModule("sink");
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(ring: 16, pool: 32), null, null, sink);
        var dispatcher = new DeviceDispatcher(host, 8);
        host.Start();
        dispatcher.Start();
        int refusals = 0;

        var threads = Enumerable.Range(0, producers).Select(p => new Thread(() =>
        {
            for (int i = 0; i < perProducer; i++)
            {
                // The bus never blocks: a producer that wants no loss retries on a full ring or empty pool.
                SendResult result;
                while ((result = host.Send($"p{p}", "sink", $"{p}:{i}")) != SendResult.Accepted)
                {
                    Assert.True(result is SendResult.RingFull or SendResult.NoMessage, result.ToString());
                    Interlocked.Increment(ref refusals);
                    Thread.Yield();
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        RuntimeTestKit.WaitUntil(() => sink.Handled.Count == producers * perProducer);
        dispatcher.Stop();
        host.Stop();

        var lastSeen = new int[producers];
        Array.Fill(lastSeen, -1);
        foreach (var entry in sink.Handled)
        {
            var parts = entry.Split(':');
            int p = int.Parse(parts[0]), i = int.Parse(parts[1]);
            Assert.Equal(lastSeen[p] + 1, i);
            lastSeen[p] = i;
        }
        Assert.All(lastSeen, last => Assert.Equal(perProducer - 1, last));
        Assert.Equal(host.Counters("sink").RingFull + host.Bus.Pool.ExhaustedCount, refusals);
    }

    [Fact]
    public void A_send_to_an_unknown_module_fails_and_is_counted()
    {
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(), null, null, new RecordingModule("sink"));
        host.Start();

        Assert.Equal(SendResult.UnknownDestination, host.Send("x", "nobody", "lost?"));
        Assert.Equal(1, host.Bus.UnknownDestinations);
        Assert.Equal(16, host.Bus.Pool.Available);
    }

    [Fact]
    public void An_empty_pool_gives_no_message_and_counts_the_exhaustion()
    {
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(ring: 8, pool: 3), null, null, new RecordingModule("sink"));
        host.Start();
        var held = new[] { host.Bus.Rent(), host.Bus.Rent(), host.Bus.Rent() };

        Assert.Null(host.Bus.Rent());
        Assert.Equal(SendResult.NoMessage, host.Bus.Send(null!));
        Assert.Equal(1, host.Bus.Pool.ExhaustedCount);

        MessagePool.Release(held[0]);
        Assert.NotNull(host.Bus.Rent());
    }

    [Fact]
    public void Sends_before_start_and_after_stop_are_refused()
    {
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(), null, null, new RecordingModule("sink"));
        Assert.Equal(SendResult.NotRunning, host.Send("x", "sink", "early"));
        host.Start();
        host.Stop();
        Assert.Equal(SendResult.NotRunning, host.Send("x", "sink", "late"));
        Assert.Equal(16, host.Bus.Pool.Available);
    }

    [Fact]
    public void Content_larger_than_a_pooled_message_is_refused_not_truncated()
    {
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(), null, null, new RecordingModule("sink"));
        var message = host.Bus.Rent()!;
        Assert.False(message.SetContent(new byte[65], 0, 65));
        Assert.Equal(0, message.ContentLength);
        Assert.True(message.SetContent(new byte[64], 0, 64));
    }

    [Fact]
    public void Modules_can_read_each_others_counters()
    {
        int seenByReader = -1;
        var busy = new RecordingModule("busy");
        var reader = new RecordingModule("reader");
        reader.OnHandle = (m, _) => seenByReader = m.Context.Host.Counters("busy").Received;
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(), null, null, busy, reader);
        host.Start();
        host.Send("x", "busy", "1");
        host.Send("x", "busy", "2");
        host.RunUntilIdle();
        host.Send("x", "reader", "how busy?");
        host.RunUntilIdle();
        Assert.Equal(2, seenByReader);
    }
}
