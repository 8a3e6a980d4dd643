using System.Device.Gpio;
using EdgeNano.Boards.Host.Gpio;

namespace EdgeNano.Tests.Gpio;

public class SimulatedDriverTests
{
    // A real GpioController on the simulated driver, recording every edge it reports.
    private sealed class Bench
    {
        public SimulatedGpioDriver Driver { get; } = new();
        public GpioController Controller { get; }
        public List<(long At, int Pin, PinEventTypes Type)> Edges { get; } = [];

        public Bench(params int[] inputs)
        {
            Controller = new GpioController(Driver);
            foreach (int pin in inputs)
            {
                Controller.OpenPin(pin, PinMode.Input);
                Controller.RegisterCallbackForPinValueChangedEvent(pin, PinEventTypes.Rising | PinEventTypes.Falling,
                    (_, e) => Edges.Add((Driver.Now, e.PinNumber, e.ChangeType)));
            }
        }
    }

    [Fact]
    public void A_square_wave_changes_every_half_period_through_a_real_GpioController()
    {
        var bench = new Bench(5);
        bench.Driver.Script(5, InputScript.SquareWave(periodMs: 10));

        bench.Driver.AdvanceTo(50);

        Assert.Equal([5L, 10, 15, 20, 25, 30, 35, 40, 45, 50], bench.Edges.Select(e => e.At));
        Assert.Equal(PinEventTypes.Rising, bench.Edges[0].Type);
        Assert.Equal(PinValue.Low, bench.Controller.Read(5)); // ten changes from low
    }

    [Fact]
    public void A_bouncy_script_alternates_and_ends_at_its_target_level()
    {
        var bench = new Bench(4);
        bench.Driver.Script(4, InputScript.Bouncy(atMs: 20, toLevel: true, bounces: 3, spacingMs: 1));

        bench.Driver.AdvanceTo(100);

        Assert.Equal([20L, 21, 22, 23, 24, 25, 26], bench.Edges.Select(e => e.At));
        Assert.Equal(PinValue.High, bench.Controller.Read(4));
    }

    [Fact]
    public void Random_bursts_are_reproducible_from_their_seed()
    {
        var first = new Bench(1);
        var second = new Bench(1);
        first.Driver.Script(1, InputScript.RandomBursts(seed: 42, bursts: 3, pulsesPerBurst: 10, edgeSpacingMs: 1, maxGapMs: 50));
        second.Driver.Script(1, InputScript.RandomBursts(seed: 42, bursts: 3, pulsesPerBurst: 10, edgeSpacingMs: 1, maxGapMs: 50));

        first.Driver.AdvanceTo(1000);
        second.Driver.AdvanceTo(1000);

        Assert.Equal(60, first.Edges.Count);
        Assert.Equal(first.Edges, second.Edges);
    }

    [Fact]
    public void A_replay_file_plays_its_ms_value_lines_in_order_across_pins()
    {
        string file = Path.Combine(Path.GetTempPath(), $"edgenano-replay-{Guid.NewGuid():N}.txt");
        File.WriteAllText(file, "# door contact\n0 1\n\n30 0\n45 1\n");
        try
        {
            var bench = new Bench(2, 3);
            bench.Driver.Script(2, InputScript.ReplayFile(file));
            bench.Driver.Script(3, InputScript.Replay("40 1"));
            Assert.Equal(PinValue.High, bench.Controller.Read(2)); // the line at 0 sets the start level, an edge of its own

            bench.Driver.AdvanceTo(44);

            Assert.Equal([(0L, 2, PinEventTypes.Rising), (30L, 2, PinEventTypes.Falling), (40L, 3, PinEventTypes.Rising)], bench.Edges);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("10 2", "replay:1: expected \"ms value\"")]
    [InlineData("10 1\n5 0", "replay:2: time 5 is not after the previous line's 10")]
    [InlineData("ten 1", "replay:1:")]
    public void A_malformed_replay_names_its_line(string text, string fragment)
    {
        var error = Assert.Throws<FormatException>(() => InputScript.Replay(text));
        Assert.Contains(fragment, error.Message);
    }

    [Fact]
    public void An_output_is_observable_and_a_stuck_pin_reads_its_stuck_level()
    {
        var bench = new Bench();
        bench.Controller.OpenPin(7, PinMode.Output);

        bench.Controller.Write(7, PinValue.High);
        Assert.True(bench.Driver.Level(7));
        Assert.Equal(PinValue.High, bench.Controller.Read(7));

        bench.Driver.Stick(7, false);
        bench.Controller.Write(7, PinValue.High);
        Assert.Equal(PinValue.Low, bench.Controller.Read(7));
        Assert.Equal(2, bench.Driver.Writes(7));
    }

    [Fact]
    public void Closing_a_pin_stops_its_edge_reports()
    {
        var bench = new Bench(1);
        bench.Driver.SetInput(1, true);
        bench.Controller.ClosePin(1);

        bench.Driver.SetInput(1, false);

        Assert.Single(bench.Edges);
        Assert.False(bench.Driver.IsOpen(1));
    }

    [Fact]
    public void The_driver_is_chosen_by_name()
    {
        var bank = HostPinBanks.Create("simulated", 8, out var simulated);
        Assert.NotNull(bank);
        Assert.NotNull(simulated);
        Assert.Throws<ArgumentException>(() => HostPinBanks.Create("spidev", 8, out _));
    }
}
