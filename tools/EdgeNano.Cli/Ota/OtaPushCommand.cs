using System.CommandLine;
using EdgeNano.Cli.Common;
using EdgeNano.Cli.Sim;
using EdgeNano.Cli.Twin;

namespace EdgeNano.Cli.Ota;

/// <summary><c>edgenano ota push</c>: the command line of <see cref="OtaPush"/>.</summary>
internal static class OtaPushCommand
{
    public static Command Create()
    {
        var package = new Argument<string>("PKG") { Description = "Package file (.enpkg) from ota pack" };
        var device = new Option<string[]>("--device", "-d")
        {
            Description = "Device to update: its board's first device, namespace/name (a bare name means default/name); may be repeated",
        };
        var all = new Option<bool>("--all")
        {
            Description = "Every device the twin owner (edgenano hub or edgecore) lists on --node whose twin reports fw_version",
        };
        var node = new Option<string>("--node") { Description = "The node --all asks the twin owner about (membership/get)", DefaultValueFactory = _ => "edge-node" };
        var broker = CommonOptions.Broker();
        var ca = CommonOptions.Ca();
        var single = new Option<bool>("--single-segment") { Description = "Device names are the only ID segment (KubeEdge's pre-1.16.2 topics)" };
        var timeout = new Option<string>("--timeout") { Description = "End the push then, finished or not (500ms, 30s, 10m, 1h)", DefaultValueFactory = _ => "10m" };
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "Most devices downloading at once; the next device is offered the package when one finishes (or stays silent 30 s)",
            DefaultValueFactory = _ => 50,
        };
        var command = new Command("push",
            "Offer a package to devices over the broker and serve it (retained announcement, manifest and blocks on request), " +
            "showing each device's progress from its twin reports (ota_state, ota_progress, fw_version, ota_error). Ends when " +
            "every device is confirmed, failed or rolled back, or at --timeout; announcements are withdrawn. Exit code 0 only " +
            "when every device confirmed the package's version.")
        {
            package, device, all, node, broker, ca, single, timeout, concurrency,
        };
        CliRun.SetAction(command, context =>
        {
            var p = context.Parse;
            string text = p.GetValue(timeout)!;
            if (!Durations.TryParse(text, out TimeSpan limit) || limit <= TimeSpan.Zero) throw new CliException($"--timeout: '{text}' is not a duration (e.g. 30s, 10m, 1h)");
            bool singleSegment = p.GetValue(single);
            var options = new OtaPushOptions(p.GetValue(package)!, context.BrokerOf(broker, ca))
            {
                Devices = (p.GetValue(device) ?? []).Select(d => DeviceTopics.From(d, singleSegment).DeviceId).ToList(),
                All = p.GetValue(all),
                Node = p.GetValue(node)!,
                Timeout = limit,
                Concurrency = p.GetValue(concurrency),
                Live = ReferenceEquals(context.Output, Console.Out) && !Console.IsOutputRedirected,
            };
            return OtaPush.RunAsync(options, context.Output, context.Cancel);
        });
        return command;
    }
}
