using EdgeNano.Board;
using EdgeNano.Composition;
using EdgeNano.DeviceTwin;
using EdgeNano.DeviceTwin.Json;
using EdgeNano.DeviceTwin.Wire;
using EdgeNano.EdgeHub;
using EdgeNano.EventBus;
using EdgeNano.Gpio;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Network;
using EdgeNano.Updates;

namespace EdgeNano.MemoryProbe
{
    /// <summary>
    /// What each part of the device costs alone, built with the same arguments EdgeNanoDevice
    /// gives it at default settings: "PART name bytes=N", N = heap retained by that object graph
    /// (free heap before minus after, both after a full collection). Parts nest: a module's
    /// figure includes its messages and decoder, which are also printed on their own.
    /// Each part follows one pattern so that nothing but the part differs between the two
    /// readings: the name first, then both readings in this method's frame (stack frames are
    /// heap too), the part kept in a local until the second reading.
    /// "start:" lines are a part started alone (a module in a host of its own: its ring plus
    /// what Start allocates; a thread left waiting).
    /// </summary>
    public static class ComponentCosts
    {
        public static void Print(DeviceSettings settings, BoardDescription board, ManualClock clock, CountingLog log,
            HeldPins pins, QueuedWork work, TwinOwnerLink link)
        {
            string name;
            uint before;
            object part;
            int devices = board.DeviceCount;
            RuntimeConfig runtime = settings.Runtime;
            // The capacities EdgeNanoDevice resolves from the board (settings at 0).
            TwinConfig twinConfig = BoardCapacities.Twin(board, settings, false);
            TwinModuleOptions twin = BoardCapacities.TwinModule(settings.TwinModule, twinConfig);
            EdgeHubOptions hub = BoardCapacities.EdgeHub(settings.EdgeHub, twinConfig);
            int payload = twin.MaxPayload;

            name = "board-description";
            before = Heap.Free();
            part = BoardParser.Parse(BuiltInBoard.FileName, BuiltInBoard.Json());
            part = Part(name, before, Heap.Free(), part);

            name = "device-settings";
            before = Heap.Free();
            part = new DeviceSettings();
            part = Part(name, before, Heap.Free(), part);

            // Program.cs's loader reads the boot record before it composes the device, and keeps it
            // (updates on or off): not in the device's figures, so measured here.
            name = "boot-control (read, no record yet)";
            RamStore bootFlash = new RamStore(1, 1024);
            before = Heap.Free();
            BootControl boot = new BootControl(bootFlash, "1.0.0");
            boot.Boot();
            part = boot;
            boot = null;
            part = Part(name, before, Heap.Free(), part);

            name = "limited-log";
            before = Heap.Free();
            part = new LimitedLog(log, clock, settings.LogLinesPerSecond, 2 * settings.LogLinesPerSecond);
            part = Part(name, before, Heap.Free(), part);

            name = "module-host (pool, pending requests, bus)";
            before = Heap.Free();
            part = new ModuleHost(runtime, clock, log);
            part = Part(name, before, Heap.Free(), part);

            name = "message-pool " + runtime.MessagePoolSize.ToString() + "x" + runtime.MessageContentCapacity.ToString() +
                " + " + runtime.PayloadArrays.ToString() + "x" + runtime.PayloadCapacity.ToString();
            before = Heap.Free();
            part = new MessagePool(runtime.MessagePoolSize, runtime.MessageContentCapacity, runtime.PayloadArrays, runtime.PayloadCapacity);
            part = Part(name, before, Heap.Free(), part);

            name = "message-ring " + runtime.RingCapacity.ToString() + " (one per module, made at Start)";
            before = Heap.Free();
            part = new MessageRing(runtime.RingCapacity);
            part = Part(name, before, Heap.Free(), part);

            // devicetwin
            name = "twin-store " + twinConfig.MaxDevices.ToString() + "x" + twinConfig.PropertiesPerDevice.ToString() +
                " arena " + twinConfig.ArenaBytes.ToString();
            before = Heap.Free();
            TwinStore store = new TwinStore(twinConfig, clock);
            for (int i = 0; i < devices; i++) store.RegisterDevice(board.DeviceAt(i).Id);
            Part(name, before, Heap.Free(), store); // kept: the module below uses it
            System.Console.WriteLine("INFO twin-snapshot-capacity bytes=" + store.MaxSnapshotSize().ToString());

            name = "twin-message in place/" + twin.PropertiesPerMessage.ToString() + " (devicetwin's decoded input)";
            before = Heap.Free();
            part = new TwinMessage(1, twin.PropertiesPerMessage, 0, false);
            part = Part(name, before, Heap.Free(), part);

            name = "twin-decoder in place " + twin.MaxPayload.ToString();
            before = Heap.Free();
            part = TwinDecoder.InPlace(twin.MaxPayload, JsonReader.DefaultMaxDepth);
            part = Part(name, before, Heap.Free(), part);

            name = "twin-update " + twin.PropertiesPerMessage.ToString();
            before = Heap.Free();
            part = new TwinUpdate(twin.PropertiesPerMessage);
            part = Part(name, before, Heap.Free(), part);

            name = "devicetwin-module (its store counted above)";
            RamStore flash = new RamStore(1, 16);
            before = Heap.Free();
            part = new TwinModule(store, twin, flash);
            part = Part(name, before, Heap.Free(), part);

            // gpio
            name = "gpio-module";
            before = Heap.Free();
            part = new GpioModule(board, pins, payload);
            part = Part(name, before, Heap.Free(), part);

            name = "twin-map-scanner in place " + payload.ToString() + " (gpio's and edgehub's)";
            before = Heap.Free();
            part = TwinMapScanner.InPlace(payload);
            part = Part(name, before, Heap.Free(), part);

            // eventbus and edgehub
            string[] namespaces = new string[] { "default" };
            string[] names = new string[] { "esp32-devkitc" };
            name = "kubeedge-topics";
            before = Heap.Free();
            KubeEdgeTopics topics = new KubeEdgeTopics(settings.NodeName, namespaces, names, settings.SingleSegmentIds);
            Part(name, before, Heap.Free(), topics); // kept: the modules below use it

            name = "eventbus-module";
            before = Heap.Free();
            part = new EventBusModule(topics, settings.EventBus);
            part = Part(name, before, Heap.Free(), part);

            MqttLinkOptions linkOptions = new MqttLinkOptions();
            linkOptions.Host = settings.BrokerHost;
            linkOptions.ClientId = board.BoardId;
            name = "edgehub-module (constructor)";
            before = Heap.Free();
            EdgeHubModule edgehub = new EdgeHubModule(link, work, linkOptions, topics, hub);
            Part(name, before, Heap.Free(), edgehub); // kept: the link worker below uses it

            name = "twin-outbox " + hub.OutboxCapacity.ToString();
            before = Heap.Free();
            part = new TwinOutbox(hub.OutboxCapacity, hub.MaxKeyLength, devices);
            part = Part(name, before, Heap.Free(), part);

            name = "event-ring " + hub.EventCapacity.ToString() + " in " + hub.EventRingBytes().ToString() + " bytes";
            before = Heap.Free();
            part = new EventRing(hub.EventCapacity, hub.LargestKeptEvent(), hub.EventRingBytes());
            part = Part(name, before, Heap.Free(), part);

            // Sized as EdgeHubModule.Start sizes it: OutgoingCapacity + 2 control places per device
            // + 1, in the options' outgoing ring bytes.
            int places = hub.OutgoingCapacity + 2 * devices + 1;
            int bytes = hub.OutgoingRingBytes();
            string[] filters = topics.SubscriptionFilters;
            name = "link-worker " + places.ToString() + " in " + bytes.ToString() + " bytes (edgehub's, made at Start)";
            before = Heap.Free();
            part = new LinkWorker(edgehub, link, work, linkOptions, filters, places, bytes, hub.TwinQos);
            part = Part(name, before, Heap.Free(), part);

            // The two threads Program.cs starts next to the device (EdgeNano.Runtime classes),
            // started here and left waiting, as on the device when it is idle.
            ModuleHost spare = new ModuleHost(runtime, clock, log);
            name = "device-dispatcher (constructor)";
            before = Heap.Free();
            DeviceDispatcher dispatcher = new DeviceDispatcher(spare, 8);
            Part(name, before, Heap.Free(), dispatcher);
            name = "start:device-dispatcher (its thread, waiting)";
            before = Heap.Free();
            dispatcher.Start();
            System.Threading.Thread.Sleep(20);
            Part(name, before, Heap.Free(), dispatcher);
            dispatcher.Stop();

            name = "blocking-work-thread 8 (constructor)";
            before = Heap.Free();
            BlockingWorkThread worker = new BlockingWorkThread(8, log);
            Part(name, before, Heap.Free(), worker);
            name = "start:blocking-work-thread (its thread, waiting)";
            before = Heap.Free();
            worker.Start();
            System.Threading.Thread.Sleep(20);
            Part(name, before, Heap.Free(), worker);
            worker.Stop();

            // Each module started alone.
            StartAlone("start:devicetwin (ring + Start)", new TwinModule(new TwinStore(twinConfig, clock), twin, new RamStore(1, 16 * 1024)), runtime, clock, log);
            StartAlone("start:gpio (ring + Start)", new GpioModule(board, pins, payload), runtime, clock, log);
            StartAlone("start:eventbus (ring + Start)", new EventBusModule(topics, settings.EventBus), runtime, clock, log);
            StartAlone("start:edgehub (ring + Start)", new EdgeHubModule(link, work, linkOptions, topics, hub), runtime, clock, log);
        }

        /// <summary>
        /// Prints a part's cost. part is an argument so that it is still referenced at the second
        /// reading; null comes back, for the caller to drop it before the next part's first reading.
        /// </summary>
        private static object Part(string name, uint before, uint after, object part)
        {
            System.Console.WriteLine("PART " + name + " bytes=" + ((int)before - (int)after).ToString() + (part == null ? " (null)" : ""));
            return null;
        }

        private static void StartAlone(string name, Module module, RuntimeConfig runtime, ManualClock clock, CountingLog log)
        {
            ModuleHost host = new ModuleHost(runtime, clock, log);
            host.Register(module);
            uint before = Heap.Free();
            host.Start();
            host = (ModuleHost)Part(name, before, Heap.Free(), host);
        }
    }
}
