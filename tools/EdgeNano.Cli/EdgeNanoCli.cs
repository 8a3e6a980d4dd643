using System.CommandLine;
using EdgeNano.Cli.Broker;
using EdgeNano.Cli.Device;
using EdgeNano.Cli.Flood;
using EdgeNano.Cli.Hub;
using EdgeNano.Cli.Kube;
using EdgeNano.Cli.Mapper;
using EdgeNano.Cli.Ota;
using EdgeNano.Cli.Sim;
using EdgeNano.Cli.Twin;

namespace EdgeNano.Cli;

/// <summary>
/// The <c>edgenano</c> command line. Each command is one file with a <c>Create()</c> that
/// returns its System.CommandLine command; adding a command (sim, device) is that file plus
/// one line here.
/// </summary>
public static class EdgeNanoCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "EdgeNano: KubeEdge's device twin for microcontrollers. These commands run the twin hub " +
            "(edgecore's devicetwin role, without Kubernetes), read and set twins, run an MQTT broker, " +
            "export a board for a KubeEdge cluster and serve it as a KubeEdge mapper, and sign and push field updates.");
        root.Subcommands.Add(HubCommand.Create());
        root.Subcommands.Add(TwinCommand.Create());
        root.Subcommands.Add(BrokerCommand.Create());
        root.Subcommands.Add(KubeCommand.Create());
        root.Subcommands.Add(SimCommand.Create());
        root.Subcommands.Add(DeviceCommand.Create());
        root.Subcommands.Add(OtaCommand.Create());
        root.Subcommands.Add(FloodCommand.Create());
        root.Subcommands.Add(MapperCommand.Create());
        return root;
    }

    /// <summary>Parses and runs args, writing to output and error; the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        return Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>As <see cref="Run"/>, stopped by cancel instead of Ctrl+C (long-running commands in tests and hosts).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        return Build().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancel);
    }
}
