using BenchmarkDotNet.Attributes;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.EventBus;
using EdgeNano.Runtime.Network;

namespace EdgeNano.Benchmarks;

/// <summary>The per-message cost of routing a received topic: filter matching and KubeEdge parsing.</summary>
[MemoryDiagnoser]
public class MqttTopicBenchmarks
{
    private const string Delta = "$hw/events/device/plant-a/pump-02/twin/update/delta";
    private KubeEdgeTopics _topics = null!;

    [GlobalSetup]
    public void Setup()
    {
        string[] names = Enumerable.Range(0, 8).Select(i => $"pump-{i:D2}").ToArray();
        string[] namespaces = Enumerable.Repeat("plant-a", 8).ToArray();
        _topics = new KubeEdgeTopics("edge-1", namespaces, names, false);
    }

    [Benchmark]
    public bool MatchWildcardFilter() => TopicFilter.Matches("$hw/events/device/+/+/twin/#", Delta);

    [Benchmark]
    public int ParseDeltaAmongEightDevices() => _topics.Parse(Delta, out int device) + device;
}

/// <summary>One publish through MqttNetLink to the embedded MQTTnet broker on loopback.</summary>
public class MqttLinkPublishBenchmarks
{
    private EmbeddedBroker _broker = null!;
    private MqttNetLink _link = null!;
    private readonly byte[] _report = System.Text.Encoding.ASCII.GetBytes("""{"event_id":"","timestamp":1700000000000,"twin":{"temp":{"actual":{"value":"21.5"}}}}""");

    [Params(MqttQos.AtMostOnce, MqttQos.AtLeastOnce)]
    public int Qos { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _broker = EmbeddedBroker.Start();
        _link = new MqttNetLink();
        int result = _link.Connect(new MqttLinkOptions { Host = _broker.Host, Port = _broker.Port, ClientId = "bench" });
        if (result != MqttConnectResult.Accepted) throw new InvalidOperationException(MqttConnectResult.Name(result));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _link.Disconnect();
        _link.Dispose();
        _broker.Dispose();
    }

    [Benchmark]
    public int PublishTwinReport() =>
        _link.Publish("$hw/events/device/default/thermo-01/twin/update", _report, 0, _report.Length, Qos, false);
}
