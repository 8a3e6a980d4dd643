using System.CommandLine;
using EdgeNano.Cli.Common;
using EdgeNano.Cli.Sim;

namespace EdgeNano.Cli.Mapper;

/// <summary><c>edgenano mapper</c>: KubeEdge's DMI mapper for protocol edgenano, until Ctrl+C.</summary>
public static class MapperCommand
{
    public static Command Create()
    {
        var broker = CommonOptions.Broker();
        var ca = CommonOptions.Ca();
        var dmiSocket = new Option<string>("--dmi-socket")
        {
            Description = "edgecore's DMI socket (modules.deviceTwin.dmiSockPath in edgecore.yaml)",
            DefaultValueFactory = _ => DmiSocket.EdgecoreDefault,
        };
        var socket = new Option<string>("--socket")
        {
            Description = "The mapper's own DMI socket, which edgecore calls; edgecore must be able to open it (same host or a shared hostPath)",
            DefaultValueFactory = _ => DmiSocket.MapperDefault,
        };
        var protocol = new Option<string>("--protocol")
        {
            Description = "The protocol served: the Devices' spec.protocol.protocolName (kube export's --protocol)",
            DefaultValueFactory = _ => "edgenano",
        };
        var name = new Option<string>("--name") { Description = "The mapper's name in edgecore", DefaultValueFactory = _ => "edgenano-mapper" };
        var reportCycle = new Option<string>("--report-cycle")
        {
            Description = "How often a device is reported when none of its properties gives a reportCycle, e.g. 10s",
            DefaultValueFactory = _ => "10s",
        };
        var maxMessage = new Option<int>("--max-message-bytes")
        {
            Description = "Largest DMI message taken or sent; larger ones are refused and counted",
            DefaultValueFactory = _ => 4 * 1024 * 1024,
        };
        var command = new Command("mapper",
            "Run the KubeEdge DMI mapper for EdgeNano boards (protocol edgenano, DMI v1beta1, KubeEdge v1.16 to v1.23): registers with " +
            "edgecore's DMI socket (again whenever edgecore restarts), serves the Devices edgecore hands it, writes their desired values " +
            "to the boards' twins through the twin owner on --broker (the node's MQTT broker), and reports the boards' values and online " +
            "state back to edgecore at each Device's report cycle. Runs until Ctrl+C.")
        {
            broker, ca, dmiSocket, socket, protocol, name, reportCycle, maxMessage,
        };
        CliRun.SetAction(command, async context =>
        {
            string cycleText = context.Parse.GetValue(reportCycle)!;
            if (!Durations.TryParse(cycleText, out TimeSpan cycle) || cycle <= TimeSpan.Zero) throw new CliException($"--report-cycle: '{cycleText}' is not a duration");
            int maxBytes = context.Parse.GetValue(maxMessage);
            if (maxBytes < 1024) throw new CliException("--max-message-bytes must be at least 1024");
            string protocolName = context.Parse.GetValue(protocol)!;
            if (protocolName.Length == 0) throw new CliException("--protocol must not be empty (edgecore refuses a mapper without one)");
            var options = new MapperOptions(context.BrokerOf(broker, ca))
            {
                EdgecoreSocket = context.Parse.GetValue(dmiSocket)!,
                MapperSocket = context.Parse.GetValue(socket)!,
                Protocol = protocolName,
                Name = context.Parse.GetValue(name)!,
                DefaultReportCycle = cycle,
                MaxMessageBytes = maxBytes,
            };
            MapperRun run;
            try
            {
                run = await MapperRun.StartAsync(options, context.Log, context.Cancel);
            }
            catch (IOException e)
            {
                throw new CliException($"cannot serve {options.MapperSocket}: {e.Message}");
            }
            await using (run)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, context.Cancel);
                }
                catch (OperationCanceledException)
                {
                }
                context.Log($"mapper: stopped: {run.Edgecore.Registrations} registration(s), {run.Reports} status and {run.States} state report(s), " +
                    $"{run.DesiredSent} desired value(s) sent, {run.Refusals.Total} DMI call(s) refused ({run.Refusals.Malformed} malformed, " +
                    $"{run.Refusals.Oversized} oversized, {run.Refusals.Invalid} invalid)");
            }
            return 0;
        });
        return command;
    }
}
