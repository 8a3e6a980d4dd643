namespace EdgeNano.DeviceTwin
{
    /// <summary>
    /// The twin store's fixed capacities, allocated once when the store is built. Defaults suit a
    /// plain ESP32 (about 100 KB of managed heap); the README lists what each default costs.
    /// </summary>
    public sealed class TwinConfig
    {
        /// <summary>Devices ("namespace/name") one board serves.</summary>
        public int MaxDevices = 8;
        /// <summary>Property rows per device, deleted rows included (a deleted key keeps its row and versions).</summary>
        public int PropertiesPerDevice = 32;
        /// <summary>Bytes for all keys and values together; each piece of text also costs a 4-byte header.</summary>
        public int ArenaBytes = 16 * 1024;
        /// <summary>Modules that may listen for expected-value changes.</summary>
        public int ListenerCapacity = 4;
    }
}
