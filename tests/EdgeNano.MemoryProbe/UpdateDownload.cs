using EdgeNano.Board;
using EdgeNano.Composition;
using EdgeNano.Updates;

namespace EdgeNano.MemoryProbe
{
    /// <summary>
    /// A whole update on nanoCLR: the device composed with updates on (the probe package's key in
    /// otaKeys), started and synced; then the package is announced and the device fetches the
    /// manifest, checks its signature (on the blocking-work queue), downloads the blocks into RAM
    /// slots, verifies them and activates the slot. Prints what the device retains once synced
    /// and the peak (lowest free heap read inside the link's callbacks and between dispatch
    /// rounds) during the update, both from the same reference point taken before composing.
    /// </summary>
    public static class UpdateDownload
    {
        private const int WaitMs = 70000;

        /// <summary>False when the update did not reach "activating" (printed as a PROBLEM).</summary>
        public static bool Print(BoardDescription board, ManualClock clock, CountingLog log)
        {
            DeviceSettings defaults = new DeviceSettings();
            RamStore flash = new RamStore(8, 16 * 1024);
            RamSlots slots = new RamSlots(8 * 1024);
            HeldPins pins = new HeldPins(40);
            QueuedWork work = new QueuedWork(8);
            TwinOwnerLink link = new TwinOwnerLink(board.DeviceAt(0).Id);
            ProbePackage package = new ProbePackage(defaults.Ota.BlockSize);
            link.ServeUpdates(package);
            DeviceDriver driver = new DeviceDriver(work, link, clock);
            BootControl boot = new BootControl(flash, "1.0.0");
            boot.Boot();
            UpdateParts parts = new UpdateParts(slots, boot, new WholeDevice.NoRestart());
            defaults = null;

            uint before = Heap.Free();
            EdgeNanoDevice device = WholeDevice.Compose(board, clock, log, flash, pins, work, link, parts, true);
            driver.Device = device;
            device.Start();
            if (!driver.RunUntilSynced(WaitMs)) return Problem("the device with updates on did not sync");
            uint synced = Heap.Free();

            Heap.StartSampling();
            link.InjectAnnouncement();
            bool activating = driver.RunUntilUpdateState(OtaState.Activating, OtaState.Failed, WaitMs);
            uint peak = Heap.StopSampling();
            uint after = Heap.Free();
            device.Stop();

            System.Console.WriteLine("PART updates on: connected and synced bytes=" + ((int)before - (int)synced).ToString());
            System.Console.WriteLine("PART updates on: peak during the update bytes=" + ((int)before - (int)peak).ToString() +
                " (announce, manifest, signature, " + package.BlockCount.ToString() + " blocks of " + device.Updates.Download.Total.ToString() +
                ", verify, activate; " + link.OtaRequests.ToString() + " requests)");
            System.Console.WriteLine("PART updates on: after the update bytes=" + ((int)before - (int)after).ToString() +
                " state=" + device.Updates.State + " error=" + device.Updates.Error + " slot-writes=" + slots.Writes.ToString());
            if (!activating || device.Updates.State != OtaState.Activating) return Problem("the update did not reach activating: " + device.Updates.State + " " + device.Updates.Error);
            return true;
        }

        private static bool Problem(string text)
        {
            System.Console.WriteLine("PROBLEM " + text);
            return false;
        }
    }
}
