using Spectre.Console;

namespace EdgeNano.Cli.Sim;

/// <summary>How the fleet is shown while it runs: a Spectre.Console live table on a terminal, or one plain line per period when the output is redirected.</summary>
internal static class FleetDisplay
{
    /// <summary>The figures of one moment as (name, value) rows; reports/s from the previous snapshot.</summary>
    public static List<(string Name, string Value)> Rows(FleetSnapshot now, FleetSnapshot? before)
    {
        double seconds = before == null ? 0 : (now.AtMs - before.AtMs) / 1000.0;
        double rate = seconds > 0 ? (now.Totals.Reports - before!.Totals.Reports) / seconds : 0;
        return
        [
            ("time", $"{now.AtMs / 1000.0:0.0} s"),
            ("boards online / synced", $"{now.Online} / {now.Synced} of {now.Boards}"),
            ("reports/s", $"{rate:0.0}  ({now.Totals.Reports} in all)"),
            ("desired set", $"{now.DesiredSent}"),
            ("round trip p50 / p99", $"{Ms(now.RoundTripP50Ms)} / {Ms(now.RoundTripP99Ms)}  ({now.RoundTrips} measured; " +
                                     $"last period {Ms(now.Recent.P50Ms)} / {Ms(now.Recent.P99Ms)} over {now.Recent.Count})"),
            ("outbox markers / overflows", $"{now.Totals.OutboxMarked} / {now.Totals.OutboxOverflows}"),
            ("runtime drops / refusals / module restarts", $"{now.Totals.Drops} / {now.Totals.Refusals} / {now.Totals.ModuleRestarts}"),
            ("reconnects", $"{now.Totals.Losses}  (broker outages {now.BrokerOutages})"),
            ("faults injected", $"broker outages {now.Faults.BrokerOutages}, reboots {now.Faults.Reboots}, power cuts {now.Faults.PowerCuts}, " +
                                $"store power cuts {now.Faults.StorePowerCuts} (armed {now.Faults.StorePowerCutsArmed})"),
            ("errors", $"{now.Totals.Errors}  (log warnings {now.LogWarnings}, errors {now.LogErrors}, blocking-work failures {now.WorkFailures})"),
            ("twin owner", $"in-process hub answered {(seconds > 0 ? (now.HubAnswered - before!.HubAnswered) / seconds : 0):0}/s, {now.HubWaiting} waiting; " +
                           $"sim's view {now.ObserverWaiting} waiting"),
            ("process", Process(now.Process, before?.Process, seconds)),
        ];
    }

    /// <summary>Threads, CPU and GC pause share over the last period, and the collections so far (a fleet's stalls show here first).</summary>
    private static string Process(ProcessFigures now, ProcessFigures? before, double seconds)
    {
        string share = "";
        if (before is { } last && seconds > 0)
        {
            share = $"CPU {(now.Cpu - last.Cpu).TotalSeconds / seconds * 100:0}%, GC pauses {(now.GcPauses - last.GcPauses).TotalSeconds / seconds * 100:0.0}%, ";
        }
        return $"{now.Threads} threads, {share}collections gen0/1/2 {now.Gen0}/{now.Gen1}/{now.Gen2}";
    }

    public static string Ms(double ms) => double.IsNaN(ms) ? "-" : $"{ms:0} ms";

    /// <summary>One line for logs and redirected output.</summary>
    public static string Line(FleetSnapshot now, FleetSnapshot? before) =>
        "sim: " + string.Join(", ", Rows(now, before).Select(r => $"{r.Name} {r.Value}"));

    public static Table Table(FleetSnapshot now, FleetSnapshot? before)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("edgenano sim").AddColumn("fleet").AddColumn("value");
        foreach (var (name, value) in Rows(now, before)) table.AddRow(Markup.Escape(name), Markup.Escape(value));
        return table;
    }
}
