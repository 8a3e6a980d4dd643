namespace EdgeNano.DeviceTwin
{
    /// <summary>
    /// How other modules talk to devicetwin over the bus. Content is KubeEdge's own JSON
    /// (encoded and decoded with Wire/), so a module reporting a sensor speaks exactly as a
    /// mapper would on twin/update. Resource is always the device id ("namespace/name").
    /// </summary>
    public static class TwinBus
    {
        /// <summary>The devicetwin module's name on the bus.</summary>
        public const string Module = "devicetwin";

        /// <summary>
        /// An edge-originated twin/update (actual values from sensors, or expected set locally).
        /// Sent with Send (fire and forget) or Request (the reply is the update/result or the
        /// error result JSON).
        /// </summary>
        public const string Update = "update";

        /// <summary>
        /// Request: content is one property key; the reply is a get/result JSON holding that
        /// property only (versions stripped), or an error result with code 404.
        /// </summary>
        public const string Get = "get";

        /// <summary>
        /// The sender (Source) asks to be told about expected-value changes of every device, and
        /// at once receives an ExpectedChanged per device with every expected value held now. The
        /// table of subscribers is fixed (TwinModule's capacity); a full table is answered
        /// with an error result when sent as a Request, and counted.
        /// </summary>
        public const string Subscribe = "subscribe";

        /// <summary>
        /// Sent by devicetwin to each subscriber after a change of expected values: content is
        /// {"event_id":"","timestamp":...,"delta":{key: expected, ...}} with the keys whose
        /// expected value changed (and differs from actual or not: a subscriber drives outputs
        /// from it and reports the read-back as actual).
        /// </summary>
        public const string ExpectedChanged = "expected-changed";

        /// <summary>
        /// Sent by devicetwin to its uplink (edgehub) after a change made on the device: content is
        /// the twin/update JSON to publish on $hw/events/device/{id}/twin/update.
        /// </summary>
        public const string ReportToOwner = "twin/update";

        /// <summary>
        /// From the uplink (edgehub) after a reconnect: report these properties again with their
        /// CURRENT values, as ReportToOwner. Content is one property key, several keys separated
        /// by <see cref="RereportKeySeparator"/> (reported together with those of the
        /// <see cref="RereportMore"/> asks before it: in one twin/update, or in as few as hold
        /// them when they do not fit one payload), or empty for every property of the device
        /// (Resource) that has an actual value. This is how the offline outbox stays a table of
        /// "not yet delivered" markers: the store holds the latest value.
        /// </summary>
        public const string Rereport = "rereport";

        /// <summary>
        /// From the uplink: keys of a device's re-report that did not all fit one ask. Content as
        /// Rereport's (keys separated by <see cref="RereportKeySeparator"/>); devicetwin marks
        /// their rows and reports nothing yet: the device's next Rereport (the uplink sends it
        /// straight after, with the last keys) reports them all together.
        /// </summary>
        public const string RereportMore = "rereport-more";

        /// <summary>Between the keys of a Rereport: a newline, which no twin key may contain.</summary>
        public const byte RereportKeySeparator = (byte)'\n';

        /// <summary>From the twin owner (via eventbus): twin/update/delta — desired values to apply.</summary>
        public const string OwnerDelta = "twin/update/delta";

        /// <summary>From the twin owner: twin/get/result — the whole twin, merged after every connect.</summary>
        public const string OwnerGetResult = "twin/get/result";

        /// <summary>
        /// Sent by devicetwin to its uplink (edgehub) once a device's twin/get/result has been
        /// merged (Resource = device id, no content), so the uplink knows the resync of that device
        /// is done before it flushes its outbox.
        /// </summary>
        public const string OwnerTwinMerged = "owner-twin-merged";

        /// <summary>From the twin owner: twin/update/result — the answer to a report (errors are counted and logged).</summary>
        public const string OwnerUpdateResult = "twin/update/result";
    }
}
