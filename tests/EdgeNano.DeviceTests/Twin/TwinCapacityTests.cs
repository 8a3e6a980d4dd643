using EdgeNano.DeviceTests.Support;
using EdgeNano.DeviceTwin;
using nanoFramework.TestFramework;

namespace EdgeNano.DeviceTests.Twin
{
    /// <summary>Every capacity is fixed when the store is built; a full one is a counted 500, never a crash.</summary>
    [TestClass]
    public class TwinCapacityTests
    {
        [TestMethod]
        public void A_device_with_every_row_taken_refuses_a_new_property_and_keeps_updating_the_others()
        {
            TwinConfig config = new TwinConfig();
            config.PropertiesPerDevice = 4;
            TwinBench twin = new TwinBench(config);
            for (int i = 0; i < 4; i++) Assert.AreEqual(TwinStatus.Ok, twin.EdgeActual("p" + i.ToString(), "1").Status);

            TwinResult refused = twin.EdgeActual("p4", "1");

            Assert.AreEqual(TwinStatus.InternalError, refused.Status);
            Assert.AreEqual(TwinReasons.TooManyProperties, refused.Reason);
            Assert.AreEqual(1, twin.Store.TableFullCount);
            Assert.AreEqual(TwinStatus.Ok, twin.EdgeActual("p2", "2").Status);
            Assert.AreEqual("2", twin.Actual("p2"));
        }

        [TestMethod]
        public void Registering_more_devices_than_configured_fails_and_is_counted()
        {
            TwinConfig config = new TwinConfig();
            config.MaxDevices = 2;
            TwinStore store = new TwinStore(config, new TestClock(0));

            Assert.AreEqual(0, store.RegisterDevice("default/a"));
            Assert.AreEqual(1, store.RegisterDevice("default/b"));
            Assert.AreEqual(0, store.RegisterDevice("default/a"), "registering again gives the same index");
            Assert.AreEqual(-1, store.RegisterDevice("default/c"));
            Assert.AreEqual(1, store.TableFullCount);
        }

        [TestMethod]
        public void A_full_value_storage_refuses_the_update_and_applies_none_of_it()
        {
            TwinConfig config = new TwinConfig();
            config.ArenaBytes = 64;
            TwinBench twin = new TwinBench(config);
            Assert.AreEqual(TwinStatus.Ok, twin.EdgeActual("a", new string('1', 20)).Status);

            TwinResult refused = twin.EdgeActual("b", new string('2', 40));

            Assert.AreEqual(TwinStatus.InternalError, refused.Status);
            Assert.AreEqual(TwinReasons.StorageFull, refused.Reason);
            Assert.AreEqual(1, twin.Store.StorageFullCount);
            Assert.AreEqual(-1, twin.Slot("b"));
            Assert.AreEqual(TwinStatus.Ok, twin.EdgeActual("b", "2").Status, "a value that fits is still taken");
        }

        [TestMethod]
        public void Values_that_keep_changing_length_fit_again_and_again_in_a_small_storage()
        {
            TwinConfig config = new TwinConfig();
            config.ArenaBytes = 512;
            TwinBench twin = new TwinBench(config);
            for (int i = 0; i < 4; i++) twin.EdgeActual("k" + i.ToString(), "0");

            for (int round = 0; round < 200; round++)
            {
                string key = "k" + (round % 4).ToString();
                string value = new string('v', 1 + round % 61);
                Assert.AreEqual(TwinStatus.Ok, twin.EdgeActual(key, value).Status);
                Assert.AreEqual(value, twin.Actual(key));
            }
            Assert.AreEqual(0, twin.Store.StorageFullCount);
        }
    }
}
