using System.Text.Json;

namespace EdgeNano.Cli.Sim;

/// <summary>The machine-readable summary of a run (--report FILE.json): the fleet's figures and each device's convergence.</summary>
internal static class SimReport
{
    public static void Write(string path, SimRun run, FleetSnapshot end, bool converged, TimeSpan ran)
    {
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("broker", run.Broker.ToString());
        w.WriteString("shard", run.Options.Shard.ToString());
        w.WriteNumber("fleetBoards", run.Options.Devices);
        w.WriteNumber("boards", end.Boards);
        w.WriteNumber("devices", run.Tracks.Count);
        w.WriteNumber("convergedDevices", run.Tracks.Count(t => t.Converged));
        w.WriteBoolean("converged", converged);
        w.WriteNumber("startupSeconds", Math.Round(run.StartupTime.TotalSeconds, 3));
        w.WriteNumber("syncedSeconds", Math.Round(run.SyncedTime.TotalSeconds, 3));
        w.WriteNumber("runSeconds", Math.Round(ran.TotalSeconds, 3));
        w.WriteNumber("deviceThreads", run.ThreadCount);
        w.WriteNumber("peakProcessThreads", run.PeakThreads);
        w.WriteNumber("workingSetMB", Math.Round(run.WorkingSetBytes / 1048576.0, 1));
        w.WriteNumber("managedBytesPerBoard", Math.Round(run.BytesPerBoard));
        w.WriteNumber("cpuSeconds", Math.Round(run.CpuTime.TotalSeconds, 2));
        w.WriteStartObject("roundTripMs");
        w.WriteNumber("count", end.RoundTrips);
        Number(w, "p50", end.RoundTripP50Ms);
        Number(w, "p99", end.RoundTripP99Ms);
        Number(w, "max", run.Latencies.Max);
        w.WriteEndObject();
        w.WriteStartObject("counters");
        w.WriteNumber("reports", end.Totals.Reports);
        w.WriteNumber("desiredSent", end.DesiredSent);
        w.WriteNumber("desiredResentAfterStaleConfirm", Interlocked.Read(ref run.Unconfirmed));
        w.WriteNumber("inputChanges", Interlocked.Read(ref run.InputChanges));
        w.WriteNumber("connects", end.Totals.Connects);
        w.WriteNumber("reconnects", end.Totals.Losses);
        w.WriteNumber("outboxMarkers", end.Totals.OutboxMarked);
        w.WriteNumber("outboxOverflows", end.Totals.OutboxOverflows);
        w.WriteNumber("errors", end.Totals.Errors);
        w.WriteNumber("drops", end.Totals.Drops);
        w.WriteNumber("refusals", end.Totals.Refusals);
        w.WriteNumber("moduleRestarts", end.Totals.ModuleRestarts);
        w.WriteNumber("brokerOutages", end.BrokerOutages);
        w.WriteNumber("stuckDevices", run.Tracks.Count(t => t.Stuck != null));
        w.WriteNumber("logWarnings", end.LogWarnings);
        w.WriteNumber("logErrors", end.LogErrors);
        w.WriteEndObject();
        WriteFaults(w, end.Faults);
        if (run.HubCounts is { } hub) WriteHub(w, hub);
        if (run.Options.RateSteps != null) WriteSteps(w, run.Options.RateSteps, run.Tracks.Count);
        w.WriteStartArray("perDevice");
        foreach (DeviceTrack track in run.Tracks)
        {
            LifeCounters c = track.Board.Totals;
            w.WriteStartObject();
            w.WriteString("id", track.DeviceId);
            w.WriteBoolean("converged", track.Converged);
            if (track.Mismatch != null) w.WriteString("mismatch", track.Mismatch);
            if (track.Stuck != null) w.WriteString("stuck", track.Stuck);
            w.WriteNumber("lives", track.Board.Lives);
            w.WriteNumber("roundTrips", track.RoundTrips);
            Number(w, "roundTripP50Ms", track.Latency.Percentile(50));
            Number(w, "roundTripMaxMs", track.Latency.Max);
            w.WriteNumber("reports", c.Reports);
            w.WriteNumber("reconnects", c.Losses);
            w.WriteNumber("outboxOverflows", c.OutboxOverflows);
            w.WriteNumber("errors", c.Errors);
            w.WriteNumber("drops", c.Drops);
            w.WriteNumber("refusals", c.Refusals);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The in-process hub's counters: what it answered, what it refused and why.</summary>
    private static void WriteHub(Utf8JsonWriter w, Hub.HubCounts hub)
    {
        w.WriteStartObject("hub");
        w.WriteNumber("answered", hub.Answered);
        w.WriteNumber("refused", hub.Refused);
        w.WriteNumber("badJson", hub.BadJson);
        w.WriteNumber("invalid", hub.Invalid);
        w.WriteNumber("unknownDevice", hub.UnknownDevice);
        w.WriteNumber("oversize", hub.Oversize);
        w.WriteNumber("failed", hub.Failed);
        w.WriteNumber("otherShards", hub.OtherShard);
        w.WriteEndObject();
    }

    /// <summary>Faults injected, by kind (boards counted once per hit), and where the store power cuts landed.</summary>
    private static void WriteFaults(Utf8JsonWriter w, FaultCounts faults)
    {
        w.WriteStartObject("faults");
        w.WriteNumber("brokerOutage", faults.BrokerOutages);
        w.WriteNumber("reboot", faults.Reboots);
        w.WriteNumber("powerCut", faults.PowerCuts);
        w.WriteNumber("storePowerCut", faults.StorePowerCuts);
        w.WriteNumber("storePowerCutArmed", faults.StorePowerCutsArmed);
        w.WriteNumber("skipped", faults.Skipped);
        w.WriteStartObject("storeCutPoints");
        foreach (var (point, count) in faults.StoreCutPoints.OrderBy(p => p.Key, StringComparer.Ordinal)) w.WriteNumber(point, count);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The load-limit run: each step's figures and the highest rate before p99 doubles (null when even the first step fails).</summary>
    private static void WriteSteps(Utf8JsonWriter w, RateSteps steps, int devices)
    {
        w.WriteStartArray("rateSteps");
        foreach (RateSteps.Step step in steps.Steps)
        {
            w.WriteStartObject();
            w.WriteNumber("perDevicePerSecond", step.RatePerDevice);
            w.WriteNumber("fleetPerSecond", Math.Round(step.RatePerDevice * devices, 1));
            w.WriteNumber("sent", step.Sent);
            w.WriteNumber("cameBack", step.RoundTrips.Count);
            w.WriteNumber("overtaken", step.Overtaken);
            Number(w, "p50Ms", step.RoundTrips.Percentile(50));
            Number(w, "p99Ms", step.RoundTrips.Percentile(99));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        RateSteps.Step? limit = steps.Limit();
        w.WriteStartObject("loadLimit");
        Number(w, "baselineP99Ms", steps.BaselineP99);
        if (limit == null) w.WriteNull("perDevicePerSecond");
        else w.WriteNumber("perDevicePerSecond", limit.RatePerDevice);
        if (limit == null) w.WriteNull("fleetPerSecond");
        else w.WriteNumber("fleetPerSecond", Math.Round(limit.RatePerDevice * devices, 1));
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsNaN(value)) w.WriteNull(name);
        else w.WriteNumber(name, Math.Round(value, 1));
    }
}
