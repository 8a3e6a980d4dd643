using System.CommandLine;
using EdgeNano.Cli.Common;
using EdgeNano.Cli.Twin;
using MQTTnet.Protocol;

namespace EdgeNano.Cli.Flood;

/// <summary>
/// <c>edgenano flood</c>: a second process that floods one device's topics through the broker
/// with a mix of valid desired values (through the twin owner), invalid values, malformed JSON,
/// oversize payloads and other devices' topics, and reports what it achieved.
/// </summary>
public static class FloodCommand
{
    public static Command Create()
    {
        var broker = CommonOptions.Broker();
        var ca = CommonOptions.Ca();
        var device = new Option<string>("--device", "-d") { Description = "The device to flood: namespace/name, or a name in namespace default", Required = true };
        var single = new Option<bool>("--single-segment") { Description = "Use KubeEdge's pre-1.16.2 topics, with the device name as the only ID segment" };
        var rate = new Option<int>("--rate") { Description = "Target messages per second", DefaultValueFactory = _ => 10000 };
        var seconds = new Option<double>("--seconds") { Description = "How long to flood", DefaultValueFactory = _ => 60 };
        var mix = new Option<string>("--mix") { Description = "Weights of each kind of message", DefaultValueFactory = _ => FloodMix.Default };
        var properties = new Option<string[]>("--property")
        {
            Description = "A writable property of the device that valid messages set, key[:type] (boolean, int, integer, float, string); repeatable",
            DefaultValueFactory = _ => ["led:boolean"],
            AllowMultipleArgumentsPerToken = true,
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the mix and the variants (the same seed sends the same flood)", DefaultValueFactory = _ => 1 };
        var oversize = new Option<int>("--oversize-bytes")
        {
            Description = "Smallest oversize payload (variants up to 8 times this); above the device's largest message (1024 by default)",
            DefaultValueFactory = _ => 1500,
        };
        var qos = new Option<int>("--qos") { Description = "QoS of the flood's publishes, 0 or 1 (the final marker is always 1)", DefaultValueFactory = _ => 0 };
        var finalTimeout = new Option<double>("--final-timeout") { Description = "Seconds to wait for the owner to answer the final desired value", DefaultValueFactory = _ => 60 };
        var report = new Option<FileInfo?>("--report") { Description = "Write the figures as JSON to this file" };
        var command = new Command("flood",
            "Flood one device's topics through the broker from this process: valid desired values through the twin owner (as `twin set` " +
            "sends them; the owner publishes the deltas), and straight to the device invalid values, malformed JSON and oversize payloads, " +
            "plus twin topics of other devices. Paced per millisecond; prints what was sent per kind and the rate achieved. Ends with one " +
            "final desired value per property, answered by the owner, so the owner's twin afterwards is known.")
        {
            broker, ca, device, single, rate, seconds, mix, properties, seed, oversize, qos, finalTimeout, report,
        };
        CliRun.SetAction(command, async context =>
        {
            var plan = new FloodPlan(
                context.BrokerOf(broker, ca),
                DeviceTopics.From(context.Parse.GetValue(device)!, context.Parse.GetValue(single)),
                Positive(context.Parse.GetValue(rate), "--rate"),
                TimeSpan.FromSeconds(Positive(context.Parse.GetValue(seconds), "--seconds")),
                FloodMix.Parse(context.Parse.GetValue(mix)!),
                context.Parse.GetValue(properties)!.Select(FloodProperty.Parse).ToList() is { Count: > 0 } list ? list : throw new CliException("--property: at least one"),
                context.Parse.GetValue(seed),
                Positive(context.Parse.GetValue(oversize), "--oversize-bytes"),
                context.Parse.GetValue(qos) switch
                {
                    0 => MqttQualityOfServiceLevel.AtMostOnce,
                    1 => MqttQualityOfServiceLevel.AtLeastOnce,
                    _ => throw new CliException("--qos: 0 or 1"),
                },
                TimeSpan.FromSeconds(Positive(context.Parse.GetValue(finalTimeout), "--final-timeout")));
            context.Log($"flood {plan.Topics.DeviceId} via {plan.Broker}: {plan.Rate} msg/s for {plan.Duration.TotalSeconds:0.#} s, mix {plan.Mix}, " +
                $"valid sets {string.Join(" ", plan.Properties)}");
            FloodResult result = await FloodRun.RunAsync(plan, context.Log, context.Cancel);
            foreach (string line in result.SummaryLines()) context.Output.WriteLine(line);
            if (context.Parse.GetValue(report) is FileInfo file) result.WriteJson(file.FullName);
            return 0;
        });
        return command;
    }

    private static T Positive<T>(T value, string option) where T : System.Numerics.INumber<T> =>
        value > T.Zero ? value : throw new CliException($"{option}: must be more than 0");
}
