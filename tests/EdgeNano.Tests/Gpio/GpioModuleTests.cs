using EdgeNano.DeviceTwin;
using EdgeNano.Boards.Host.Gpio;
using EdgeNano.Runtime;

namespace EdgeNano.Tests.Gpio;

public class GpioModuleTests
{
    private const string Button = """{"key":"button","kind":"input","pin":1,"pull":"up","activeLow":true,"debounceMs":20}""";
    private const string Led = """{"key":"led","kind":"output","pin":3}""";

    [Fact]
    public void At_start_gpio_subscribes_to_expected_values_and_reports_every_property_once()
    {
        var rig = new GpioRig(GpioRig.BoardWith(Button, """{"key":"pulses","kind":"counter","pin":2}""", Led)).Start();

        Assert.Contains(rig.Twin.Handled, h => h == ""); // the subscribe message has no content
        Assert.Equal(["false"], rig.Reports("button")); // pulled up, active low: released
        Assert.Equal(["0"], rig.Reports("pulses"));
        Assert.Equal(["false"], rig.Reports("led"));
        Assert.Equal("boolean", rig.TypeOf("button"));
        Assert.Equal("int", rig.TypeOf("pulses"));
        Assert.Equal(1, rig.Gpio.ReportsSent); // all three in one twin/update
    }

    [Fact]
    public void A_bouncy_button_press_yields_exactly_one_change()
    {
        var rig = new GpioRig(GpioRig.BoardWith(Button)).Start();
        // Pressed (pulled low) at 50 ms, bouncing 6 times 2 ms apart before it holds.
        rig.Driver.Script(1, InputScript.Bouncy(50, toLevel: false, bounces: 6, spacingMs: 2));

        rig.Run(200);

        Assert.Equal(["false", "true"], rig.Reports("button"));
        Assert.Equal(2, rig.Gpio.ReportsSent);
    }

    [Fact]
    public void A_glitch_shorter_than_the_debounce_time_is_not_reported()
    {
        var rig = new GpioRig(GpioRig.BoardWith(Button)).Start();
        rig.Driver.Script(1, InputScript.Replay("0 1\n50 0\n55 1\n"));

        rig.Run(200);

        Assert.Equal(["false"], rig.Reports("button"));
    }

    [Fact]
    public void A_counter_is_exact_under_bursts_of_thousands_of_edges_from_several_threads()
    {
        var rig = new GpioRig(GpioRig.BoardWith("""{"key":"pulses","kind":"counter","pin":2,"pull":"down"}""")).Start();
        const int threads = 4, pulsesEach = 2500;
        int stop = 0;
        // The runtime dispatches concurrently with the edges, as on a board.
        var dispatch = new Thread(() => { while (Volatile.Read(ref stop) == 0) rig.Host.RunOnce(64); });
        dispatch.Start();

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            for (int i = 0; i < pulsesEach; i++) rig.Driver.Pulse(2);
        });
        Volatile.Write(ref stop, 1);
        dispatch.Join();
        rig.Gpio.Wake();
        rig.Settle();

        Assert.Equal((threads * pulsesEach).ToString(), rig.Reports("pulses").Last());
    }

    [Fact]
    public void A_counter_counts_random_bursts_exactly()
    {
        var rig = new GpioRig(GpioRig.BoardWith("""{"key":"pulses","kind":"counter","pin":2}""")).Start();
        rig.Driver.Script(2, InputScript.RandomBursts(seed: 7, bursts: 5, pulsesPerBurst: 40, edgeSpacingMs: 1, maxGapMs: 100));

        rig.Run(1500);

        Assert.Equal("200", rig.Reports("pulses").Last());
    }

    [Fact]
    public void The_rate_is_the_pulses_of_each_window()
    {
        var rig = new GpioRig(GpioRig.BoardWith(
            """{"key":"pulses","kind":"counter","pin":2,"rateKey":"pulse_rate","rateWindowMs":500,"report":{"minIntervalMs":0}}""")).Start();
        rig.Driver.Script(2, InputScript.SquareWave(periodMs: 10)); // 100 pulses a second

        rig.Run(1000);
        Assert.Equal(["50"], rig.Reports("pulse_rate")); // the same rate twice is not a change

        rig.Driver.Script(2, InputScript.SquareWave(periodMs: 20)); // 50 a second
        rig.Run(1000);
        Assert.Equal(["50", "25"], rig.Reports("pulse_rate"));

        rig.Driver.Script(2, InputScript.Constant(false)); // the pulses stop
        rig.Run(500);
        Assert.Equal(["50", "25", "0"], rig.Reports("pulse_rate"));
        Assert.Equal("int", rig.TypeOf("pulse_rate"));
    }

    [Fact]
    public void An_output_follows_the_desired_value_and_reports_it_as_actual()
    {
        var rig = new GpioRig(GpioRig.BoardWith(Led)).Start();

        rig.Desire("led", "true");

        Assert.True(rig.Driver.Level(3));
        Assert.Equal(["false", "true"], rig.Reports("led"));

        rig.Desire("led", "false");
        Assert.False(rig.Driver.Level(3));
        Assert.Equal("false", rig.Reports("led").Last());
    }

    [Fact]
    public void An_output_follows_a_delta_that_also_names_many_properties_the_board_does_not_have()
    {
        var rig = new GpioRig(GpioRig.BoardWith(Led)).Start();
        var others = string.Concat(Enumerable.Range(0, 20).Select(i => $"\"cloud{i}\":\"x\","));
        var message = rig.Host.Bus.Rent()!;
        message.Source = TwinBus.Module;
        message.Destination = "gpio";
        message.Operation = TwinBus.ExpectedChanged;
        message.Resource = GpioRig.Device;
        Assert.True(message.SetContentAscii($"{{\"event_id\":\"\",\"timestamp\":1,\"delta\":{{{others}\"led\":\"true\"}}}}"));
        rig.Host.Bus.Send(message);
        rig.Settle();

        Assert.True(rig.Driver.Level(3));
        Assert.Equal("true", rig.Reports("led").Last());
    }

    [Fact]
    public void An_active_low_output_drives_the_pin_low_for_true()
    {
        var rig = new GpioRig(GpioRig.BoardWith("""{"key":"led","kind":"output","pin":3,"activeLow":true}""")).Start();
        Assert.True(rig.Driver.Level(3)); // initial false: high

        rig.Desire("led", "true");

        Assert.False(rig.Driver.Level(3));
        Assert.Equal("true", rig.Reports("led").Last());
    }

    [Fact]
    public void An_output_reports_what_the_pin_reads_back_not_what_was_desired()
    {
        var rig = new GpioRig(GpioRig.BoardWith(Led)).Start();
        rig.Driver.Stick(3, false); // shorted to ground

        rig.Desire("led", "true");

        Assert.Equal(1, rig.Driver.Writes(3) - 1); // it was written (once at start, once now)
        Assert.Equal("false", rig.Reports("led").Last());
    }

    [Fact]
    public void A_desired_value_that_is_not_a_boolean_is_refused_counted_and_leaves_the_pin()
    {
        var rig = new GpioRig(GpioRig.BoardWith(Led)).Start();

        rig.Desire("led", "on");

        Assert.False(rig.Driver.Level(3));
        Assert.Equal(1, rig.Gpio.DesiredRefused);
        Assert.Equal(["false"], rig.Reports("led"));
    }

    [Fact]
    public void Expected_values_for_a_device_the_board_does_not_host_are_counted_and_ignored()
    {
        var rig = new GpioRig(GpioRig.BoardWith(Led)).Start();

        rig.Desire("led", "true", device: "default/other");

        Assert.False(rig.Driver.Level(3));
        Assert.Equal(1, rig.Gpio.UnknownDevices);
    }

    [Fact]
    public void Changes_inside_the_minimum_interval_are_reported_once_it_ends_with_the_latest_value()
    {
        var rig = new GpioRig(GpioRig.BoardWith(
            """{"key":"button","kind":"input","pin":1,"report":{"minIntervalMs":100}}""")).Start();
        rig.Driver.Script(1, InputScript.Replay("10 1\n20 0\n30 1\n"));

        rig.Run(60);
        Assert.Equal(["false"], rig.Reports("button"));

        rig.Run(60);
        Assert.Equal(["false", "true"], rig.Reports("button"));
    }

    [Fact]
    public void The_heartbeat_repeats_an_unchanged_value()
    {
        var rig = new GpioRig(GpioRig.BoardWith(
            """{"key":"button","kind":"input","pin":1,"report":{"heartbeatMs":250}}""")).Start();

        rig.Run(1000);

        Assert.Equal(["false", "false", "false", "false", "false"], rig.Reports("button"));
    }

    [Fact]
    public void Without_on_change_reports_only_the_heartbeat_carries_a_change()
    {
        var rig = new GpioRig(GpioRig.BoardWith(
            """{"key":"button","kind":"input","pin":1,"report":{"onChange":false,"heartbeatMs":500}}""")).Start();
        rig.Driver.Script(1, InputScript.Replay("100 1\n"));

        rig.Run(400);
        Assert.Equal(["false"], rig.Reports("button"));
        rig.Run(200);
        Assert.Equal(["false", "true"], rig.Reports("button"));
    }

    [Fact]
    public void A_report_while_the_message_pool_is_empty_is_counted_and_sent_once_messages_are_free()
    {
        var rig = new GpioRig(GpioRig.BoardWith(Button), pool: 8).Start();
        var held = new List<Message>();
        for (var m = rig.Host.Bus.Rent(); m != null; m = rig.Host.Bus.Rent()) held.Add(m);

        rig.Driver.SetInput(1, false); // pressed
        rig.Run(30);
        Assert.True(rig.Gpio.ReportsNotQueued > 0);
        Assert.Equal(["false"], rig.Reports("button"));

        foreach (var m in held) MessagePool.Release(m);
        rig.Run(200);

        Assert.Equal(["false", "true"], rig.Reports("button"));
    }

    [Fact]
    public void An_idle_board_sets_no_timer_once_everything_is_reported()
    {
        var rig = new GpioRig(GpioRig.BoardWith(Button, Led)).Start();

        Assert.Equal(long.MaxValue, rig.Host.NextDeadline);
    }
}
