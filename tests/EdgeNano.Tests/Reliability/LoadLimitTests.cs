using System.Text.Json;
using EdgeNano.Cli;
using EdgeNano.Cli.Sim;
using EdgeNano.Tests.Cli;

namespace EdgeNano.Tests.Reliability;

/// <summary>The load-limit run (`edgenano sim --rate-steps`): desired updates at rising rates until the round trip's p99 doubles.</summary>
public class LoadLimitTests
{
    private static RateSteps Measured(params (double Rate, double[] RoundTrips, int Overtaken)[] steps)
    {
        var run = new RateSteps([.. steps.Select(s => s.Rate)], TimeSpan.FromSeconds(1));
        for (int i = 0; i < steps.Length; i++)
        {
            run.EveryMs(i * 1000, 10_000 + i * 1000); // enters step i
            RateSteps.Step step = run.At(10_000 + i * 1000)!;
            foreach (double ms in steps[i].RoundTrips) step.RoundTrips.Add(ms);
            step.Sent = steps[i].RoundTrips.Length + steps[i].Overtaken;
            step.Overtaken = steps[i].Overtaken;
        }
        return run;
    }

    private static double[] Around(double ms, int count = 200) => [.. Enumerable.Range(0, count).Select(i => ms + i % 7)];

    [Fact]
    public void The_limit_is_the_last_rate_before_p99_exceeds_twice_the_first_steps()
    {
        RateSteps run = Measured((1, Around(10), 0), (2, Around(12), 0), (5, Around(19), 0), (10, Around(40), 0), (20, Around(15), 0));

        Assert.Equal(5, run.Limit()!.RatePerDevice); // 10/s doubled p99; a later good step does not count: the load was not sustained
        Assert.Equal(16, run.BaselineP99);
    }

    [Fact]
    public void A_warm_up_step_at_the_lowest_rate_does_not_set_the_baseline_when_a_later_one_at_that_rate_is_faster()
    {
        RateSteps run = Measured((1, Around(100), 0), (1, Around(10), 0), (2, Around(20), 0), (4, Around(40), 0));

        Assert.Equal(16, run.BaselineP99); // the warm-up's 106 ms would have let 4/s (46 ms) pass
        Assert.Equal(2, run.Limit()!.RatePerDevice);
    }

    [Fact]
    public void A_step_whose_values_are_overtaken_before_they_come_back_is_past_the_limit_even_with_a_good_p99()
    {
        RateSteps run = Measured((1, Around(10), 0), (2, Around(10), 1), (4, Around(10), 5));

        Assert.Equal(2, run.Limit()!.RatePerDevice); // 1 of 201 overtaken is under 1 %; 5 of 205 is not
    }

    [Fact]
    public void Steps_follow_each_other_at_the_asked_rates_and_values_count_in_the_step_they_were_sent_in()
    {
        var run = new RateSteps([2, 5, 20], TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(30), run.Duration);
        Assert.Equal(500, run.EveryMs(0, 1_000));
        Assert.Equal(200, run.EveryMs(10_000, 11_000));
        Assert.Equal(50, run.EveryMs(29_999, 30_999));
        Assert.Equal(50, run.EveryMs(45_000, 46_000)); // past the end: the last rate holds
        Assert.Equal(2, run.At(10_999)!.RatePerDevice);
        Assert.Equal(5, run.At(11_000)!.RatePerDevice);
        Assert.Null(run.At(999));
    }
}

/// <summary>The load-limit run end to end: a small fleet, two rate steps, the report's figures.</summary>
[Collection(FleetCollection.Name)]
public class LoadLimitRunTests
{
    [Fact]
    public async Task A_stepped_run_reports_each_steps_round_trips_and_the_load_limit()
    {
        using var directory = new TempDirectory();
        string quiet = directory.File("quiet.json");
        File.WriteAllText(quiet, """{ "inputs": {}, "desired": { "everyMs": 0 } }""");
        string report = directory.File("load.json");
        var output = new StringWriter();
        TextWriter log = TextWriter.Synchronized(output);

        int code = await Task.Run(() => EdgeNanoCli.RunAsync(
            ["sim", "--board", Path.Combine(BuildPaths.RepoRoot, "boards", "simulator", "board.json"), "--devices", "3", "--scenario", quiet,
             "--rate-steps", "1,4", "--step-duration", "3s", "--settle", "15s", "--report", report],
            log, log, CancellationToken.None));

        Assert.True(code == 0, output.ToString());
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(report));
        JsonElement[] steps = [.. json.RootElement.GetProperty("rateSteps").EnumerateArray()];
        Assert.Equal([1.0, 4.0], steps.Select(s => s.GetProperty("perDevicePerSecond").GetDouble()));
        // About rate × devices × 3 s values each (9, then 36). Exact counts depend on the load
        // loop's turns, which a loaded machine delays (CI runs beside other jobs), so the test
        // asserts what a user reads off the report: every device sent in each step, and the
        // faster step sent more.
        int slow = steps[0].GetProperty("sent").GetInt32(), fast = steps[1].GetProperty("sent").GetInt32();
        Assert.True(slow >= 3 && fast > slow, $"sent {slow} at 1/s, {fast} at 4/s");
        Assert.All(steps, s => Assert.True(s.GetProperty("cameBack").GetInt32() > 0, s.ToString()));
        Assert.True(json.RootElement.GetProperty("loadLimit").GetProperty("baselineP99Ms").GetDouble() > 0);
        Assert.Contains("sim: load limit:", output.ToString());
    }
}
