using EdgeNano.Runtime;

namespace EdgeNano.Tests.Runtime;

public class ModuleIsolationTests
{
    private static RecordingModule Failing(string name) =>
        new(name) { OnHandle = (_, m) => throw new InvalidOperationException("sensor exploded") };

    [Fact]
    public void A_throwing_module_is_counted_and_logged_with_the_message_id_and_others_keep_running()
    {
        var log = new ListLog();
        var bad = Failing("bad");
        var good = new RecordingModule("good");
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(), new ManualClock(), log, bad, good);
        host.Start();
        var message = host.Bus.Rent()!;
        message.Destination = "bad";
        message.Operation = "update";
        host.Bus.Send(message);
        long id = message.Id;
        host.Send("x", "good", "still here");

        host.RunUntilIdle();

        Assert.Equal(1, host.Counters("bad").Errors);
        Assert.True(log.Contains($"bad: failed on message {id} (update"), string.Join("\n", log.Lines));
        Assert.Contains("sensor exploded", log.Lines.Single(l => l.StartsWith("error bad")));
        Assert.Equal(["still here"], good.Handled);
        Assert.True(host.IsModuleRunning("bad")); // one failure is not yet a reason to restart
        Assert.Equal(16, host.Bus.Pool.Available);
    }

    [Fact]
    public void A_module_that_keeps_failing_is_restarted_after_a_delay_that_doubles_and_stops_at_30_s()
    {
        var clock = new ManualClock();
        var bad = Failing("bad");
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(ring: 8), clock, null, bad);
        host.Start();
        var delays = new List<long>();

        for (int round = 0; round < 7; round++)
        {
            for (int i = 0; i < 3; i++) host.Send("x", "bad", "boom");
            host.RunUntilIdle();
            Assert.False(host.IsModuleRunning("bad"));
            long delay = host.NextDeadline - clock.NowMs;
            delays.Add(delay);

            clock.Advance(delay - 1);
            host.RunOnce(1);
            Assert.False(host.IsModuleRunning("bad"));
            clock.Advance(1);
            host.RunOnce(1);
            Assert.True(host.IsModuleRunning("bad"));
        }

        Assert.Equal([1000L, 2000, 4000, 8000, 16000, 30000, 30000], delays);
        Assert.Equal(7, host.Counters("bad").Restarts);
        Assert.Equal(8, bad.Starts);
        Assert.Equal(7, bad.Stops);
    }

    [Fact]
    public void A_module_that_recovers_after_a_restart_gets_the_short_delay_again()
    {
        var clock = new ManualClock();
        bool broken = true;
        var flaky = new RecordingModule("flaky") { OnHandle = (_, _) => { if (broken) throw new IOException("bus error"); } };
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(ring: 8), clock, null, flaky);
        host.Start();
        for (int i = 0; i < 3; i++) host.Send("x", "flaky", "boom");
        host.RunUntilIdle();
        clock.Advance(1000);
        host.RunOnce(1);
        for (int i = 0; i < 3; i++) host.Send("x", "flaky", "boom");
        host.RunUntilIdle();
        Assert.Equal(2000, host.NextDeadline - clock.NowMs);
        clock.Advance(2000);
        host.RunOnce(1);

        broken = false;
        host.Send("x", "flaky", "fine now");
        host.RunUntilIdle();
        broken = true;
        for (int i = 0; i < 3; i++) host.Send("x", "flaky", "boom");
        host.RunUntilIdle();

        Assert.Equal(1000, host.NextDeadline - clock.NowMs);
    }

    [Fact]
    public void Messages_sent_while_a_module_waits_for_its_restart_are_kept_and_handled_after_it()
    {
        var clock = new ManualClock();
        bool broken = true;
        var flaky = new RecordingModule("flaky") { OnHandle = (_, _) => { if (broken) throw new IOException("bus error"); } };
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(ring: 8), clock, null, flaky);
        host.Start();
        for (int i = 0; i < 3; i++) host.Send("x", "flaky", "boom");
        host.RunUntilIdle();
        broken = false;

        Assert.Equal(SendResult.Accepted, host.Send("x", "flaky", "queued during the outage"));
        host.RunUntilIdle();
        Assert.Equal(1, host.QueuedFor("flaky"));
        clock.Advance(1000);
        host.RunUntilIdle();

        Assert.Equal("queued during the outage", flaky.Handled.Last());
        Assert.Equal(0, host.QueuedFor("flaky"));
    }

    [Fact]
    public void A_module_whose_start_throws_is_retried_later_while_the_others_run()
    {
        var clock = new ManualClock();
        int attempts = 0;
        var late = new RecordingModule("late") { FailStart = () => ++attempts < 3 };
        var fine = new RecordingModule("fine");
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(), clock, null, late, fine);
        host.Start();

        Assert.False(host.IsModuleRunning("late"));
        Assert.True(host.IsModuleRunning("fine"));
        clock.Advance(1000);
        host.RunOnce(1);
        Assert.False(host.IsModuleRunning("late"));
        clock.Advance(2000);
        host.RunOnce(1);
        Assert.True(host.IsModuleRunning("late"));
        Assert.Equal(2, host.Counters("late").Errors);
    }
}
