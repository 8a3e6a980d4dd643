using System.CommandLine;
using System.Text.Json;
using EdgeNano.Cli.Common;

namespace EdgeNano.Cli.Twin;

/// <summary><c>edgenano twin get|set|watch</c>: a person's view of device twins, through the twin owner on the broker.</summary>
public static class TwinCommand
{
    public static Command Create()
    {
        var command = new Command("twin",
            "Read, set and watch device twins through the twin owner on the broker (edgenano hub, or KubeEdge edgecore). " +
            "DEVICE is namespace/name; a bare name means default/name unless --single-segment is given.");
        command.Subcommands.Add(Get());
        command.Subcommands.Add(Set());
        command.Subcommands.Add(Watch());
        return command;
    }

    private static Argument<string> DeviceArgument() => new("DEVICE") { Description = "The device: namespace/name, or a name in namespace default" };

    private static Option<bool> SingleSegment() => new("--single-segment")
    {
        Description = "Use KubeEdge's pre-1.16.2 topics, with the device name as the only ID segment",
    };

    private static Option<double> Timeout() => new("--timeout")
    {
        Description = "Seconds to wait for the twin owner's answer",
        DefaultValueFactory = _ => 5,
    };

    private static Command Get()
    {
        var device = DeviceArgument();
        var broker = CommonOptions.Broker();
        var ca = CommonOptions.Ca();
        var single = SingleSegment();
        var timeout = Timeout();
        var json = new Option<bool>("--json") { Description = "Print the twin/get/result JSON as received" };
        var command = new Command("get", "Print a device's twin (twin/get): one line per property with its expected and actual value and type.")
        {
            device, broker, ca, single, timeout, json,
        };
        CliRun.SetAction(command, async context =>
        {
            var topics = DeviceTopics.From(context.Parse.GetValue(device)!, context.Parse.GetValue(single));
            using JsonDocument answer = await TwinRequest.SendAsync(context.BrokerOf(broker, ca), topics.DeviceId, topics.TwinGet, topics.TwinGetResult,
                eventId => TwinPayloads.Get(eventId), Seconds(context.Parse.GetValue(timeout)), context.Cancel);
            if (context.Parse.GetValue(json))
            {
                context.Output.WriteLine(answer.RootElement.GetRawText());
                return 0;
            }
            context.Output.WriteLine(topics.DeviceId);
            if (answer.RootElement.TryGetProperty("twin", out JsonElement twin)) TwinPrinter.WriteTwin(context.Output, twin, "  ");
            return 0;
        });
        return command;
    }

    private static Command Set()
    {
        var device = DeviceArgument();
        var values = new Argument<string[]>("KEY=VALUE")
        {
            Description = "Desired (expected) values to set, e.g. power=on level=75",
            Arity = ArgumentArity.OneOrMore,
        };
        var broker = CommonOptions.Broker();
        var ca = CommonOptions.Ca();
        var single = SingleSegment();
        var timeout = Timeout();
        var type = new Option<string?>("--type")
        {
            Description = "metadata.type for properties this creates: string, int, integer, float or boolean. Default string " +
                "(an existing property keeps its type)",
        };
        var command = new Command("set",
            "Set desired values: publishes a twin/update carrying expected values (as edgecore accepts from the edge) and waits for " +
            "twin/update/result. The twin owner then publishes twin/update/delta to the device. Refusals (unknown type, a value " +
            "not of the property's type) are printed with their code.")
        {
            device, values, broker, ca, single, timeout, type,
        };
        CliRun.SetAction(command, async context =>
        {
            var topics = DeviceTopics.From(context.Parse.GetValue(device)!, context.Parse.GetValue(single));
            var pairs = new List<KeyValuePair<string, string>>();
            foreach (string item in context.Parse.GetValue(values)!)
            {
                int equals = item.IndexOf('=');
                if (equals <= 0) throw new CliException($"'{item}' is not KEY=VALUE");
                pairs.Add(new(item[..equals], item[(equals + 1)..]));
            }
            string? typeName = context.Parse.GetValue(type);
            using JsonDocument answer = await TwinRequest.SendAsync(context.BrokerOf(broker, ca), topics.DeviceId, topics.TwinUpdate, topics.TwinUpdateResult,
                eventId => TwinPayloads.SetExpected(eventId, pairs, typeName), Seconds(context.Parse.GetValue(timeout)), context.Cancel);
            context.Output.WriteLine(topics.DeviceId);
            if (answer.RootElement.TryGetProperty("twin", out JsonElement twin)) TwinPrinter.WriteTwin(context.Output, twin, "  ");
            return 0;
        });
        return command;
    }

    private static Command Watch()
    {
        var device = new Argument<string?>("DEVICE")
        {
            Description = "The device: namespace/name, or a name in namespace default; leave out to watch every device",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var broker = CommonOptions.Broker();
        var ca = CommonOptions.Ca();
        var single = SingleSegment();
        var count = new Option<int>("--count")
        {
            Description = "Stop after this many messages; 0 runs until Ctrl+C",
        };
        var command = new Command("watch",
            "Stream twin changes: each twin/update/document (last → current of the changed properties) and " +
            "twin/update/delta (desired values the device has not reached) as the twin owner publishes them, for one device " +
            "or every device. Runs until Ctrl+C.")
        {
            device, broker, ca, single, count,
        };
        CliRun.SetAction(command, async context =>
        {
            string? name = context.Parse.GetValue(device);
            bool singleSegment = context.Parse.GetValue(single);
            // "+" (or "+/+") in place of the ID: the same filters for every device.
            var topics = DeviceTopics.From(name ?? (singleSegment ? "+" : "+/+"), singleSegment);
            BrokerAddress address = context.BrokerOf(broker, ca);
            int limit = context.Parse.GetValue(count);
            await using MqttSession session = await MqttSession.ConnectAsync(address, "edgenano-watch", MqttSession.ConnectTimeout, context.Cancel);
            await session.SubscribeAsync([topics.TwinDocument, topics.TwinDelta], context.Cancel);
            context.Log($"watching {(name == null ? "every device" : topics.DeviceId)} on {address} (Ctrl+C to stop)");
            int seen = 0;
            await foreach (Received message in session.Incoming.ReadAllAsync(context.Cancel))
            {
                TwinPayloads.WriteChange(context, message);
                if (limit > 0 && ++seen >= limit) break;
            }
            if (!session.IsConnected && (limit == 0 || seen < limit)) throw new CliException($"lost the connection to {address}");
            return 0;
        });
        return command;
    }

    private static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(seconds > 0 ? seconds : 5);
}
