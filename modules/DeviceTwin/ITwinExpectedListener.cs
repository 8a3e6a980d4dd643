namespace EdgeNano.DeviceTwin
{
    /// <summary>
    /// Told when a property's expected value changes (set, changed or cleared), whoever changed
    /// it: the cloud, a merge after reconnect, or the edge. Called after the change is complete,
    /// on the thread that made it. A listener must not change the twin from inside the call
    /// (such a change is refused with 500): it drives its output and queues any report.
    /// </summary>
    public interface ITwinExpectedListener
    {
        /// <summary>The expected value of the property in slot changed; read it from twin.</summary>
        void ExpectedChanged(ITwinProperties twin, int device, int slot);
    }
}
