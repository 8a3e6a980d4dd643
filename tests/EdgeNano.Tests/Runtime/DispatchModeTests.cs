using System.Diagnostics;
using EdgeNano.Boards.Host;
using EdgeNano.Runtime;

namespace EdgeNano.Tests.Runtime;

public class DispatchModeTests
{
    /// <summary>Sends its content on to "pong" once, like a sensor reading handed to the twin.</summary>
    private sealed class Ping() : RecordingModule("ping")
    {
        public override void Handle(Message message)
        {
            var next = Context.Bus.Rent();
            if (next == null) throw new InvalidOperationException("pool empty");
            next.Source = "ping";
            next.Destination = "pong";
            next.SetContent(message.Content, 0, message.ContentLength);
            Context.Bus.Send(next);
        }
    }

    private sealed class Pong() : Module("pong", "test")
    {
        public int Count;
        public override void Handle(Message message) => Interlocked.Increment(ref Count);
    }

    [Fact]
    public void On_a_device_one_thread_runs_every_module_handler()
    {
        var a = new RecordingModule("a");
        var b = new RecordingModule("b");
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(ring: 16, pool: 32), null, null, a, b);
        var dispatcher = new DeviceDispatcher(host, 4);
        host.Start();
        dispatcher.Start();

        var senders = Enumerable.Range(0, 3).Select(i => new Thread(() =>
        {
            for (int n = 0; n < 200; n++)
                while (host.Send("x", n % 2 == 0 ? "a" : "b", "m") != SendResult.Accepted) Thread.Yield();
        })).ToList();
        senders.ForEach(t => t.Start());
        senders.ForEach(t => t.Join());
        RuntimeTestKit.WaitUntil(() => a.Handled.Count + b.Handled.Count == 600);
        dispatcher.Stop();

        Assert.Single(a.HandlerThreads.Concat(b.HandlerThreads).Distinct());
    }

    [Fact]
    public void A_device_dispatcher_wakes_for_a_request_timeout_without_any_new_message()
    {
        var asker = new RecordingModule("asker");
        var silent = new RecordingModule("silent");
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(), null, null, asker, silent);
        var dispatcher = new DeviceDispatcher(host, 4);
        host.Start();
        dispatcher.Start();
        var request = host.Bus.Rent()!;
        request.Source = "asker";
        request.Destination = "silent";
        host.Bus.Request(request, 50);

        RuntimeTestKit.WaitUntil(() => asker.TimedOutRequests.Count == 1, 5_000);
        dispatcher.Stop();
    }

    [Fact]
    public void Ten_thousand_runtimes_share_at_most_32_threads_and_every_message_arrives()
    {
        const int devices = 10_000, messagesPerDevice = 5;
        int threadsBefore = Process.GetCurrentProcess().Threads.Count;
        using var dispatcher = new SharedDispatcher(workerCount: 4);
        var config = new RuntimeConfig { RingCapacity = 8, MessagePoolSize = 16, MessageContentCapacity = 32, PendingRequestCapacity = 1 };
        var log = new ListLog();
        var clock = new SystemClock();
        var pongs = new Pong[devices];
        var hosts = new ModuleHost[devices];
        for (int i = 0; i < devices; i++)
        {
            pongs[i] = new Pong();
            hosts[i] = new ModuleHost(config, clock, log);
            hosts[i].Register(new Ping());
            hosts[i].Register(pongs[i]);
            dispatcher.Attach(hosts[i]);
            hosts[i].Start();
        }

        // Two outside threads play the sensors of the whole fleet.
        var feeders = Enumerable.Range(0, 2).Select(f => new Thread(() =>
        {
            for (int round = 0; round < messagesPerDevice; round++)
                for (int i = f; i < devices; i += 2)
                    while (hosts[i].Send("sensor", "ping", "reading") != SendResult.Accepted) Thread.Yield();
        })).ToList();
        feeders.ForEach(t => t.Start());
        RuntimeTestKit.WaitUntil(() => pongs.Sum(p => Volatile.Read(ref p.Count)) == devices * messagesPerDevice, 60_000);
        int threadsDuring = Process.GetCurrentProcess().Threads.Count;
        feeders.ForEach(t => t.Join());

        Assert.True(dispatcher.ThreadCount <= 32);
        // The feeders are the test's own two threads; everything else the fleet added is the dispatcher.
        Assert.True(threadsDuring - threadsBefore <= 32 + 2, $"{threadsDuring - threadsBefore} threads added for {devices} runtimes");
        Assert.All(pongs, p => Assert.Equal(messagesPerDevice, p.Count));
        Assert.DoesNotContain(log.Lines, l => l.StartsWith("error"));
    }

    [Fact]
    public void A_shared_dispatcher_fires_request_timeouts_of_idle_runtimes()
    {
        using var dispatcher = new SharedDispatcher(workerCount: 2);
        var askers = new List<RecordingModule>();
        for (int i = 0; i < 50; i++)
        {
            var asker = new RecordingModule("asker");
            var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(), null, null, asker, new RecordingModule("silent"));
            dispatcher.Attach(host);
            host.Start();
            var request = host.Bus.Rent()!;
            request.Source = "asker";
            request.Destination = "silent";
            host.Bus.Request(request, 20 + i);
            askers.Add(asker);
        }

        RuntimeTestKit.WaitUntil(() => askers.All(a => a.TimedOutRequests.Count == 1), 10_000);
    }
}
