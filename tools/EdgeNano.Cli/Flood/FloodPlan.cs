using EdgeNano.Cli.Common;
using EdgeNano.Cli.Twin;
using MQTTnet.Protocol;

namespace EdgeNano.Cli.Flood;

/// <summary>What one flood sends: to whom, how fast, for how long, in what mix.</summary>
public sealed record FloodPlan(
    BrokerAddress Broker,
    DeviceTopics Topics,
    int Rate,
    TimeSpan Duration,
    FloodMix Mix,
    IReadOnlyList<FloodProperty> Properties,
    int Seed,
    int OversizeBytes,
    MqttQualityOfServiceLevel Qos,
    TimeSpan FinalTimeout);
