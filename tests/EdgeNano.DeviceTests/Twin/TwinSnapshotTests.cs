using EdgeNano.DeviceTests.Support;
using EdgeNano.DeviceTwin;
using nanoFramework.TestFramework;

namespace EdgeNano.DeviceTests.Twin
{
    /// <summary>The twin state survives a reboot as a snapshot in flash; a damaged one is refused whole.</summary>
    [TestClass]
    public class TwinSnapshotTests
    {
        private static TwinBench Populated()
        {
            TwinBench twin = new TwinBench();
            twin.Clock.Now = 111;
            twin.Edge("temp", null, "21.5", "float");
            twin.Clock.Now = 222;
            twin.SyncExpected("mode", "eco", 7, 3);
            twin.EdgeActual("mode", "");
            twin.EdgeActual("count", "5");
            twin.EdgeDelete("count");
            return twin;
        }

        private static byte[] Snapshot(TwinStore store)
        {
            byte[] buffer = new byte[store.SnapshotSize()];
            Assert.AreEqual(buffer.Length, store.WriteSnapshot(buffer));
            return buffer;
        }

        [TestMethod]
        public void A_snapshot_loaded_into_a_fresh_store_gives_back_values_types_versions_and_timestamps()
        {
            TwinBench original = Populated();
            byte[] bytes = Snapshot(original.Store);
            TwinBench restored = new TwinBench();

            Assert.AreEqual(SnapshotStatus.Loaded, restored.Store.LoadSnapshot(bytes, bytes.Length));

            Assert.AreEqual("21.5", restored.Actual("temp"));
            Assert.AreEqual("float", restored.Type("temp"));
            Assert.AreEqual(111L, restored.Store.ActualTimestamp(restored.Slot("temp")));
            Assert.AreEqual("eco", restored.Expected("mode"));
            Assert.AreEqual("", restored.Actual("mode"));
            Assert.AreEqual("7/3", restored.ExpectedVersion("mode"));
            Assert.AreEqual(original.ActualVersion("mode"), restored.ActualVersion("mode"));
            Assert.IsTrue(restored.Store.IsDeleted(restored.Slot("count")));
        }

        [TestMethod]
        public void A_snapshot_with_a_damaged_byte_is_refused_and_leaves_the_store_untouched()
        {
            byte[] bytes = Snapshot(Populated().Store);
            TwinBench other = new TwinBench();
            other.EdgeActual("kept", "yes");

            for (int at = 0; at < bytes.Length; at += 7)
            {
                bytes[at] ^= 0x20;
                Assert.AreEqual(SnapshotStatus.Corrupt, other.Store.LoadSnapshot(bytes, bytes.Length), "byte " + at.ToString());
                bytes[at] ^= 0x20;
            }
            Assert.AreEqual(SnapshotStatus.Corrupt, other.Store.LoadSnapshot(bytes, bytes.Length - 1), "truncated");
            Assert.AreEqual("yes", other.Actual("kept"));
            Assert.AreEqual(-1, other.Slot("temp"));
        }

        [TestMethod]
        public void Writing_into_a_buffer_that_is_too_small_returns_minus_one()
        {
            TwinStore store = Populated().Store;

            Assert.AreEqual(-1, store.WriteSnapshot(new byte[store.SnapshotSize() - 1]));
        }
    }
}
