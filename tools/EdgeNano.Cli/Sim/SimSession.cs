using EdgeNano.Cli.Common;
using Spectre.Console;

namespace EdgeNano.Cli.Sim;

/// <summary>The phases of `edgenano sim` as the user sees them: start-up with progress, the run with live figures, the end with the convergence verdict.</summary>
internal static class SimSession
{
    private const int TickMs = 50;

    /// <summary>The load loop's period: 50 ms, or short enough that a rate step's period gets a turn at least twice.</summary>
    private static int Tick(SimOptions options) =>
        options.RateSteps == null ? TickMs : Math.Clamp((int)(500 / options.RateSteps.MaxRate), 2, TickMs);

    public static async Task<int> RunAsync(SimOptions options, CliContext context)
    {
        await using var run = new SimRun(options, context.Log);
        await run.PrepareAsync(context.Cancel);
        StartBoards(run, options, context);
        int synced = await run.WaitSyncedAsync(TimeSpan.FromSeconds(30 + options.Devices / 200), context.Cancel);
        string caughtUp = run.StartupTime - run.SyncedTime >= TimeSpan.FromSeconds(0.5)
            ? $", the in-process hub caught up at {run.StartupTime.TotalSeconds:0.0} s" : "";
        context.Log($"sim: {run.Boards.Count} board(s) started, {synced} synced with the twin owner in {run.SyncedTime.TotalSeconds:0.00} s{caughtUp}; " +
                    $"{run.ThreadCount} device threads ({options.Workers} dispatch + timers + {options.BlockingThreads} blocking MQTT)");

        long runStart = run.NowMs;
        run.BeginLoad();
        if (options.Live) await AnsiConsole.Live(new Markup("starting...")).StartAsync(async live => await LoadAsync(run, options, context, runStart, (now, before) =>
        {
            live.UpdateTarget(FleetDisplay.Table(now, before));
            live.Refresh();
        }));
        else await LoadAsync(run, options, context, runStart, (now, before) => context.Log(FleetDisplay.Line(now, before)));
        TimeSpan ran = TimeSpan.FromMilliseconds(run.NowMs - runStart);

        // The end: faults over, load stopped; every device must now agree with the twin owner.
        run.EndFaults();
        context.Log($"sim: stopping the load after {ran.TotalSeconds:0.0} s; waiting up to {options.Settle.TotalSeconds:0} s for every device to converge");
        int converged = 0;
        var deadline = DateTime.UtcNow + options.Settle;
        while (true)
        {
            converged = await run.CheckConvergenceAsync(CancellationToken.None);
            if (converged == run.Tracks.Count || DateTime.UtcNow > deadline) break;
            await Task.Delay(250);
        }
        FleetSnapshot end = run.Snapshot();
        bool all = converged == run.Tracks.Count;
        context.Log(FleetDisplay.Line(end, null));
        string slice = options.Shard.IsWhole ? "" : $"shard {options.Shard} ({run.Boards.Count} of the fleet's {options.Devices} boards): ";
        context.Log($"sim: {slice}{converged} of {run.Tracks.Count} device(s) converged; round trip p50 {FleetDisplay.Ms(end.RoundTripP50Ms)}, " +
                    $"p99 {FleetDisplay.Ms(end.RoundTripP99Ms)} over {end.RoundTrips}");
        context.Log($"sim: process: peak {run.PeakThreads} threads, working set {run.WorkingSetBytes / 1048576.0:0} MB, " +
                    $"{run.BytesPerBoard / 1024:0.0} KB managed per board, CPU {run.CpuTime.TotalSeconds:0.0} s");
        FaultCounts faults = end.Faults;
        context.Log($"sim: faults injected: broker outages {faults.BrokerOutages}, reboots {faults.Reboots}, power cuts {faults.PowerCuts}, " +
                    $"store power cuts {faults.StorePowerCuts} of {faults.StorePowerCutsArmed} armed " +
                    $"({string.Join(", ", faults.StoreCutPoints.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}); " +
                    $"{run.Tracks.Count(t => t.Stuck != null)} device(s) stuck");
        if (run.HubCounts is { } hub) context.Log($"sim: in-process twin hub{(options.Shard.IsWhole ? "" : $" (shard {options.Shard})")}: {hub}");
        foreach (DeviceTrack track in run.Tracks.Where(t => !t.Converged).Take(10))
            context.Log($"sim: not converged: {track.DeviceId}: {track.Stuck ?? track.Mismatch}");
        if (!all)
        {
            foreach (string line in run.DeviceLog.Recent()) context.Log("sim: recent log: " + line);
        }
        else
        {
            // A converged fleet's warnings are shown too: a count alone does not say what they were.
            foreach (string line in run.DeviceLog.RecentWarnings()) context.Log("sim: recent warning: " + line);
        }
        if (options.RateSteps != null) LogSteps(options.RateSteps, run.Tracks.Count, context);
        if (options.ReportFile != null)
        {
            SimReport.Write(options.ReportFile, run, end, all, ran);
            context.Log($"sim: report written to {Path.GetFullPath(options.ReportFile)}");
        }
        return all ? 0 : 1;
    }

    /// <summary>The load-limit table: per step the rate, values sent, round-trip p50/p99, overtaken share; then the limit.</summary>
    private static void LogSteps(RateSteps steps, int devices, CliContext context)
    {
        context.Log("sim: rate step | per device /s | fleet /s | sent | came back | p50 ms | p99 ms | overtaken");
        int i = 0;
        foreach (RateSteps.Step step in steps.Steps)
        {
            context.Log($"sim: step {++i,2} | {step.RatePerDevice,12:0.##} | {step.RatePerDevice * devices,8:0.#} | {step.Sent,6} | {step.RoundTrips.Count,9} | " +
                        $"{step.RoundTrips.Percentile(50),6:0.0} | {step.RoundTrips.Percentile(99),6:0.0} | {step.OvertakenShare * 100,8:0.00} %");
        }
        RateSteps.Step? limit = steps.Limit();
        context.Log(limit == null
            ? $"sim: load limit: not reached at any step (baseline p99 {steps.BaselineP99:0.0} ms)"
            : $"sim: load limit: {limit.RatePerDevice:0.##} desired updates/s per device ({limit.RatePerDevice * devices:0.#}/s for {devices} device(s)) " +
              $"with p99 {limit.RoundTrips.Percentile(99):0.0} ms, within twice the lowest rate's {steps.BaselineP99:0.0} ms");
    }

    private static void StartBoards(SimRun run, SimOptions options, CliContext context)
    {
        if (options.Live)
        {
            AnsiConsole.Progress().Start(progress =>
            {
                var task = progress.AddTask("starting boards", maxValue: Math.Max(1, run.PlannedBoards.Count));
                run.StartDevices((done, _) => task.Value = done);
            });
            return;
        }
        int step = Math.Max(1, run.PlannedBoards.Count / 10);
        run.StartDevices((done, total) =>
        {
            if (done % step == 0 || done == total) context.Log($"sim: started {done}/{total} boards");
        });
    }

    /// <summary>Drives the load until --duration or Ctrl+C, showing the figures once a second.</summary>
    private static async Task LoadAsync(SimRun run, SimOptions options, CliContext context, long runStart, Action<FleetSnapshot, FleetSnapshot?> show)
    {
        FleetSnapshot? before = null;
        long nextShow = run.NowMs;
        try
        {
            while (options.Duration == null || run.NowMs - runStart < options.Duration.Value.TotalMilliseconds)
            {
                await run.DriveAsync(runStart, context.Cancel);
                if (run.NowMs >= nextShow)
                {
                    FleetSnapshot now = run.Snapshot();
                    show(now, before);
                    before = now;
                    nextShow += 1000;
                }
                await Task.Delay(Tick(options), context.Cancel);
            }
        }
        catch (OperationCanceledException) when (context.Cancel.IsCancellationRequested)
        {
            // Ctrl+C: on to the summary.
        }
    }
}
