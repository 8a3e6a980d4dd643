namespace EdgeNano.Runtime
{
    /// <summary>What a module gets from the runtime: the bus to talk on, time, a log, and the counters of every module.</summary>
    public sealed class ModuleContext
    {
        public readonly Bus Bus;
        public readonly IClock Clock;
        public readonly ILog Log;
        public readonly ModuleHost Host;

        internal ModuleContext(ModuleHost host, Bus bus, IClock clock, ILog log)
        {
            Host = host;
            Bus = bus;
            Clock = clock;
            Log = log;
        }
    }
}
