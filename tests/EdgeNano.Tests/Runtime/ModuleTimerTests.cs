using EdgeNano.Runtime;

namespace EdgeNano.Tests.Runtime;

public class ModuleTimerTests
{
    private sealed class Ticker() : RecordingModule("ticker")
    {
        public readonly List<long> Ticks = new();
        public long Period;
        public override void HandleTimer(long nowMs)
        {
            Ticks.Add(nowMs);
            if (Period > 0) Context.Host.SetTimer(this, nowMs + Period);
        }
    }

    [Fact]
    public void A_module_timer_fires_once_at_its_time_on_the_dispatcher()
    {
        var clock = new ManualClock(1000);
        var ticker = new Ticker();
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(), clock, null, ticker);
        host.Start();
        host.SetTimer(ticker, 1500);

        host.RunOnce(1);
        clock.Advance(499);
        host.RunOnce(1);
        Assert.Empty(ticker.Ticks);
        Assert.Equal(1500, host.NextDeadline);
        clock.Advance(1);
        host.RunOnce(1);
        host.RunOnce(1);
        Assert.Equal([1500L], ticker.Ticks);
    }

    [Fact]
    public void An_earlier_timer_replaces_a_later_one_and_a_later_one_waits()
    {
        var clock = new ManualClock(0);
        var ticker = new Ticker();
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(), clock, null, ticker);
        host.Start();
        host.SetTimer(ticker, 500);
        host.SetTimer(ticker, 200);
        host.SetTimer(ticker, 900);

        clock.Advance(200);
        host.RunOnce(1);
        clock.Advance(1000);
        host.RunOnce(1);

        Assert.Equal([200L], ticker.Ticks);
    }

    [Fact]
    public void A_periodic_timer_keeps_a_device_dispatcher_ticking_without_messages()
    {
        var ticker = new Ticker { Period = 10 };
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(), null, null, ticker);
        var dispatcher = new DeviceDispatcher(host, 4);
        host.Start();
        dispatcher.Start();
        host.SetTimer(ticker, host.Clock.NowMs + 10);

        RuntimeTestKit.WaitUntil(() => { lock (ticker.Ticks) return ticker.Ticks.Count >= 5; }, 5_000);
        dispatcher.Stop();
    }

    [Fact]
    public void A_throwing_timer_counts_as_a_module_failure()
    {
        var clock = new ManualClock(0);
        var bad = new BadTimer();
        var host = RuntimeTestKit.Host(RuntimeTestKit.SmallConfig(), clock, null, bad);
        host.Start();
        host.SetTimer(bad, 0);
        host.RunOnce(1);
        Assert.Equal(1, host.Counters("bad").Errors);
        Assert.True(host.IsModuleRunning("bad"));
    }

    private sealed class BadTimer() : RecordingModule("bad")
    {
        public override void HandleTimer(long nowMs) => throw new InvalidOperationException("tick failed");
    }
}
