using EdgeNano.Cli.Common;

namespace EdgeNano.Cli.Sim;

/// <summary>What `edgenano sim` was asked to do.</summary>
internal sealed record SimOptions
{
    public int Devices { get; init; } = 10;
    /// <summary>External broker; null runs the embedded one.</summary>
    public BrokerAddress? Broker { get; init; }
    /// <summary>Path of a mosquitto the sim runs itself (free port, restarted by brokerOutage faults); null: none.</summary>
    public string? Mosquitto { get; init; }
    /// <summary>Embedded broker port; 0 takes a free one.</summary>
    public int Port { get; init; }
    public bool RunHub { get; init; } = true;
    /// <summary>The slice of the fleet this process runs (--shard i/n): the boards whose first device falls in partition i; the in-process hub owns the same shard.</summary>
    public Hub.HubShard Shard { get; init; } = Hub.HubShard.Whole;
    public string? DatabasePath { get; init; }
    /// <summary>The in-process hub's write batches (--hub-batch-size, --hub-batch-time).</summary>
    public Hub.HubBatchOptions HubBatching { get; init; } = new();
    /// <summary>The in-process hub's lanes (--hub-partitions).</summary>
    public int HubPartitions { get; init; } = 1;
    public string BoardFile { get; init; } = "";
    public Scenario Scenario { get; init; } = Scenario.Default;
    /// <summary>Null runs until cancelled.</summary>
    public TimeSpan? Duration { get; init; }
    /// <summary>How long the end waits for every device to converge.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(30);
    public string? ReportFile { get; init; }
    public string IdPrefix { get; init; } = "demo-";
    /// <summary>Folder of the boards' flash files (--store); null keeps each board's flash in memory.</summary>
    public string? StoreFolder { get; init; }
    /// <summary>With a store folder, force every board's flash write to the disk (--store-fsync); off by default, see HostFlashFileSystem.</summary>
    public bool StoreFsync { get; init; }
    public int Workers { get; init; } = Math.Max(2, Math.Min(8, Environment.ProcessorCount));
    /// <summary>
    /// Threads for the boards' blocking MQTT calls (connect, subscribe, QoS 0 publishes); QoS 1
    /// publishes wait for their PUBACK in the link's in-flight window, not on these threads.
    /// </summary>
    public int BlockingThreads { get; init; } = 4;
    public bool Live { get; init; }
    /// <summary>The load-limit run (--rate-steps): desired values at rising rates; null for the scenario's pace.</summary>
    public RateSteps? RateSteps { get; init; }
    /// <summary>Trusted update keys (--ota-key): the boards take field updates (`ota push`); null: they do not.</summary>
    public byte[][]? OtaKeys { get; init; }
}
