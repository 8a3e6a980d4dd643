using EdgeNano.Board;
using EdgeNano.DeviceTwin;
using EdgeNano.EdgeHub;
using EdgeNano.Runtime;
using EdgeNano.Updates;

namespace EdgeNano.Composition
{
    /// <summary>
    /// The twin's capacities for one board. A setting left at 0 (the default) follows from the
    /// board file: as many devices as it hosts, as many property rows as its largest device has
    /// properties (pins and rate keys, the four update properties on the first device when updates
    /// are on) plus a few spare for properties the cloud's model adds, and a value arena of 64
    /// bytes a row. On a plain ESP32 every row costs heap, so rows nobody can use are not made. A
    /// setting given in settings.json is taken as it is, and refused here, naming it, when the
    /// board cannot fit in it.
    /// </summary>
    public static class BoardCapacities
    {
        /// <summary>Rows per device beyond the board's own properties, for properties added in the cloud.</summary>
        public const int SpareProperties = 2;
        /// <summary>Arena bytes per row when twinArenaBytes is 0: a short key and two short values, each with its 4-byte header.</summary>
        public const int ArenaBytesPerProperty = 64;
        /// <summary>The smallest arena made when twinArenaBytes is 0.</summary>
        public const int MinArenaBytes = 512;

        /// <summary>The twin store's configuration for this board.</summary>
        public static TwinConfig Twin(BoardDescription board, DeviceSettings settings, bool updates)
        {
            TwinConfig given = settings.Twin;
            int needed = PropertiesNeeded(board, updates);
            TwinConfig config = new TwinConfig();
            config.ListenerCapacity = given.ListenerCapacity;
            config.MaxDevices = given.MaxDevices > 0 ? given.MaxDevices : board.DeviceCount;
            if (config.MaxDevices < board.DeviceCount)
            {
                throw new RuntimeConfigException(board.FileName + ": the board hosts " + board.DeviceCount.ToString() +
                    " devices, more than twinMaxDevices (" + given.MaxDevices.ToString() + ")");
            }
            config.PropertiesPerDevice = given.PropertiesPerDevice > 0 ? given.PropertiesPerDevice : needed + SpareProperties;
            if (config.PropertiesPerDevice < needed)
            {
                throw new RuntimeConfigException(board.FileName + ": a device of the board has " + needed.ToString() +
                    " twin properties (pins, rate keys" + (updates ? ", 4 update properties" : "") +
                    "), more than propertiesPerDevice (" + given.PropertiesPerDevice.ToString() + ")");
            }
            int rows = config.MaxDevices * config.PropertiesPerDevice;
            int arena = rows * ArenaBytesPerProperty;
            config.ArenaBytes = given.ArenaBytes > 0 ? given.ArenaBytes : (arena > MinArenaBytes ? arena : MinArenaBytes);
            return config;
        }

        /// <summary>The devicetwin options with PropertiesPerMessage following the store's rows when it is 0.</summary>
        public static TwinModuleOptions TwinModule(TwinModuleOptions given, TwinConfig twin)
        {
            if (given.PropertiesPerMessage > 0) return given;
            TwinModuleOptions options = given.Copy();
            // A message about one device never carries more properties than its rows.
            options.PropertiesPerMessage = twin.PropertiesPerDevice;
            return options;
        }

        /// <summary>The edgehub options with OutboxCapacity following the twin's rows when it is 0: a marker per row is all the outbox can ever need.</summary>
        public static EdgeHubOptions EdgeHub(EdgeHubOptions given, TwinConfig twin)
        {
            if (given.OutboxCapacity > 0) return given;
            EdgeHubOptions options = given.Copy();
            options.OutboxCapacity = twin.MaxDevices * twin.PropertiesPerDevice;
            return options;
        }

        /// <summary>Rows the largest device needs: a row per pin property and per rate key, and the update properties on the first.</summary>
        public static int PropertiesNeeded(BoardDescription board, bool updates)
        {
            int most = 0;
            for (int d = 0; d < board.DeviceCount; d++)
            {
                BoardDevice device = board.DeviceAt(d);
                int count = device.PropertyCount;
                for (int p = 0; p < device.PropertyCount; p++)
                {
                    if (device.PropertyAt(p).RateKey != null) count++;
                }
                if (d == 0 && updates) count += OtaReport.PropertyCount;
                if (count > most) most = count;
            }
            return most;
        }
    }
}
