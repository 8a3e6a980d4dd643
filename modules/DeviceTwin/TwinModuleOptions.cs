namespace EdgeNano.DeviceTwin
{
    /// <summary>The devicetwin module's capacities and behaviour, fixed at start-up.</summary>
    public sealed class TwinModuleOptions
    {
        /// <summary>Largest twin JSON payload decoded (KubeEdge payloads on a device stay well under this).</summary>
        public int MaxPayload = 4096;
        /// <summary>Properties one message may carry (a device composition sets 0: as many as a device has rows).</summary>
        public int PropertiesPerMessage = 32;
        /// <summary>Modules that may subscribe to expected-value changes.</summary>
        public int SubscriberCapacity = 4;
        /// <summary>Store key of the twin snapshot.</summary>
        public string PersistKey = "twin";
        /// <summary>
        /// At most one flash write per this many ms: a burst of changes costs one write. Flash
        /// wears (~100,000 erase cycles per block): 5 s keeps a sensor reporting every second
        /// from wearing a block out within years.
        /// </summary>
        public int PersistIntervalMs = 5000;
        /// <summary>
        /// Where changes made on the device (sensor reports, expected set locally) are sent on for
        /// the twin owner: the edgehub module, as TwinBus.ReportToOwner. Null: nowhere (no cloud).
        /// </summary>
        public string Uplink = "edgehub";

        /// <summary>The same options with no uplink, for a device that runs without a network.</summary>
        public TwinModuleOptions WithoutUplink()
        {
            TwinModuleOptions copy = Copy();
            copy.Uplink = null;
            return copy;
        }

        /// <summary>A copy to change without touching these options.</summary>
        public TwinModuleOptions Copy()
        {
            return (TwinModuleOptions)MemberwiseClone();
        }
    }
}
