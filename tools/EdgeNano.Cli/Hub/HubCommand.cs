using System.CommandLine;
using EdgeNano.Cli.Common;
using EdgeNano.Cli.Sim;

namespace EdgeNano.Cli.Hub;

/// <summary><c>edgenano hub</c>: the twin hub until Ctrl+C.</summary>
public static class HubCommand
{
    public static Command Create()
    {
        var broker = CommonOptions.Broker();
        var ca = CommonOptions.Ca();
        var db = new Option<string?>("--db")
        {
            Description = "SQLite file keeping every twin (created when missing); default edgenano-hub.db, with --shard i/n edgenano-hub-iofn.db",
        };
        var shard = new Option<string?>("--shard")
        {
            Description = "Run as shard i of n (0-based, e.g. 0/2 and 1/2): answer only the devices whose partition (FNV-1a of the device ID, " +
                          "modulo n) is i and ignore the rest. Each shard has its own --db and MQTT client ID (edgenano-hub-iofn)",
        };
        var partitions = new Option<int>("--partitions")
        {
            Description = "Lanes handling messages side by side, one thread each; a device's messages always go to one lane, in order " +
                          "(lane: the device's partition of n x N, divided by n, for shard i/n). 1: one thread, as without the option",
            DefaultValueFactory = _ => 1,
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
        var logLines = new Option<int>("--log-lines")
        {
            Description = "Per-message log lines (new device, update applied, state change, refusal) a second at most; the rest are counted " +
                          "in one line before the next that passes, and the status line every 10 s counts every message. 0: a line for every message",
            DefaultValueFactory = _ => 50,
        };
        var batching = new HubBatchCliOptions("--");
        var command = new Command("hub",
            "Run the twin hub: plays KubeEdge edgecore's devicetwin side over MQTT for devices without Kubernetes. " +
            "Subscribes to $hw/events/device/+/+/twin/+, .../state/update and $hw/events/node/+/membership/get " +
            "(namespace/name and single-segment device IDs), answers twin/get, applies twin/update with edgecore's " +
            "validation and version rules, publishes update/result, document and delta, and keeps twins in SQLite. " +
            "A device is created by its first twin/update or state/update. Changes are written in batches, one SQLite " +
            "transaction each, and every reply leaves only after its batch has committed. Bad input is refused, counted and " +
            "shown in a status line every 10 s. With --shard i/n, one of n hub processes, each answering its slice of the devices " +
            "(docs/hub-shards.md). Runs until Ctrl+C.")
        {
            broker, ca, db, shard, partitions, properties, twinBytes, batching.Size, batching.Time, batching.ReplySessions, logLines,
        };
        CliRun.SetAction(command, async context =>
        {
            BrokerAddress address = context.BrokerOf(broker, ca);
            HubShard owned = context.Parse.GetValue(shard) is string text ? HubShard.Parse(text) : HubShard.Whole;
            string path = context.Parse.GetValue(db) ?? DefaultDatabase(owned);
            var limits = new HubLimits
            {
                PropertiesPerDevice = context.Parse.GetValue(properties),
                ArenaBytes = context.Parse.GetValue(twinBytes),
            };
            if (limits.PropertiesPerDevice < 1 || limits.ArenaBytes < 256) throw new CliException("--max-properties must be at least 1 and --max-twin-bytes at least 256");
            HubBatchOptions batch = batching.Read(context.Parse);
            int lanes = context.Parse.GetValue(partitions);
            if (lanes is < 1 or > 64) throw new CliException("--partitions must be between 1 and 64");
            int linesPerSecond = context.Parse.GetValue(logLines);
            if (linesPerSecond < 0) throw new CliException("--log-lines must be 0 or more");
            await using HubService service = HubService.Start(address, path, limits, context.Log, context.Cancel, batch, owned, lanes, persistentSession: true,
                messageLinesPerSecond: linesPerSecond);
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

    /// <summary>edgenano-hub.db, or edgenano-hub-0of2.db for shard 0/2: two shards started in one folder never share a file.</summary>
    internal static string DefaultDatabase(HubShard shard) => shard.IsWhole ? "edgenano-hub.db" : $"edgenano-hub-{shard.Name}.db";
}

/// <summary>The write-batch options of a twin hub: <c>hub</c>'s own, and <c>sim</c>'s for its in-process hub (prefix --hub-).</summary>
internal sealed class HubBatchCliOptions(string prefix)
{
    public Option<int> Size { get; } = new(prefix + "batch-size")
    {
        Description = "Messages handled per SQLite transaction at most; their replies leave after it commits (1: one transaction per message)",
        DefaultValueFactory = _ => new HubBatchOptions().MaxMessages,
    };

    public Option<string> Time { get; } = new(prefix + "batch-time")
    {
        Description = "Longest a handled message waits for its batch to commit while more keep arriving (e.g. 20ms); an idle hub commits at once",
        DefaultValueFactory = _ => "20ms",
    };

    public Option<int> ReplySessions { get; } = new(prefix + "reply-sessions")
    {
        Description = "MQTT sessions the replies are published on, a device's always on the same one so they stay in order. Several because a " +
                      "broker reads one message per connection at a time (mosquitto: one per turn of its loop), which capped one session's replies",
        DefaultValueFactory = _ => new HubBatchOptions().ReplySessions,
    };

    public HubBatchOptions Read(ParseResult parse)
    {
        int size = parse.GetValue(Size);
        int sessions = parse.GetValue(ReplySessions);
        if (sessions is < 1 or > 32) throw new CliException($"{ReplySessions.Name} must be between 1 and 32");
        string text = parse.GetValue(Time)!;
        if (size < 1) throw new CliException($"{Size.Name} must be at least 1");
        if (!Durations.TryParse(text, out TimeSpan time) || time < TimeSpan.Zero) throw new CliException($"{Time.Name}: '{text}' is not a duration (e.g. 20ms, 1s)");
        return new HubBatchOptions { MaxMessages = size, MaxDelay = time, ReplySessions = sessions };
    }
}
