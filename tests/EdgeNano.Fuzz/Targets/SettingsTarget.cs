using EdgeNano.Composition;
using EdgeNano.EventBus;

namespace EdgeNano.Fuzz.Targets;

/// <summary>
/// settings.json: SettingsParser.Parse into fresh DeviceSettings. A refusal must say why; settings
/// it accepts must hold values inside the documented ranges and be usable at start-up: the node
/// name must give KubeEdge topics (as firmware/Composition builds them) without throwing.
/// </summary>
public sealed class SettingsTarget : FuzzTarget
{
    private readonly SettingsParser _parser = new();

    public override string Name => "settings";
    public override string Description => "Composition SettingsParser.Parse; accepted settings must be in range and give KubeEdge topics";
    public override IReadOnlyList<string> Tokens =>
    [
        .. JsonTokens.Syntax, "\"wifiSsid\"", "\"wifiPassword\"", "\"brokerHost\"", "\"brokerPort\"", "\"brokerTls\"",
        "\"brokerUsername\"", "\"brokerPassword\"", "\"clientId\"", "\"nodeName\"", "\"singleSegmentIds\"",
        "\"keepAliveSeconds\"", "\"reconnectBaseMs\"", "\"reconnectCapMs\"", "\"twinGetRetryMs\"", "\"twinGetRetryCapMs\"", "\"ratePerSecond\"", "\"rateBurst\"",
        "\"ringCapacity\"", "\"messagePoolSize\"", "\"maxPayload\"", "\"twinArenaBytes\"", "\"propertiesPerDevice\"", "\"payloadArrays\"",
        "\"persistIntervalMs\"", "65535", "65536", "4096", "/", "#", "+",
    ];

    public override void Run(ReadOnlySpan<byte> input)
    {
        byte[] json = input.ToArray();
        var settings = new DeviceSettings();
        bool ok = _parser.Parse("fuzz/settings.json", json, json.Length, settings);
        if (!ok)
        {
            Check(_parser.Problems.Contains("error:"), "a refusal without an error line");
            return;
        }
        Check(!_parser.Problems.Contains("error:"), "accepted with an error line");
        Check(settings.BrokerPort is >= 1 and <= 65535, "brokerPort out of range");
        Check(settings.KeepAliveSeconds is >= 5 and <= 3600, "keepAliveSeconds out of range");
        Check(settings.Runtime.RingCapacity is >= 1 and <= 1024, "ringCapacity out of range");
        Check(settings.Runtime.MessagePoolSize is >= 4 and <= 4096, "messagePoolSize out of range");
        Check(settings.TwinModule.MaxPayload is >= 256 and <= 65536, "maxPayload out of range");
        // 0 (not given) means: from the board file.
        Check(settings.Twin.PropertiesPerDevice is >= 0 and <= 256, "propertiesPerDevice out of range");
        Check(settings.Twin.ArenaBytes == 0 || settings.Twin.ArenaBytes is >= 512 and <= 1048576, "twinArenaBytes out of range");
        Check(settings.Runtime.PayloadArrays is >= 1 and <= 256, "payloadArrays out of range");
        Check(settings.WifiSsid != null && settings.BrokerHost != null && settings.ClientId != null && settings.NodeName != null, "a null text setting");
        try
        {
            _ = new KubeEdgeTopics(settings.NodeName, ["default"], ["demo"], settings.SingleSegmentIds);
        }
        catch (ArgumentException e)
        {
            throw new InvariantBroken("the parser accepted settings the device cannot start with: " + e.Message);
        }
    }
}
