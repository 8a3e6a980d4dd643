using System.CommandLine;
using EdgeNano.Board;
using EdgeNano.Cli.Common;

namespace EdgeNano.Cli.Kube;

/// <summary><c>edgenano kube export</c>: a board as KubeEdge DeviceModel and Device YAML.</summary>
public static class KubeCommand
{
    public static Command Create()
    {
        var command = new Command("kube", "Bridge to a KubeEdge cluster.");
        command.Subcommands.Add(Export());
        return command;
    }

    private static Command Export()
    {
        var board = new Option<FileInfo>("--board")
        {
            Description = "The board file (board.json, see docs/board-file.md)",
            Required = true,
        };
        var node = new Option<string?>("--node")
        {
            Description = "Edge node the devices belong to (Device spec.nodeName). Default: left out, bind later",
        };
        var protocol = new Option<string>("--protocol")
        {
            Description = "Protocol name in the DeviceModel and Device: the protocol `edgenano mapper` serves (give it the same --protocol)",
            DefaultValueFactory = _ => "edgenano",
        };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the YAML to this file. Default: standard output" };
        var command = new Command("export",
            "Print KubeEdge devices.kubeedge.io/v1beta1 DeviceModel and Device YAML for every device of a board: inputs and counters " +
            "as ReadOnly properties (BOOLEAN, INT), outputs as ReadWrite (BOOLEAN, desired value = the pin's initial value). " +
            "Apply it with kubectl apply -f.")
        {
            board, node, protocol, output,
        };
        CliRun.SetAction(command, context =>
        {
            FileInfo file = context.Parse.GetValue(board)!;
            byte[] json;
            try
            {
                json = File.ReadAllBytes(file.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot read {file.FullName}: {e.Message}");
            }
            BoardDescription description = BoardParser.Parse(file.Name, json);
            if (!description.IsValid) throw new CliException($"{file.Name} is not a valid board: {description.ErrorText()}");
            string? nodeName = context.Parse.GetValue(node);
            if (!string.IsNullOrEmpty(nodeName) && !KubeNames.IsSubdomain(nodeName))
                throw new CliException($"--node '{BoardDescription.Printable(nodeName)}' is not a Kubernetes node name: {KubeNames.SubdomainRule}");
            string yaml = KubeExport.ToYaml(description, nodeName, context.Parse.GetValue(protocol)!);
            if (context.Parse.GetValue(output) is { } target) File.WriteAllText(target.FullName, yaml);
            else context.Output.Write(yaml);
            return Task.FromResult(0);
        });
        return command;
    }
}
