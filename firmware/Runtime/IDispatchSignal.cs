namespace EdgeNano.Runtime
{
    /// <summary>
    /// How a host tells whoever dispatches it that there is something to do. Implemented by
    /// the device's single dispatcher thread and by the host's shared worker pool.
    /// Both calls come from arbitrary threads and must return at once.
    /// </summary>
    public interface IDispatchSignal
    {
        /// <summary>A message was queued.</summary>
        void WorkAvailable(ModuleHost host);

        /// <summary>A request timeout or module restart falls due at dueMs (runtime clock).</summary>
        void TimerDue(ModuleHost host, long dueMs);
    }
}
