using Spectre.Console;

namespace EdgeNano.Cli.Ota;

/// <summary>
/// How a push is shown: a Spectre.Console live table on a terminal (one row per device: state,
/// %, blocks served, fw_version, error), plain lines when the output is redirected, and the
/// same summary table at the end either way.
/// </summary>
internal static class OtaPushDisplay
{
    /// <summary>Most device rows the live table shows; the totals line counts the rest.</summary>
    public const int LiveRows = 30;

    /// <summary>"3 confirmed, 1 failed, 10 in progress, 86 queued".</summary>
    public static string Totals(IReadOnlyCollection<OtaDeviceProgress> devices)
    {
        int Count(OtaPushPhase phase) => devices.Count(d => d.Phase == phase);
        var parts = new List<string> { $"{Count(OtaPushPhase.Confirmed)} confirmed" };
        if (Count(OtaPushPhase.Failed) > 0) parts.Add($"{Count(OtaPushPhase.Failed)} failed");
        if (Count(OtaPushPhase.RolledBack) > 0) parts.Add($"{Count(OtaPushPhase.RolledBack)} rolled back");
        if (Count(OtaPushPhase.TimedOut) > 0) parts.Add($"{Count(OtaPushPhase.TimedOut)} timed out");
        if (Count(OtaPushPhase.Offered) > 0) parts.Add($"{Count(OtaPushPhase.Offered)} in progress");
        if (Count(OtaPushPhase.Queued) > 0) parts.Add($"{Count(OtaPushPhase.Queued)} queued");
        return $"{string.Join(", ", parts)} of {devices.Count}";
    }

    /// <summary>The cells of one device's row: device, state, %, blocks, fw_version, error.</summary>
    public static string[] Cells(OtaDeviceProgress d) =>
    [
        d.DeviceId,
        d.Describe(),
        d.Percent < 0 ? "-" : $"{d.Percent}%",
        d.Served.BlocksServed.ToString(),
        d.FwVersion.Length == 0 ? "-" : d.FwVersion,
        d.Error,
    ];

    /// <summary>One plain line for a device that changed.</summary>
    public static string Line(OtaDeviceProgress d)
    {
        string[] c = Cells(d);
        return $"ota push: {c[0]}: {c[1]}{(d.Percent < 0 ? "" : " " + c[2])}, {c[3]} block(s) served, fw_version {c[4]}{(c[5].Length > 0 ? ", error " + c[5] : "")}";
    }

    /// <summary>The live table: devices not finished first (they are the ones moving), then the rest.</summary>
    public static Table Table(IReadOnlyCollection<OtaDeviceProgress> devices, TimeSpan elapsed, TimeSpan timeout)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("edgenano ota push")
            .AddColumn("device").AddColumn("state").AddColumn(new TableColumn("%").RightAligned())
            .AddColumn(new TableColumn("blocks").RightAligned()).AddColumn("fw_version").AddColumn("error");
        foreach (OtaDeviceProgress d in devices.OrderBy(d => d.Phase == OtaPushPhase.Offered ? 0 : d.Phase == OtaPushPhase.Queued ? 2 : 1).Take(LiveRows))
        {
            table.AddRow(Cells(d).Select(Markup.Escape).ToArray());
        }
        string more = devices.Count > LiveRows ? $" ({devices.Count - LiveRows} more not shown)" : "";
        table.Caption($"{Markup.Escape(Totals(devices))}{more}; {elapsed.TotalSeconds:0} s of {timeout.TotalSeconds:0}");
        return table;
    }

    /// <summary>The end: every device's result as aligned plain text, then the totals.</summary>
    public static void WriteSummary(TextWriter output, IReadOnlyCollection<OtaDeviceProgress> devices)
    {
        string[] header = ["device", "result", "%", "blocks", "fw_version", "error"];
        var rows = devices.Select(Cells).Prepend(header).ToList();
        int[] widths = Enumerable.Range(0, header.Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (string[] row in rows) output.WriteLine("  " + string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        output.WriteLine($"ota push: {Totals(devices)}");
    }
}
