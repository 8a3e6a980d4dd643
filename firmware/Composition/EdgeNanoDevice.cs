using EdgeNano.Board;
using EdgeNano.DeviceTwin;
using EdgeNano.Gpio;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Storage;

namespace EdgeNano.Composition
{
    /// <summary>
    /// One EdgeNano device: the runtime with its modules, composed from a board description,
    /// settings and what the board provides (pins, flash, clock, log). The nanoFramework app
    /// and the host simulator both build devices here — one composition, two hosts.
    /// Registration order is start order; shutdown stops gpio first and devicetwin (which
    /// flushes the twin to flash) after it.
    /// </summary>
    public sealed class EdgeNanoDevice
    {
        public readonly ModuleHost Host;
        public readonly TwinModule Twin;
        public readonly GpioModule Gpio;
        public readonly BoardDescription Board;

        public EdgeNanoDevice(BoardDescription board, DeviceSettings settings, IPinBank pins, IStore flash, IClock clock, ILog log)
        {
            if (!board.IsValid) throw new RuntimeConfigException(board.ErrorText());
            Board = board;
            Host = new ModuleHost(settings.Runtime, clock, log);

            TwinStore store = new TwinStore(settings.Twin, clock);
            for (int i = 0; i < board.DeviceCount; i++)
            {
                if (store.RegisterDevice(board.DeviceAt(i).Id) < 0)
                    throw new RuntimeConfigException(board.FileName + ": the board hosts more devices than twinMaxDevices (" + settings.Twin.MaxDevices.ToString() + ")");
            }
            Twin = new TwinModule(store, settings.TwinModule, flash);
            Gpio = new GpioModule(board, pins, settings.Runtime.MessageContentCapacity);

            Host.Register(Twin);
            Host.Register(Gpio);
        }

        /// <summary>Starts the modules (the twin is read back from flash here); dispatch is the caller's.</summary>
        public void Start()
        {
            Host.Start();
        }

        /// <summary>Stops modules in reverse order; the twin is flushed to flash.</summary>
        public void Stop()
        {
            Host.Stop();
        }
    }
}
