using EdgeNano.Board;
using EdgeNano.Composition;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Storage;
using EdgeNano.Updates;
using EdgeNano.Updates.Crypto;

namespace EdgeNano.MemoryProbe
{
    /// <summary>
    /// The whole device composed and started as Program.cs does, once with updates off (the
    /// default) and once with a trusted key in the settings (updates on), each measured alone:
    /// what the updates module and edgehub's update inbox add on nanoCLR. Not connected, so no
    /// download runs: these are retained bytes, not a download's peak.
    /// </summary>
    public static class WholeDevice
    {
        public static void Print(BoardDescription board, ManualClock clock, CountingLog log)
        {
            Measure("device composed and started, updates off", board, clock, log, false);
            Measure("device composed and started, updates on (otaBlockSize " + new DeviceSettings().Ota.BlockSize.ToString() + ")", board, clock, log, true);
        }

        private static void Measure(string name, BoardDescription board, ManualClock clock, CountingLog log, bool updates)
        {
            RamStore flash = new RamStore(4, 16 * 1024);
            HeldPins pins = new HeldPins(40);
            QueuedWork work = new QueuedWork(8);
            TwinOwnerLink link = new TwinOwnerLink(board.DeviceAt(0).Id);
            UpdateParts parts = new UpdateParts(new NoSlots(), new BootControl(flash, "1.0.0"), new NoRestart());
            uint before = Heap.Free();
            EdgeNanoDevice device = Compose(board, clock, log, flash, pins, work, link, parts, updates);
            device.Start();
            uint after = Heap.Free();
            System.Console.WriteLine("PART " + name + " bytes=" + ((int)before - (int)after).ToString() +
                (updates && device.Updates == null ? " (PROBLEM: no updates module)" : ""));
            device.Stop();
        }

        /// <summary>
        /// As Program.Compose (the settings are dropped when this returns); with updates, the probe
        /// package's key is the trusted one (UpdateDownload serves that package).
        /// </summary>
        internal static EdgeNanoDevice Compose(BoardDescription board, ManualClock clock, CountingLog log, RamStore flash,
            HeldPins pins, QueuedWork work, TwinOwnerLink link, UpdateParts parts, bool updates)
        {
            DeviceSettings settings = new DeviceSettings();
            if (updates)
            {
                byte[] key = new byte[OtaOptions.KeyLength];
                Hex.TryDecode(ProbePackage.PublicKeyHex, key, 0);
                settings.Ota.Keys = new byte[][] { key };
            }
            return new EdgeNanoDevice(board, settings, pins, flash, clock, log, link, work, parts);
        }

        /// <summary>Update slots that hold nothing: the probe downloads nothing.</summary>
        private sealed class NoSlots : ISlotFiles
        {
            public int SlotCapacity { get { return 0; } }
            public int Length(int slot, string name) { return -1; }
            public bool WriteAt(int slot, string name, int offset, byte[] buffer, int start, int count) { return false; }
            public int ReadAt(int slot, string name, int offset, byte[] buffer, int start, int count) { return -1; }
            public bool Erase(int slot) { return true; }
        }

        /// <summary>The board's restart: the probe's devices are measured, not restarted.</summary>
        internal sealed class NoRestart : IBoardRestart
        {
            public void Restart(string reason)
            {
            }
        }
    }
}
