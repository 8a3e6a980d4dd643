using EdgeNano.Runtime;

namespace EdgeNano.Tests.Runtime;

public class LimitedLogTests
{
    [Fact]
    public void A_flood_of_lines_passes_the_burst_then_the_rate_and_says_how_many_it_dropped()
    {
        var clock = new ManualClock();
        var inner = new ListLog();
        var log = new LimitedLog(inner, clock, perSecond: 20, burst: 40);

        for (int i = 0; i < 1000; i++) log.Write(LogLevel.Warning, "devicetwin", "refused " + i);
        Assert.Equal(40, inner.Lines.Count);
        Assert.Equal(960, log.Suppressed);

        clock.Advance(1000); // a second later: 20 lines' worth of room
        for (int i = 0; i < 100; i++) log.Write(LogLevel.Warning, "devicetwin", "refused again " + i);
        Assert.Contains(inner.Lines, line => line.Contains("960 lines suppressed"));
        Assert.Equal(40 + 20 + 1, inner.Lines.Count); // the 20 lines and the one saying what was dropped
        Assert.Equal(960 + 80, log.Suppressed);
    }

    [Fact]
    public void A_quiet_device_logs_every_line_and_a_zero_rate_means_no_limit()
    {
        var clock = new ManualClock();
        var inner = new ListLog();
        var quiet = new LimitedLog(inner, clock, perSecond: 20, burst: 40);
        for (int i = 0; i < 300; i++)
        {
            quiet.Write(LogLevel.Info, "gpio", "line " + i);
            clock.Advance(100); // ten a second
        }
        var unlimited = new LimitedLog(inner, clock, perSecond: 0, burst: 1);
        for (int i = 0; i < 500; i++) unlimited.Write(LogLevel.Info, "gpio", "burst " + i);

        Assert.Equal(800, inner.Lines.Count);
        Assert.Equal(0, quiet.Suppressed + unlimited.Suppressed);
    }
}
