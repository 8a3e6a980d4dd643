using EdgeNano.DeviceTests.Support;
using EdgeNano.DeviceTwin;
using EdgeNano.Runtime;
using nanoFramework.TestFramework;

namespace EdgeNano.DeviceTests.Twin
{
    /// <summary>
    /// edgehub's outbox flush asks devicetwin to report marked properties again (TwinBus.Rereport,
    /// keys separated by a newline, the first asks of a long list as TwinBus.RereportMore).
    /// devicetwin answers with as few twin/updates as hold them: one when they fit a payload,
    /// more only when they do not, and what cannot leave now goes out later, never lost.
    /// </summary>
    [TestClass]
    public class RereportTests
    {
        private static TwinBench _bench;
        private static ModuleHost _host;
        private static ReportSink _uplink;
        private static TestClock _clock;

        /// <summary>devicetwin with a stand-in uplink that keeps the reports; payload arrays of payloadBytes, ring of the uplink uplinkRing.</summary>
        private static void Start(int payloadArrays, int payloadBytes, int uplinkRing)
        {
            _bench = new TwinBench();
            _clock = _bench.Clock;
            RuntimeConfig config = new RuntimeConfig();
            config.MessagePoolSize = 16;
            config.RingCapacity = 8;
            config.MessageContentCapacity = 64;
            config.PayloadArrays = payloadArrays;
            config.PayloadCapacity = payloadBytes;
            config.PendingRequestCapacity = 4;
            config.SetRingCapacity("edgehub", uplinkRing);
            _host = new ModuleHost(config, _clock, new SilentLog());
            TwinModuleOptions options = new TwinModuleOptions();
            options.MaxPayload = payloadBytes;
            _host.Register(new TwinModule(_bench.Store, options, null));
            _uplink = new ReportSink();
            _host.Register(_uplink);
            _host.Start();
        }

        private static void Ask(string operation, string keys)
        {
            Message ask = _host.Bus.Rent();
            Assert.IsNotNull(ask);
            ask.Source = "edgehub";
            ask.Destination = TwinBus.Module;
            ask.Operation = operation;
            ask.Resource = TwinBench.DeviceId;
            Assert.IsTrue(ask.SetContentAscii(keys));
            Assert.AreEqual((int)SendResult.Accepted, (int)_host.Bus.Send(ask));
        }

        private static void Run()
        {
            for (int i = 0; i < 8; i++) _host.RunOnce(16);
        }

        private static string Value(int length, char c)
        {
            char[] text = new char[length];
            for (int i = 0; i < length; i++) text[i] = c;
            return new string(text);
        }

        [TestMethod]
        public void Several_keys_in_one_ask_come_back_as_one_twin_update_of_exactly_those_keys()
        {
            Start(3, 1024, 8);
            _bench.EdgeActual("button", "true");
            _bench.EdgeActual("led", "false");
            _bench.EdgeActual("pulses", "7");
            _bench.EdgeActual("pulse_rate", "2");

            // A key the device does not have is passed over.
            Ask(TwinBus.Rereport, "button\nno-such-key\npulses\nled");
            Run();

            Assert.AreEqual(1, _uplink.Reports);
            Assert.AreEqual(3, _uplink.Keys("button", "pulses", "led", "pulse_rate", "no-such-key"));
            Assert.IsTrue(_uplink.Last.IndexOf("\"pulses\":{\"actual\":{\"value\":\"7\"") > 0, _uplink.Last);
        }

        [TestMethod]
        public void Keys_over_several_asks_wait_for_the_last_and_go_out_together()
        {
            Start(3, 1024, 8);
            _bench.EdgeActual("a", "1");
            _bench.EdgeActual("b", "2");
            _bench.EdgeActual("c", "3");
            _bench.EdgeActual("d", "4");

            Ask(TwinBus.RereportMore, "a\nb");
            Run();
            Assert.AreEqual(0, _uplink.Reports, "the first ask of a list reports nothing yet");

            Ask(TwinBus.Rereport, "c");
            Run();

            Assert.AreEqual(1, _uplink.Reports);
            Assert.AreEqual(3, _uplink.Keys("a", "b", "c", "d", "-"));

            // The marks are gone with the report: the next ask reports only its own key.
            Ask(TwinBus.Rereport, "d");
            Run();
            Assert.AreEqual(2, _uplink.Reports);
            Assert.AreEqual(1, _uplink.Keys("a", "b", "c", "d", "-"));
        }

        [TestMethod]
        public void Properties_that_do_not_fit_one_payload_go_out_in_as_few_twin_updates_as_hold_them()
        {
            // 360-byte payloads; each property about 140 bytes: two a twin/update.
            Start(6, 360, 8);
            string[] keys = new string[] { "p1", "p2", "p3", "p4", "p5" };
            for (int i = 0; i < keys.Length; i++) _bench.EdgeActual(keys[i], Value(60, (char)('a' + i)));

            Ask(TwinBus.Rereport, "p1\np2\np3\np4\np5");
            Run();

            Assert.AreEqual(3, _uplink.Reports);
            Assert.AreEqual(5, _uplink.KeysInAll(keys));
            Assert.IsTrue(_uplink.Largest <= 360);
        }

        [TestMethod]
        public void A_split_that_runs_out_of_payload_arrays_sends_the_rest_later_and_only_the_rest()
        {
            // Three arrays, one kept for the network: two reports can be rented at once, the third
            // part waits for devicetwin's timer, when the uplink has taken the first two.
            Start(3, 360, 8);
            string[] keys = new string[] { "p1", "p2", "p3", "p4", "p5", "p6" };
            for (int i = 0; i < keys.Length; i++) _bench.EdgeActual(keys[i], Value(60, (char)('a' + i)));

            Ask(TwinBus.Rereport, "p1\np2\np3\np4\np5\np6");
            Run();
            Assert.AreEqual(2, _uplink.Reports);

            _clock.Now += 1000;
            Run();

            Assert.AreEqual(3, _uplink.Reports);
            Assert.AreEqual(6, _uplink.KeysInAll(keys), "every property once: the retry carried only what was left");
        }

        [TestMethod]
        public void A_report_the_full_bus_refuses_loses_nothing_the_device_is_reported_again()
        {
            // The uplink's ring holds one message, and it is taken: the report is refused.
            Start(3, 1024, 1);
            _bench.EdgeActual("button", "true");
            _bench.EdgeActual("led", "false");
            Message blocker = _host.Bus.Rent();
            blocker.Source = "test";
            blocker.Destination = "edgehub";
            blocker.Operation = "note";
            Assert.AreEqual((int)SendResult.Accepted, (int)_host.Bus.Send(blocker));

            Ask(TwinBus.Rereport, "button\nled");
            _host.RunOnce(1); // devicetwin only: the uplink's ring stays full
            _host.RunOnce(16);
            Assert.AreEqual(0, _uplink.Reports);

            _clock.Now += 1000;
            Run();

            Assert.AreEqual(1, _uplink.Reports);
            Assert.AreEqual(2, _uplink.Keys("button", "led", "-", "-", "-"));
        }

        [Cleanup]
        public void Cleanup()
        {
            _host = null;
            _uplink = null;
            _bench = null;
        }
    }

    /// <summary>Stands in for edgehub: keeps the twin/updates devicetwin sends it, as text.</summary>
    public sealed class ReportSink : Module
    {
        public int Reports;
        public string Last = "";
        public string All = "";
        public int Largest;

        public ReportSink() : base("edgehub", "hub")
        {
        }

        public override void Handle(Message message)
        {
            if (message.Operation != TwinBus.ReportToOwner) return;
            Reports++;
            if (message.ContentLength > Largest) Largest = message.ContentLength;
            char[] text = new char[message.ContentLength];
            for (int i = 0; i < text.Length; i++) text[i] = (char)message.Content[i];
            Last = new string(text);
            All = All + Last;
        }

        /// <summary>How many of the five keys the last report carries.</summary>
        public int Keys(string a, string b, string c, string d, string e)
        {
            return Has(Last, a) + Has(Last, b) + Has(Last, c) + Has(Last, d) + Has(Last, e);
        }

        /// <summary>How many times the keys appear over every report.</summary>
        public int KeysInAll(string[] keys)
        {
            int count = 0;
            for (int i = 0; i < keys.Length; i++)
            {
                int at = All.IndexOf("\"" + keys[i] + "\":");
                while (at >= 0)
                {
                    count++;
                    at = All.IndexOf("\"" + keys[i] + "\":", at + 1);
                }
            }
            return count;
        }

        private static int Has(string text, string key)
        {
            return text.IndexOf("\"" + key + "\":") >= 0 ? 1 : 0;
        }
    }
}
