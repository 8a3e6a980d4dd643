namespace EdgeNano.EventBus
{
    /// <summary>
    /// How modules talk to eventbus over the bus. Topics travel in Resource, payloads in Content,
    /// so a payload can be at most the runtime's MessageContentCapacity bytes.
    /// </summary>
    public static class EventBusOperations
    {
        /// <summary>The eventbus module's name on the bus.</summary>
        public const string Module = "eventbus";

        /// <summary>
        /// A module publishes: Resource is the topic (no wildcards), Content the payload. Local
        /// subscribers whose filter matches get a copy; the message also goes to the uplink
        /// (edgehub) for the broker.
        /// </summary>
        public const string Publish = "publish";

        /// <summary>
        /// A module (Source) subscribes: Content is an MQTT filter in ASCII. Matching messages from
        /// the broker or from other modules arrive as <see cref="Delivered"/>. The table is fixed
        /// (EventBusOptions.SubscriptionCapacity); a full table is counted and, for a Request,
        /// answered with an error result.
        /// </summary>
        public const string Subscribe = "subscribe";

        /// <summary>To a subscriber: Resource is the topic, Content the payload.</summary>
        public const string Delivered = "delivered";

        /// <summary>From the MQTT session (edgehub's link listener): Resource is the topic, Content the payload.</summary>
        public const string Received = "mqtt/received";
    }
}
