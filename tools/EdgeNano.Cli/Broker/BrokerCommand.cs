using System.CommandLine;

namespace EdgeNano.Cli.Broker;

public static class BrokerCommand
{
    public static Command Create() => new("broker", "todo");
}
