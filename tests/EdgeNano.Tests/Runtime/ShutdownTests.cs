using System.Diagnostics;
using EdgeNano.Runtime;

namespace EdgeNano.Tests.Runtime;

public class ShutdownTests
{
    [Fact]
    public void Shutdown_stops_modules_in_reverse_registration_order()
    {
        var order = new List<string>();
        var modules = new[] { "eventbus", "devicetwin", "edgehub", "gpio" }
            .Select(n => new RecordingModule(n)).ToArray();
        foreach (var m in modules) m.OnStop = () => { lock (order) order.Add(m.Name); };
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(), null, null, modules);
        host.Start();

        host.Stop();

        Assert.Equal(["gpio", "edgehub", "devicetwin", "eventbus"], order);
    }

    [Fact]
    public void Shutdown_handles_queued_messages_before_it_stops_the_modules()
    {
        var sink = new RecordingModule("sink");
        int handledWhenStopped = -1;
        sink.OnStop = () => handledWhenStopped = sink.Handled.Count;
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(ring: 8), null, null, sink);
        host.Start();
        for (int i = 0; i < 5; i++) host.Send("x", "sink", $"m{i}");

        host.Stop();

        Assert.Equal(5, handledWhenStopped);
        Assert.Equal(0, host.Counters("sink").Dropped);
    }

    [Fact]
    public void Messages_that_cannot_be_handled_at_shutdown_are_counted_as_dropped()
    {
        var clock = new ManualClock();
        var bad = new RecordingModule("bad") { OnHandle = (_, _) => throw new InvalidOperationException("no") };
        var log = new ListLog();
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(ring: 8), clock, log, bad);
        host.Start();
        for (int i = 0; i < 3; i++) host.Send("x", "bad", "boom");
        host.RunUntilIdle(); // now waiting for its restart
        for (int i = 0; i < 4; i++) host.Send("x", "bad", "stuck");

        host.Stop();

        Assert.Equal(4, host.Counters("bad").Dropped);
        Assert.True(log.Contains("stopped; 4 queued messages dropped"));
        Assert.Equal(16, host.Bus.Pool.Available);
    }

    [Fact]
    public void A_module_whose_stop_hangs_does_not_hold_up_the_shutdown()
    {
        var release = new ManualResetEventSlim(false);
        var stuck = new RecordingModule("stuck") { OnStop = () => release.Wait(10_000) };
        var other = new RecordingModule("other");
        var config = RuntimeTestKit.SmallConfig();
        config.StopTimeoutMs = 100;
        var host = RuntimeTestKit.Host(config, null, null, other, stuck);
        host.Start();

        var watch = Stopwatch.StartNew();
        host.Stop();
        watch.Stop();
        release.Set();

        Assert.True(watch.ElapsedMilliseconds < 5_000, $"shutdown took {watch.ElapsedMilliseconds} ms");
        Assert.Equal(1, host.Counters("stuck").StopTimeouts);
        Assert.Equal(1, other.Stops);
    }

    [Fact]
    public void A_caller_blocked_in_Call_is_released_by_shutdown()
    {
        var silent = new RecordingModule("silent");
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(), null, null, silent);
        var dispatcher = new DeviceDispatcher(host, 8);
        host.Start();
        dispatcher.Start();
        Message? reply = null;
        var caller = new Thread(() =>
        {
            var request = host.Bus.Rent()!;
            request.Destination = "silent";
            reply = host.Bus.Call(request, 30_000);
        });
        caller.Start();
        RuntimeTestKit.WaitUntil(() => silent.Handled.Count == 1);

        dispatcher.Stop();
        host.Stop();

        Assert.True(caller.Join(5_000));
        Assert.Null(reply);
    }
}
