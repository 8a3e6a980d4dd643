using EdgeNano.Cli.Common;

namespace EdgeNano.Cli.Mapper;

/// <summary>What <c>edgenano mapper</c> runs with; the defaults are KubeEdge's where it has one.</summary>
internal sealed record MapperOptions(BrokerAddress Broker)
{
    /// <summary>edgecore's DMI socket.</summary>
    public string EdgecoreSocket { get; init; } = DmiSocket.EdgecoreDefault;

    /// <summary>The mapper's own socket, which edgecore calls.</summary>
    public string MapperSocket { get; init; } = DmiSocket.MapperDefault;

    /// <summary>The protocol the mapper serves: the Devices' <c>spec.protocol.protocolName</c>.</summary>
    public string Protocol { get; init; } = "edgenano";

    /// <summary>MapperInfo.name.</summary>
    public string Name { get; init; } = "edgenano-mapper";

    /// <summary>How often a device is reported when none of its properties gives a reportCycle.</summary>
    public TimeSpan DefaultReportCycle { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest DMI message either way; larger ones are refused (and counted).</summary>
    public int MaxMessageBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>First wait after a failed registration; it doubles up to <see cref="RegisterBackoffCap"/>.</summary>
    public TimeSpan RegisterBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan RegisterBackoffCap { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A desired value the twin owner has not taken is published again after this.</summary>
    public TimeSpan DesiredRetry { get; init; } = TimeSpan.FromSeconds(5);
}
