using System.CommandLine;
using EdgeNano.Cli.Common;

namespace EdgeNano.Cli.Hub;

/// <summary><c>edgenano hub</c>: the twin hub until Ctrl+C.</summary>
public static class HubCommand
{
    public static Command Create()
    {
        var broker = CommonOptions.Broker();
        var ca = CommonOptions.Ca();
        var db = new Option<string>("--db")
        {
            Description = "SQLite file keeping every twin (created when missing)",
            DefaultValueFactory = _ => "edgenano-hub.db",
        };
        var properties = new Option<int>("--max-properties")
        {
            Description = "Twin properties one device may have, deleted ones included (a device past it gets 500)",
            DefaultValueFactory = _ => new HubLimits().PropertiesPerDevice,
        };
        var twinBytes = new Option<int>("--max-twin-bytes")
        {
            Description = "Bytes for all keys and values of one device's twin, 4 more per piece of text (a device past it gets 500)",
            DefaultValueFactory = _ => new HubLimits().ArenaBytes,
        };
        var command = new Command("hub",
            "Run the twin hub: plays KubeEdge edgecore's devicetwin side over MQTT for devices without Kubernetes. " +
            "Subscribes to $hw/events/device/+/+/twin/+, .../state/update and $hw/events/node/+/membership/get " +
            "(namespace/name and single-segment device IDs), answers twin/get, applies twin/update with edgecore's " +
            "validation and version rules, publishes update/result, document and delta, and keeps twins in SQLite. " +
            "A device is created by its first twin/update or state/update. Runs until Ctrl+C.")
        {
            broker, ca, db, properties, twinBytes,
        };
        CliRun.SetAction(command, async context =>
        {
            BrokerAddress address = context.BrokerOf(broker, ca);
            string path = context.Parse.GetValue(db)!;
            var limits = new HubLimits
            {
                PropertiesPerDevice = context.Parse.GetValue(properties),
                ArenaBytes = context.Parse.GetValue(twinBytes),
            };
            if (limits.PropertiesPerDevice < 1 || limits.ArenaBytes < 256) throw new CliException("--max-properties must be at least 1 and --max-twin-bytes at least 256");
            await using HubService service = HubService.Start(address, path, limits, context.Log, context.Cancel);
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
