using EdgeNano.DeviceTests.Support;
using EdgeNano.DeviceTwin;
using nanoFramework.TestFramework;

namespace EdgeNano.DeviceTests.Twin
{
    /// <summary>
    /// The delta: over a device's properties that are not deleted and have a non-empty expected
    /// value, delta[key] = expected wherever expected differs from actual (a missing actual is "").
    /// </summary>
    [TestClass]
    public class TwinDeltaTests
    {
        [TestMethod]
        [DataRow("on", "off")]
        [DataRow("on", "")]
        [DataRow("10", "10.0")]
        [DataRow("On", "on")]
        public void A_property_whose_expected_differs_from_actual_is_in_the_delta(string expected, string actual)
        {
            TwinBench twin = new TwinBench();

            TwinResult result = twin.Edge("p", expected, actual, null);

            Assert.IsTrue(twin.Store.InDelta(twin.Slot("p")));
            Assert.AreEqual("p", twin.DeltaKeys(result));
        }

        [TestMethod]
        [DataRow("on", "on")]
        [DataRow("", "off")]
        [DataRow("", "")]
        public void A_property_whose_expected_is_empty_or_reached_is_not_in_the_delta(string expected, string actual)
        {
            TwinBench twin = new TwinBench();

            TwinResult result = twin.Edge("p", expected, actual, null);

            Assert.IsFalse(twin.Store.InDelta(twin.Slot("p")));
            Assert.AreEqual("", twin.DeltaKeys(result));
        }

        [TestMethod]
        public void An_expected_value_without_any_actual_is_in_the_delta()
        {
            TwinBench twin = new TwinBench();

            TwinResult result = twin.Edge("p", "on", null, null);

            Assert.AreEqual("p", twin.DeltaKeys(result));
        }

        [TestMethod]
        public void The_delta_covers_every_property_of_the_device_not_just_the_ones_an_update_touched()
        {
            TwinBench twin = new TwinBench();
            twin.Edge("a", "1", "0", null);
            twin.Edge("b", "x", "x", null);

            TwinResult result = twin.EdgeActual("c", "9");

            Assert.AreEqual("a", twin.DeltaKeys(result));
        }

        [TestMethod]
        public void Reaching_the_expected_value_empties_the_delta()
        {
            TwinBench twin = new TwinBench();
            Assert.AreEqual("relay", twin.DeltaKeys(twin.Edge("relay", "on", "off", null)));

            TwinResult reached = twin.EdgeActual("relay", "on");

            Assert.AreEqual(0, reached.DeltaCount);
        }

        [TestMethod]
        public void A_deleted_property_leaves_the_delta()
        {
            TwinBench twin = new TwinBench();
            twin.Edge("a", "1", null, null);

            TwinResult result = twin.EdgeDelete("a");

            Assert.AreEqual("", twin.DeltaKeys(result));
        }
    }
}
