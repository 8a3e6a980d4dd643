namespace EdgeNano.EventBus
{
    /// <summary>The eventbus module's capacities, fixed at start-up.</summary>
    public sealed class EventBusOptions
    {
        /// <summary>Local subscriptions (filter, module) the table holds.</summary>
        public int SubscriptionCapacity = 8;
        /// <summary>Where twin traffic from the owner goes.</summary>
        public string TwinModule = "devicetwin";
        /// <summary>How long a mapper-style twin/update waits for devicetwin's answer.</summary>
        public int TwinTimeoutMs = 2000;
        /// <summary>Where local publishes go on to the broker. Null: nowhere.</summary>
        public string Uplink = "edgehub";
    }
}
