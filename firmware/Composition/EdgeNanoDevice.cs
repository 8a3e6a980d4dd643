using EdgeNano.Board;
using EdgeNano.DeviceTwin;
using EdgeNano.EdgeHub;
using EdgeNano.EventBus;
using EdgeNano.Gpio;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Network;
using EdgeNano.Runtime.Storage;
using EdgeNano.Updates;

namespace EdgeNano.Composition
{
    /// <summary>
    /// One EdgeNano device: the runtime with its modules, composed from a board description,
    /// settings and what the board provides (pins, flash, clock, log). The nanoFramework app
    /// and the host simulator both build devices here — one composition, two hosts.
    /// Registration order is start order: devicetwin, eventbus, edgehub, updates, gpio. Shutdown
    /// runs in reverse: gpio stops reading pins, edgehub says offline and disconnects, devicetwin
    /// flushes the twin to flash last.
    /// </summary>
    public sealed class EdgeNanoDevice
    {
        public readonly ModuleHost Host;
        public readonly TwinModule Twin;
        public readonly GpioModule Gpio;
        /// <summary>Null when the device runs without a network (no link given).</summary>
        public readonly EventBusModule EventBus;
        /// <summary>Null when the device runs without a network (no link given).</summary>
        public readonly EdgeHubModule EdgeHub;
        /// <summary>Null unless the board gave update parts, the settings trust a key, and a link is given.</summary>
        public readonly UpdatesModule Updates;
        public readonly BoardDescription Board;
        /// <summary>The device's log: the board's, limited to settings.LogLinesPerSecond (Suppressed counts the rest).</summary>
        public readonly LimitedLog Log;

        /// <summary>A device without a network: its twin lives on the board and in flash only.</summary>
        public EdgeNanoDevice(BoardDescription board, DeviceSettings settings, IPinBank pins, IStore flash, IClock clock, ILog log)
            : this(board, settings, pins, flash, clock, log, null, null)
        {
        }

        /// <param name="link">The board's one MQTT link; null runs the device offline.</param>
        /// <param name="work">Where edgehub's blocking link calls run: one thread on a device, a shared pool on the host.</param>
        public EdgeNanoDevice(BoardDescription board, DeviceSettings settings, IPinBank pins, IStore flash, IClock clock, ILog log,
            IMqttLink link, IBlockingWork work)
            : this(board, settings, pins, flash, clock, log, link, work, null)
        {
        }

        /// <param name="updates">
        /// The board's slots, boot record and restart; with at least one trusted key in the settings
        /// (otaKeys) and a link, the device gets the updates module (registered after edgehub).
        /// </param>
        public EdgeNanoDevice(BoardDescription board, DeviceSettings settings, IPinBank pins, IStore flash, IClock clock, ILog log,
            IMqttLink link, IBlockingWork work, UpdateParts updates)
        {
            if (!board.IsValid) throw new RuntimeConfigException(board.ErrorText());
            Board = board;
            Log = new LimitedLog(log, clock, settings.LogLinesPerSecond, 2 * settings.LogLinesPerSecond);
            Host = new ModuleHost(settings.Runtime, clock, Log);

            bool withUpdates = link != null && updates != null && settings.Ota.Keys != null && settings.Ota.Keys.Length > 0;
            TwinConfig twinConfig = BoardCapacities.Twin(board, settings, withUpdates);
            TwinStore store = new TwinStore(twinConfig, clock);
            for (int i = 0; i < board.DeviceCount; i++) store.RegisterDevice(board.DeviceAt(i).Id);
            // Offline, device-side changes have nowhere to go; the caller's settings stay as they are.
            TwinModuleOptions twinOptions = BoardCapacities.TwinModule(settings.TwinModule, twinConfig);
            if (link == null) twinOptions = twinOptions.WithoutUplink();
            Twin = new TwinModule(store, twinOptions, flash);
            Gpio = new GpioModule(board, pins, settings.TwinModule.MaxPayload);
            Host.Register(Twin);

            if (link != null)
            {
                KubeEdgeTopics topics = Topics(board, settings);
                EventBus = new EventBusModule(topics, settings.EventBus);
                EdgeHub = new EdgeHubModule(link, work, LinkOptions(board, settings), topics,
                    BoardCapacities.EdgeHub(settings.EdgeHub, twinConfig), Twin.EventIds);
                Host.Register(EventBus);
                Host.Register(EdgeHub);
                if (withUpdates)
                {
                    CheckBlockFits(settings, Host.Bus.Pool);
                    OtaInbox inbox = new OtaInbox(topics.TopicId(0), UpdatesModule.ModuleName);
                    EdgeHub.EnableUpdates(inbox);
                    Updates = new UpdatesModule(settings.Ota, inbox, EdgeHub, flash, updates.Slots, updates.Boot, updates.Restart, work,
                        board.DeviceAt(0).Id, board.BoardId);
                    Host.Register(Updates);
                }
            }
            Host.Register(Gpio);
        }

        /// <summary>
        /// A block result (otaBlockSize + 20 bytes) travels in one bus message: refused at start-up
        /// when the pool's largest content (its payload arrays, maxPayload) cannot hold it, naming
        /// both settings.
        /// </summary>
        private static void CheckBlockFits(DeviceSettings settings, MessagePool pool)
        {
            int result = settings.Ota.BlockSize + ResultFrame.HeaderSize;
            if (result <= pool.MaxContent) return;
            throw new RuntimeConfigException("otaBlockSize " + settings.Ota.BlockSize.ToString() + " does not fit maxPayload " +
                pool.MaxContent.ToString() + ": a block result is otaBlockSize + " + ResultFrame.HeaderSize.ToString() +
                " bytes and travels in one payload array; lower otaBlockSize or raise maxPayload");
        }

        private static KubeEdgeTopics Topics(BoardDescription board, DeviceSettings settings)
        {
            string[] namespaces = new string[board.DeviceCount];
            string[] names = new string[board.DeviceCount];
            for (int i = 0; i < board.DeviceCount; i++)
            {
                string id = board.DeviceAt(i).Id;
                int slash = id.IndexOf('/');
                namespaces[i] = slash < 0 ? "" : id.Substring(0, slash);
                names[i] = slash < 0 ? id : id.Substring(slash + 1);
            }
            return new KubeEdgeTopics(settings.NodeName, namespaces, names, settings.SingleSegmentIds);
        }

        private static MqttLinkOptions LinkOptions(BoardDescription board, DeviceSettings settings)
        {
            MqttLinkOptions options = new MqttLinkOptions();
            options.Host = settings.BrokerHost;
            options.Port = settings.BrokerPort;
            options.UseTls = settings.BrokerTls;
            options.CaCertificatePem = settings.CaCertificatePem.Length > 0 ? settings.CaCertificatePem : null;
            options.Username = settings.BrokerUsername.Length > 0 ? settings.BrokerUsername : null;
            options.Password = settings.BrokerPassword.Length > 0 ? settings.BrokerPassword : null;
            options.ClientId = settings.ClientId.Length > 0 ? settings.ClientId : board.BoardId;
            options.KeepAliveSeconds = settings.KeepAliveSeconds;
            return options;
        }

        /// <summary>Starts the modules (the twin is read back from flash here); dispatch is the caller's.</summary>
        public void Start()
        {
            Host.Start();
        }

        /// <summary>Stops modules in reverse order; the twin is flushed to flash.</summary>
        public void Stop()
        {
            Host.Stop();
        }
    }
}
