namespace EdgeNano.EdgeHub
{
    /// <summary>
    /// What edgehub handles on the bus. It takes twin reports from devicetwin as
    /// TwinBus.ReportToOwner (Resource = device id), events from eventbus as
    /// EventBusOperations.Publish (Resource = topic), and devicetwin's note that a device's
    /// twin/get/result was merged as TwinBus.OwnerTwinMerged (Resource = device id, no content).
    /// </summary>
    public static class EdgeHubOperations
    {
        /// <summary>The edgehub module's name on the bus.</summary>
        public const string Module = "edgehub";
    }
}
