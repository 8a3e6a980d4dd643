using EdgeNano.DeviceTests.Support;
using EdgeNano.DeviceTwin;
using EdgeNano.EdgeHub;
using nanoFramework.TestFramework;

namespace EdgeNano.DeviceTests.EdgeHub
{
    /// <summary>
    /// The offline outbox for twin reports keeps one "not yet delivered" marker per property: the
    /// twin store holds the latest value, so however often a property changed while the cloud
    /// was away, one report of its last value goes out. When the table is full the device is
    /// marked "report everything", so the final state is never lost.
    /// </summary>
    [TestClass]
    public class TwinOutboxTests
    {
        private static byte[] Key(string key)
        {
            return TestBytes.Ascii(key);
        }

        private static void Mark(TwinOutbox outbox, int device, string key)
        {
            byte[] bytes = Key(key);
            outbox.Mark(device, bytes, 0, bytes.Length);
        }

        /// <summary>Takes one marker as "device:key" ("device:*" for every property), or "" when empty.</summary>
        private static string Take(TwinOutbox outbox)
        {
            byte[] key = new byte[32];
            int device;
            int length = outbox.Take(key, out device);
            if (length < 0) return "";
            return device.ToString() + ":" + (length == 0 ? "*" : TestBytes.AsciiText(key, 0, length));
        }

        [TestMethod]
        public void A_thousand_changes_of_one_property_are_one_marker()
        {
            TwinOutbox outbox = new TwinOutbox(4, 32, 1);

            for (int i = 0; i < 1000; i++) Mark(outbox, 0, "temperature");

            Assert.AreEqual(1, outbox.Count);
            Assert.AreEqual(1, outbox.Marked);
            Assert.AreEqual(999, outbox.Coalesced);
            Assert.AreEqual("0:temperature", Take(outbox));
            Assert.AreEqual("", Take(outbox));
        }

        [TestMethod]
        public void The_report_after_a_flush_carries_the_last_value_the_twin_holds()
        {
            TwinBench twin = new TwinBench();
            TwinOutbox outbox = new TwinOutbox(4, 32, 1);
            string[] offline = new string[] { "19", "20", "21", "22" };
            for (int i = 0; i < offline.Length; i++)
            {
                twin.EdgeActual("temperature", offline[i]);
                Mark(outbox, twin.Device, "temperature");
            }

            byte[] key = new byte[32];
            int device;
            int length = outbox.Take(key, out device);

            Assert.AreEqual("temperature", TestBytes.AsciiText(key, 0, length));
            Assert.AreEqual("22", twin.Actual(TestBytes.AsciiText(key, 0, length)));
            Assert.AreEqual("", Take(outbox), "one report, not four");
        }

        [TestMethod]
        public void The_same_key_on_two_devices_is_two_markers()
        {
            TwinOutbox outbox = new TwinOutbox(4, 32, 2);

            Mark(outbox, 0, "door");
            Mark(outbox, 1, "door");

            Assert.AreEqual(2, outbox.Count);
            Assert.AreEqual(0, outbox.Coalesced);
        }

        [TestMethod]
        [DataRow(1)]
        [DataRow(4)]
        [DataRow(16)]
        public void A_full_table_marks_the_device_report_everything_and_counts_the_overflow(int capacity)
        {
            TwinOutbox outbox = new TwinOutbox(capacity, 32, 2);
            for (int i = 0; i < capacity; i++) Mark(outbox, 0, "p" + i.ToString());
            Assert.AreEqual(capacity, outbox.Count);

            Mark(outbox, 0, "one-more");

            Assert.AreEqual(1, outbox.Overflows);
            Assert.AreEqual(1, outbox.Count, "the device's single markers fold into one 'everything'");
            Assert.AreEqual("0:*", Take(outbox));
            Assert.AreEqual("", Take(outbox));
        }

        [TestMethod]
        public void A_device_marked_everything_absorbs_later_marks()
        {
            TwinOutbox outbox = new TwinOutbox(4, 32, 1);
            outbox.MarkEverything(0);

            Mark(outbox, 0, "door");

            Assert.AreEqual(1, outbox.Count);
            Assert.AreEqual(1, outbox.Coalesced);
            Assert.AreEqual("0:*", Take(outbox));
        }

        [TestMethod]
        public void A_key_longer_than_a_marker_holds_marks_the_whole_device()
        {
            TwinOutbox outbox = new TwinOutbox(4, 8, 1);

            Mark(outbox, 0, "a-rather-long-property-key");

            Assert.AreEqual(1, outbox.Overflows);
            Assert.AreEqual("0:*", Take(outbox));
        }
    }
}
