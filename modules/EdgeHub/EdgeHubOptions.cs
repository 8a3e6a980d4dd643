namespace EdgeNano.EdgeHub
{
    /// <summary>The edgehub module's behaviour and capacities, fixed at start-up.</summary>
    public sealed class EdgeHubOptions
    {
        /// <summary>Reconnect backoff: the ceiling of the first delay; doubles per failed attempt.</summary>
        public int BackoffBaseMs = 1000;
        /// <summary>Reconnect backoff: the largest ceiling.</summary>
        public int BackoffCapMs = 60000;
        /// <summary>
        /// Shortest reconnect delay. Full jitter draws from [0, ceiling], which can be 0; this
        /// floor keeps a flapping broker from seeing a tight loop of connects.
        /// </summary>
        public int BackoffFloorMs = 100;
        /// <summary>Seed of the jitter's random source (0: from the clock). Tests fix it.</summary>
        public int BackoffSeed;
        /// <summary>A session that lasted this long resets the backoff to its base.</summary>
        public int StableAfterMs = 30000;
        /// <summary>How long to wait for every twin/get/result before flushing anyway.</summary>
        public int ResyncTimeoutMs = 5000;
        /// <summary>
        /// A twin/get not answered after this long is asked again, and again after twice as long
        /// each time, until answered (the owner may subscribe after the device asked: edgecore's
        /// own client reconnects seconds after a broker restart).
        /// </summary>
        public int TwinGetRetryMs = 5000;
        /// <summary>The longest wait between two twin/get retries.</summary>
        public int TwinGetRetryCapMs = 60000;

        /// <summary>Largest payload edgehub sends or keeps.</summary>
        public int MaxPayload = 512;
        /// <summary>Reports and events handed to the blocking-work thread at once (session control has 2 places per device more).</summary>
        public int OutgoingCapacity = 8;
        /// <summary>
        /// Bytes of all publishes queued for the blocking-work thread together (one array). 0:
        /// MaxPayload and 512 bytes for session control. A report that does not fit waits as a
        /// marker in the outbox and goes once the queue has room (what a plain ESP32 affords).
        /// </summary>
        public int OutgoingBytes;
        /// <summary>(device, property) markers the offline outbox holds (a device composition sets 0: one per twin row).</summary>
        public int OutboxCapacity = 32;
        /// <summary>Longest property key a marker keeps (KubeEdge allows 128).</summary>
        public int MaxKeyLength = 64;
        /// <summary>Events kept while offline; the oldest is dropped (and counted) when full.</summary>
        public int EventCapacity = 8;
        /// <summary>Bytes of all events kept while offline together (one array), also the largest kept. 0: MaxPayload.</summary>
        public int EventBytes;

        /// <summary>Outbound rate limit: sustained messages per second.</summary>
        public int RatePerSecond = 30;
        /// <summary>Outbound rate limit: burst size.</summary>
        public int Burst = 60;

        /// <summary>QoS of twin traffic (reports, twin/get, state).</summary>
        public int TwinQos = 1;
        /// <summary>QoS of events (local publishes).</summary>
        public int EventQos = 0;

        /// <summary>
        /// Broker filters subscribed besides the devices' KubeEdge topics, e.g. "node-1/user/#" for
        /// application traffic that eventbus passes to local subscribers. Null: none.
        /// </summary>
        public string[] ExtraFilters;

        /// <summary>Where received messages go.</summary>
        public string EventBus = "eventbus";
        /// <summary>Who re-reports outbox properties.</summary>
        public string TwinModule = "devicetwin";

        /// <summary>Largest session control payload (state, twin/get, the drop count): all short.</summary>
        public const int ControlPayloadBytes = 256;

        /// <summary>The outgoing ring's bytes: OutgoingBytes, or when 0 one payload and two control payloads.</summary>
        public int OutgoingRingBytes()
        {
            return OutgoingBytes > 0 ? OutgoingBytes : MaxPayload + 2 * ControlPayloadBytes;
        }

        /// <summary>The offline event ring's bytes: EventBytes, or MaxPayload when 0.</summary>
        public int EventRingBytes()
        {
            return EventBytes > 0 ? EventBytes : MaxPayload;
        }

        /// <summary>The largest event kept offline: MaxPayload, or less when the event ring is smaller.</summary>
        public int LargestKeptEvent()
        {
            int ring = EventRingBytes();
            return ring < MaxPayload ? ring : MaxPayload;
        }

        /// <summary>A copy to change without touching these options.</summary>
        public EdgeHubOptions Copy()
        {
            return (EdgeHubOptions)MemberwiseClone();
        }
    }
}
