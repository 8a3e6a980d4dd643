using System.CommandLine;

namespace EdgeNano.Cli.Kube;

public static class KubeCommand
{
    public static Command Create() => new("kube", "todo");
}
