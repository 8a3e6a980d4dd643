namespace EdgeNano.Runtime.Network
{
    /// <summary>Work that may block its thread (an MQTT connect, a QoS 1 publish waiting for PUBACK).</summary>
    public interface IBlockingJob
    {
        /// <summary>Runs on a worker thread, never on the runtime's dispatcher. Report results back through the bus or ModuleHost.SetTimer.</summary>
        void Run();
    }
}
