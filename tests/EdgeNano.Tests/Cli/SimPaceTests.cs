using EdgeNano.Cli.Sim;

namespace EdgeNano.Tests.Cli;

/// <summary>The sim's load keeps each device's own pace, so a late turn does not bring the fleet into step.</summary>
public sealed class SimPaceTests
{
    [Fact]
    public void An_input_found_due_late_stays_on_its_own_phase()
    {
        // Due at 1,000 and 4,000 on a 10 s period; the loop comes back only at 25,000 (a stall).
        long first = SimRun.NextInPhase(1000, 10000, 25000);
        long second = SimRun.NextInPhase(4000, 10000, 25000);

        Assert.Equal(31000, first);
        Assert.Equal(34000, second);
    }

    [Fact]
    public void An_input_on_time_is_next_due_one_period_later()
    {
        Assert.Equal(11000, SimRun.NextInPhase(1000, 10000, 1000));
        Assert.Equal(11000, SimRun.NextInPhase(1000, 10000, 1020));
    }
}
