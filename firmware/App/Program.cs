using System.Threading;
using EdgeNano.Runtime;

namespace EdgeNano.Firmware
{
    /// <summary>
    /// The device entry point: builds the runtime with its capacities, starts the single
    /// dispatch thread and runs until power-off. The modules (devicetwin, eventbus, edgehub,
    /// gpio) are registered here as they land; see the README for the status of each.
    /// </summary>
    public static class Program
    {
        public static void Main()
        {
            ILog log = new ConsoleLog(LogLevel.Info);
            RuntimeConfig config = new RuntimeConfig();
            ModuleHost host = new ModuleHost(config, new SystemClock(), log);

            DeviceDispatcher dispatcher = new DeviceDispatcher(host, 8);
            host.Start();
            dispatcher.Start();
            log.Write(LogLevel.Info, "firmware", "EdgeNano runtime started");

            Thread.Sleep(Timeout.Infinite);
        }
    }
}
