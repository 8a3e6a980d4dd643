using EdgeNano.Runtime;
using nanoFramework.Runtime.Native;

namespace EdgeNano.Boards.NanoFramework
{
    /// <summary>
    /// The board's restart on an ESP32: a full reboot through nanoFramework.Runtime.Native's
    /// Power.RebootDevice, so the loader runs again and the boot record picks the slot — a
    /// CLR-only restart would keep the assemblies already loaded.
    /// </summary>
    public sealed class PowerRestart : IBoardRestart
    {
        private readonly ILog _log;

        public PowerRestart(ILog log)
        {
            _log = log;
        }

        public void Restart(string reason)
        {
            _log.Write(LogLevel.Warning, "board", "restarting: " + reason);
            Power.RebootDevice(RebootOption.NormalReboot);
        }
    }
}
