using EdgeNano.DeviceTests.Support;
using EdgeNano.DeviceTwin;
using nanoFramework.TestFramework;

namespace EdgeNano.DeviceTests.Twin
{
    /// <summary>What the device itself reports (edgecore's twin/update from the edge).</summary>
    [TestClass]
    public class TwinEdgeUpdateTests
    {
        [TestMethod]
        public void A_first_report_creates_the_property_as_a_string_with_edge_version_one()
        {
            TwinBench twin = new TwinBench();
            twin.Clock.Now = 1234;

            TwinResult result = twin.EdgeActual("state", "stop");

            Assert.AreEqual(TwinStatus.Ok, result.Status);
            Assert.AreEqual(1, result.Count);
            Assert.IsTrue(result.Has(0, TwinResult.Added));
            Assert.IsFalse(result.LastPresent(0), "a new property's document 'last' is null");
            Assert.AreEqual("stop", twin.Actual("state"));
            Assert.IsNull(twin.Expected("state"));
            Assert.AreEqual("string", twin.Type("state"));
            Assert.IsTrue(twin.Store.Optional(twin.Slot("state")), "optional defaults to true");
            Assert.AreEqual("0/1", twin.ActualVersion("state"));
            Assert.AreEqual(1234L, twin.Store.ActualTimestamp(twin.Slot("state")));
        }

        [TestMethod]
        public void An_unchanged_report_changes_nothing_and_bumps_no_version()
        {
            TwinBench twin = new TwinBench();
            twin.Clock.Now = 100;
            twin.Edge("temp", null, "21", "int");
            twin.Clock.Now = 200;

            TwinResult result = twin.EdgeActual("temp", "21");

            Assert.AreEqual(TwinStatus.Ok, result.Status);
            Assert.IsTrue(result.NoChange);
            Assert.AreEqual("0/1", twin.ActualVersion("temp"));
            Assert.AreEqual(100L, twin.Store.ActualTimestamp(twin.Slot("temp")));
        }

        [TestMethod]
        public void A_changed_report_keeps_the_last_value_and_timestamp_for_the_document()
        {
            TwinBench twin = new TwinBench();
            twin.Clock.Now = 100;
            twin.Edge("temp", null, "21", "int");
            twin.Clock.Now = 200;

            TwinResult result = twin.EdgeActual("temp", "22");

            Assert.AreEqual(1, result.Count);
            Assert.IsTrue(result.Has(0, TwinResult.ActualChanged));
            Assert.IsFalse(result.Has(0, TwinResult.ExpectedChanged));
            Assert.IsTrue(result.LastPresent(0));
            Assert.AreEqual("21", TestBytes.AsciiText(result.ArenaBytes, result.LastActualOffset(0), result.LastActualLength(0)));
            Assert.AreEqual(100L, result.LastActualTimestamp(0));
            Assert.AreEqual("22", twin.Actual("temp"));
            Assert.AreEqual("0/2", twin.ActualVersion("temp"));
        }

        [TestMethod]
        [DataRow("int", "12.5", TwinReasons.NotInt)]
        [DataRow("int", "9223372036854775808", TwinReasons.NotInt)]
        [DataRow("integer", "0x10", TwinReasons.NotInt)]
        [DataRow("float", "abc", TwinReasons.NotFloat)]
        [DataRow("float", "1e309", TwinReasons.NotFloat)]
        [DataRow("boolean", "True", TwinReasons.NotBoolean)]
        [DataRow("boolean", "1", TwinReasons.NotBoolean)]
        public void A_value_that_does_not_parse_as_its_type_is_refused_with_edgecores_reason(string type, string value, string reason)
        {
            TwinBench twin = new TwinBench();

            TwinResult result = twin.Edge("p", null, value, type);

            Assert.AreEqual(TwinStatus.BadRequest, result.Status);
            Assert.AreEqual(reason, result.Reason);
            Assert.AreEqual(-1, twin.Slot("p"), "nothing is stored");
        }

        [TestMethod]
        [DataRow("int", "-9223372036854775808")]
        [DataRow("integer", "42")]
        [DataRow("float", "21.5")]
        [DataRow("float", "-1.5e-3")]
        [DataRow("boolean", "false")]
        [DataRow("string", "running")]
        public void A_value_that_parses_as_its_type_is_stored_with_that_type(string type, string value)
        {
            TwinBench twin = new TwinBench();

            TwinResult result = twin.Edge("p", null, value, type);

            Assert.AreEqual(TwinStatus.Ok, result.Status);
            Assert.AreEqual(value, twin.Actual("p"));
            Assert.AreEqual(type, twin.Type("p"));
        }

        [TestMethod]
        [DataRow("bad key")]
        [DataRow("temp+1")]
        [DataRow("temp=1")]
        [DataRow("")]
        public void A_key_outside_edgecores_pattern_is_refused(string key)
        {
            TwinBench twin = new TwinBench();

            TwinResult result = twin.EdgeActual(key, "1");

            Assert.AreEqual(TwinStatus.BadRequest, result.Status);
            Assert.AreEqual(TwinReasons.BadKey, result.Reason);
            Assert.AreEqual(0, twin.Store.PropertyCount(twin.Device));
        }

        [TestMethod]
        public void An_update_with_one_bad_property_applies_none_of_its_properties()
        {
            TwinBench twin = new TwinBench();
            twin.Edge("count", null, "1", "int");
            TwinUpdate update = twin.NewUpdate();
            TwinBench.Put(update, "fresh", null, "x", null);
            TwinBench.Put(update, "count", null, "many", null);

            TwinResult result = twin.Store.ApplyEdgeUpdate(twin.Device, update);

            Assert.AreEqual(TwinStatus.BadRequest, result.Status);
            Assert.AreEqual(1, result.FailedChange);
            Assert.AreEqual(-1, twin.Slot("fresh"));
            Assert.AreEqual("1", twin.Actual("count"));
        }

        [TestMethod]
        public void Deleting_a_non_optional_property_is_refused_and_changes_nothing()
        {
            TwinBench twin = new TwinBench();
            twin.EdgeOptional("serial", "A1", false);

            TwinResult result = twin.EdgeDelete("serial");

            Assert.AreEqual(TwinStatus.BadRequest, result.Status);
            Assert.AreEqual(TwinReasons.NotOptional, result.Reason);
            Assert.IsFalse(twin.Store.IsDeleted(twin.Slot("serial")));
            Assert.AreEqual("A1", twin.Actual("serial"));
        }

        [TestMethod]
        public void Deleting_keeps_the_row_as_deleted_and_bumps_both_edge_counters()
        {
            TwinBench twin = new TwinBench();
            twin.Edge("lamp", "on", "off", null);

            TwinResult result = twin.EdgeDelete("lamp");

            Assert.AreEqual(TwinStatus.Ok, result.Status);
            Assert.IsTrue(result.Has(0, TwinResult.Deleted));
            Assert.IsTrue(twin.Store.IsDeleted(twin.Slot("lamp")));
            Assert.AreEqual("deleted", twin.Type("lamp"));
            Assert.IsNull(twin.Actual("lamp"));
            Assert.AreEqual("0/2", twin.ExpectedVersion("lamp"));
            Assert.AreEqual("0/2", twin.ActualVersion("lamp"));
            Assert.IsTrue(twin.EdgeDelete("lamp").NoChange, "deleting again changes nothing");
        }

        [TestMethod]
        public void An_update_for_an_unregistered_device_is_not_found()
        {
            TwinBench twin = new TwinBench();
            TwinUpdate update = twin.NewUpdate();
            TwinBench.Put(update, "k", null, "1", null);

            TwinResult result = twin.Store.ApplyEdgeUpdate(twin.Device + 1, update);

            Assert.AreEqual(TwinStatus.NotFound, result.Status);
            Assert.AreEqual(TwinReasons.DeviceMissing, result.Reason);
        }
    }
}
