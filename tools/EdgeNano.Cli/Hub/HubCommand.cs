using System.CommandLine;
using EdgeNano.Cli.Common;

namespace EdgeNano.Cli.Hub;

/// <summary><c>edgenano hub</c>: the twin hub until Ctrl+C.</summary>
public static class HubCommand
{
    public static Command Create()
    {
        var broker = CommonOptions.Broker();
        var db = new Option<string>("--db")
        {
            Description = "SQLite file keeping every twin (created when missing)",
            DefaultValueFactory = _ => "edgenano-hub.db",
        };
        var command = new Command("hub",
            "Run the twin hub: plays KubeEdge edgecore's devicetwin side over MQTT for devices without Kubernetes. " +
            "Subscribes to $hw/events/device/+/+/twin/+, .../state/update and $hw/events/node/+/membership/get " +
            "(namespace/name and single-segment device IDs), answers twin/get, applies twin/update with edgecore's " +
            "validation and version rules, publishes update/result, document and delta, and keeps twins in SQLite. " +
            "A device is created by its first twin/update or state/update. Runs until Ctrl+C.")
        {
            broker,
            db,
        };
        CliRun.SetAction(command, async context =>
        {
            BrokerAddress address = context.BrokerOf(broker);
            string path = context.Parse.GetValue(db)!;
            await using HubService service = HubService.Start(address, path, new HubLimits(), context.Log, context.Cancel);
            try
            {
                await Task.Delay(Timeout.Infinite, context.Cancel);
            }
            catch (OperationCanceledException)
            {
            }
            context.Log("twin hub: stopped");
            return 0;
        });
        return command;
    }
}
