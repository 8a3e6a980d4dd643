using EdgeNano.Board;
using EdgeNano.Composition;

namespace EdgeNano.MemoryProbe
{
    /// <summary>
    /// Measures the managed heap the whole EdgeNano device retains on nanoCLR, stage by stage
    /// (issue 14). The device is composed as firmware/App/Program.cs composes it: the built-in
    /// board (boards/esp32-devkitc/board.json), default DeviceSettings, EdgeNanoDevice with a link
    /// and blocking work. Only the board's parts differ: in-memory doubles (this folder), built
    /// before the baseline so that every "used" figure is EdgeNano's own heap. Runs on the Linux
    /// nanoCLR (no network, file system or GPIO natives are touched); see README.md.
    /// Output: "MEM stage free=N used=M" lines, "PART name bytes=N" lines, and "PROBE END".
    /// Every MEM stage is read here in Main (see Heap.SetBaseline for why).
    /// </summary>
    public static class Program
    {
        private const long StartMs = 1700000000000;
        private const int StepMs = DeviceDriver.StepMs;
        /// <summary>Longest the probe waits (device time) for a reconnect: above edgehub's 60 s backoff cap.</summary>
        private const int ReconnectWaitMs = 70000;
        private const string IdleProblem = "the device did not become idle within 1000 rounds";

        private static ManualClock _clock;
        private static CountingLog _log;
        private static HeldPins _pins;
        private static RamStore _flash;
        private static QueuedWork _work;
        private static TwinOwnerLink _link;
        private static EdgeNanoDevice _device;
        private static DeviceDriver _driver;
        private static int _reportsBefore;
        private static int _problems;

        public static void Main()
        {
            System.Console.WriteLine("EdgeNano memory probe: " + BuiltInBoard.FileName + ", default DeviceSettings");

            // The board's parts first: not EdgeNano's heap.
            _clock = new ManualClock(StartMs);
            _log = new CountingLog();
            _pins = new HeldPins(40);
            _flash = new RamStore(2, 16 * 1024);
            _work = new QueuedWork(8);
            _link = new TwinOwnerLink("default/esp32-devkitc");
            _driver = new DeviceDriver(_work, _link, _clock);
            // The first number formatted creates the culture's number format, which stays (about
            // 250 bytes on 32-bit): the probe's own printing, so before the baseline.
            System.Console.WriteLine("heap free at start: " + Heap.Free().ToString());
            Heap.SetBaseline("baseline");
            // Nothing happened since the baseline: shows the method's own error (should be 0).
            Heap.Mark("zero-check");

            // As Program.RunBuiltIn: board, settings, device, start; then the dispatcher runs.
            byte[] json = BuiltInBoard.Json();
            BoardDescription board = BoardParser.Parse(BuiltInBoard.FileName, json);
            json = null;
            if (!board.IsValid)
            {
                System.Console.WriteLine("PROBLEM the built-in board has errors: " + board.ErrorText());
                return;
            }
            Heap.Mark("board-parsed");

            _device = Compose(board);
            _driver.Device = _device;
            Heap.Mark("composed");

            _device.Start();
            Heap.Mark("started");

            // Connect, "online", twin/get -> get/result -> merged -> outbox flushed.
            Heap.StartSampling();
            Check(_driver.RunUntilSynced(ReconnectWaitMs), "the device did not reach synced after start");
            uint firstPeak = Heap.StopSampling();
            Heap.Mark("synced");
            Heap.Print("first-sync-peak", firstPeak);

            // A full resync: the broker goes away and comes back; edgehub reconnects after its
            // backoff and asks for the whole twin again. The peak is the lowest free heap read
            // inside the link's callbacks (get/result handed over, each publish) and after each
            // dispatch round; "resynced" is read right after the device handled it all.
            _link.Cut();
            Check(_driver.RunUntilIdle(), IdleProblem);
            Heap.StartSampling();
            Check(_driver.RunUntilSynced(ReconnectWaitMs), "the device did not resync after the link was cut");
            uint resyncPeak = Heap.StopSampling();
            uint resynced = Heap.Mark("resynced");
            Heap.Print("resync-get-result-delivered", _link.FreeAfterGetResult);
            Heap.Print("resync-peak", resyncPeak);

            // The owner toggles the led; each delta must come back as a twin/update report.
            _reportsBefore = _link.Reports;
            LedRoundTrips(1, 1);
            uint free = Heap.Mark("deltas-1");
            Growth("deltas-1", resynced, free);
            LedRoundTrips(2, 10);
            free = Heap.Mark("deltas-10");
            Growth("deltas-10", resynced, free);
            LedRoundTrips(11, 50);
            free = Heap.Mark("deltas-50");
            Growth("deltas-50", resynced, free);
            int reports = _link.Reports - _reportsBefore;
            System.Console.WriteLine("DELTA round-trips=50 reports=" + reports.ToString());
            Check(reports >= 50, "fewer twin/update reports than deltas");

            System.Console.WriteLine("SUMMARY connects=" + _link.Connects.ToString() + " publishes=" + _link.Publishes.ToString() +
                " gets=" + _link.Gets.ToString() + " reports=" + _link.Reports.ToString() + " states=" + _link.States.ToString() +
                " pin-writes=" + _pins.Writes.ToString() + " flash-writes=" + _flash.Replaces.ToString() +
                " log-lines=" + _log.Lines.ToString() + " warnings=" + _log.Warnings.ToString() + " errors=" + _log.Errors.ToString() +
                " work-refused=" + _work.Refused.ToString() + " link-overflows=" + _link.Overflows.ToString() +
                " get-result-bytes=" + _link.GetResultBytes.ToString());

            ComponentCosts.Print(new DeviceSettings(), board, _clock, _log, _pins, _work, _link);
            WholeDevice.Print(board, _clock, _log);
            if (!UpdateDownload.Print(board, _clock, _log)) _problems++;

            System.Console.WriteLine(_problems == 0 ? "PROBE END ok" : "PROBE END with " + _problems.ToString() + " problem(s)");
        }

        /// <summary>
        /// As Program.Compose: the settings are read, used and dropped there; the device keeps what
        /// it needs of them. (A local of Main would keep them for the device's life.)
        /// </summary>
        private static EdgeNanoDevice Compose(BoardDescription board)
        {
            DeviceSettings settings = new DeviceSettings();
            Heap.Mark("settings");
            // Program.cs passes its update parts as well; without otaKeys (the default) the
            // composition registers no updates module and keeps no reference to them.
            return new EdgeNanoDevice(board, settings, _pins, _flash, _clock, _log, _link, _work);
        }

        /// <summary>Round trips first..last: a led delta, dispatch until idle, the clock 100 ms on.</summary>
        private static void LedRoundTrips(int first, int last)
        {
            for (int i = first; i <= last; i++)
            {
                _link.InjectLedDelta(i % 2 == 1);
                Check(_driver.RunUntilIdle(), IdleProblem);
                _clock.Advance(StepMs);
                Check(_driver.RunUntilIdle(), IdleProblem);
            }
        }

        private static void Growth(string stage, uint from, uint to)
        {
            System.Console.WriteLine("GROWTH " + stage + " bytes=" + ((int)from - (int)to).ToString() + " (since resynced)");
        }

        private static void Check(bool condition, string problem)
        {
            if (condition) return;
            _problems++;
            System.Console.WriteLine("PROBLEM " + problem);
        }
    }
}
