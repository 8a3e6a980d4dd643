using EdgeNano.DeviceTwin;
using EdgeNano.EdgeHub;
using EdgeNano.EventBus;
using EdgeNano.Runtime;
using EdgeNano.Updates;

namespace EdgeNano.Composition
{
    /// <summary>
    /// Everything a device reads from settings.json besides its board: capacities, persistence,
    /// the network and the cloud session. Defaults suit a plain ESP32 hosting one or two devices.
    /// </summary>
    public sealed class DeviceSettings
    {
        public readonly RuntimeConfig Runtime = new RuntimeConfig();
        public readonly TwinConfig Twin = new TwinConfig();
        public readonly TwinModuleOptions TwinModule = new TwinModuleOptions();
        public readonly EventBusOptions EventBus = new EventBusOptions();
        public readonly EdgeHubOptions EdgeHub = new EdgeHubOptions();
        /// <summary>Field updates: trusted keys (none: no updates module), block size, timeouts.</summary>
        public readonly OtaOptions Ota = new OtaOptions();

        /// <summary>
        /// How the board reaches the broker: "wifi" or "ethernet" (<see cref="NetworkWifi"/>,
        /// <see cref="NetworkEthernet"/>); empty takes the firmware's own (Wi-Fi on an ESP32,
        /// Ethernet on the STM32F769I-DISCOVERY). A firmware without the one asked for runs offline
        /// and says so (device only).
        /// </summary>
        public string Network = "";
        public const string NetworkWifi = "wifi";
        public const string NetworkEthernet = "ethernet";

        /// <summary>Wi-Fi network to join (device only).</summary>
        public string WifiSsid = "";
        public string WifiPassword = "";

        /// <summary>The MQTT broker that the twin owner (edgecore or the EdgeNano hub) listens on.</summary>
        public string BrokerHost = "127.0.0.1";
        public int BrokerPort = 1883;
        public bool BrokerTls;
        public string BrokerUsername = "";
        public string BrokerPassword = "";
        /// <summary>MQTT client id; empty takes the board id.</summary>
        public string ClientId = "";
        /// <summary>KubeEdge edge node name (membership topics).</summary>
        public string NodeName = "edge-node";
        /// <summary>Device ids in KubeEdge's single-segment topic form (before v1.16.2).</summary>
        public bool SingleSegmentIds;
        /// <summary>MQTT keepalive; the broker publishes the will after 1.5 × this without traffic.</summary>
        public int KeepAliveSeconds = 30;
        /// <summary>
        /// Log lines per second the device writes (burst twice that); more are counted and dropped,
        /// so a flood of bad input cannot hold the dispatcher on a slow serial console. 0: no limit.
        /// </summary>
        public int LogLinesPerSecond = 20;
        /// <summary>PEM of the CA that signed the broker's certificate (TLS).</summary>
        public string CaCertificatePem = "";

        /// <summary>Sets the largest twin payload everywhere it matters: the pool's payload arrays, devicetwin, edgehub.</summary>
        public void SetMaxPayload(int bytes)
        {
            Runtime.PayloadCapacity = bytes;
            TwinModule.MaxPayload = bytes;
            EdgeHub.MaxPayload = bytes;
        }

        public DeviceSettings()
        {
            // A device's twin payloads fit in one pooled message: one limit for all three. 1.5 KB
            // because the first device's twin/get/result also carries ota_state, ota_progress,
            // fw_version and ota_error (with versions and metadata, ~600 bytes more): at 1 KB a
            // board with a few pins could no longer resync, and so never confirm an update.
            SetMaxPayload(1536);
            // Sized for a plain ESP32 (docs/memory.md): 8 messages, 8 waiting per module. Most
            // bus messages are small (a key, a pin's report, a request); whole payloads borrow
            // one of three payload arrays while they travel, one of them kept for what arrives
            // from the network (runtime/MessagePool).
            Runtime.MessagePoolSize = 8;
            Runtime.RingCapacity = 8;
            Runtime.MessageContentCapacity = 128;
            Runtime.PayloadArrays = 3;
            // Requests waiting for a reply at once (devicetwin's answers to gets and sync
            // updates): a few; each place holds a wait handle. A full table is counted.
            Runtime.PendingRequestCapacity = 4;
            // 0: from the board file (firmware/Composition/BoardCapacities): as many devices and
            // rows as the board has, a few rows spare, 64 arena bytes a row.
            TwinModule.PropertiesPerMessage = 0;
            Twin.MaxDevices = 0;
            Twin.PropertiesPerDevice = 0;
            Twin.ArenaBytes = 0;
            EdgeHub.OutboxCapacity = 0;
            // Update blocks of 1 KB: a block result (the block and 20 bytes) travels in one of the
            // pool's payload arrays, so otaBlockSize + 20 must fit maxPayload; 4 KB blocks need
            // 4 KB payload arrays (3 of them: 7.7 KB more on a plain ESP32).
            Ota.BlockSize = 1024;
            // Events kept while offline: 512 bytes (a few telemetry events), larger ones counted as too large.
            EdgeHub.EventBytes = 512;
        }
    }
}
