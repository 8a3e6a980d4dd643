using EdgeNano.DeviceTests.Support;
using EdgeNano.EdgeHub;
using nanoFramework.TestFramework;

namespace EdgeNano.DeviceTests.EdgeHub
{
    /// <summary>
    /// Events kept while the cloud is away: a fixed ring that drops the OLDEST event when full
    /// (the newest says more about now) and counts every drop for the next report.
    /// </summary>
    [TestClass]
    public class EventRingTests
    {
        private static void Add(EventRing ring, string text)
        {
            byte[] payload = TestBytes.Ascii(text);
            Assert.IsTrue(ring.Add("events/" + text, payload, 0, payload.Length));
        }

        private static string Oldest(EventRing ring)
        {
            return TestBytes.AsciiText(ring.OldestPayload, ring.OldestOffset, ring.OldestLength);
        }

        [TestMethod]
        public void A_full_ring_drops_the_oldest_event_and_counts_it()
        {
            EventRing ring = new EventRing(3, 16);
            Add(ring, "e1");
            Add(ring, "e2");
            Add(ring, "e3");

            Add(ring, "e4");
            Add(ring, "e5");

            Assert.AreEqual(3, ring.Count);
            Assert.AreEqual(2, ring.Dropped);
            Assert.AreEqual("e3", Oldest(ring));
            Assert.AreEqual("events/e3", ring.OldestTopic);
        }

        [TestMethod]
        public void Events_leave_oldest_first()
        {
            EventRing ring = new EventRing(4, 16);
            Add(ring, "a");
            Add(ring, "b");

            Assert.AreEqual("a", Oldest(ring));
            ring.RemoveOldest();
            Assert.AreEqual("b", Oldest(ring));
            ring.RemoveOldest();
            Assert.AreEqual(0, ring.Count);
        }

        [TestMethod]
        public void The_drop_count_is_reported_once_and_kept_in_the_total()
        {
            EventRing ring = new EventRing(1, 16);
            Add(ring, "a");
            Add(ring, "b");
            Add(ring, "c");

            Assert.AreEqual(2, ring.TakeDroppedToReport());
            Assert.AreEqual(0, ring.TakeDroppedToReport());
            Assert.AreEqual(2, ring.Dropped);
        }

        [TestMethod]
        public void An_event_larger_than_a_slot_is_refused_and_counted_without_dropping_others()
        {
            EventRing ring = new EventRing(2, 4);
            Add(ring, "ok");

            byte[] big = TestBytes.Ascii("too big");
            Assert.IsFalse(ring.Add("events/big", big, 0, big.Length));

            Assert.AreEqual(1, ring.TooLarge);
            Assert.AreEqual(1, ring.Count);
            Assert.AreEqual(0, ring.Dropped);
        }
    }
}
