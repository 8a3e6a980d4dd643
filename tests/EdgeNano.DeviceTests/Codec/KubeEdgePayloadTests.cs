using EdgeNano.DeviceTests.Support;
using EdgeNano.DeviceTwin.Json;
using EdgeNano.DeviceTwin.Wire;
using nanoFramework.TestFramework;

namespace EdgeNano.DeviceTests.Codec
{
    /// <summary>
    /// The payloads KubeEdge's edgecore sends a device (the twin protocol's own examples) decode
    /// into the fields the device acts on.
    /// </summary>
    [TestClass]
    public class KubeEdgePayloadTests
    {
        private static TwinDecoder _decoder;
        private static TwinMessage _message;

        [Setup]
        public void A_decoder_and_a_message_are_allocated_once_as_on_the_device()
        {
            _decoder = new TwinDecoder();
            _message = new TwinMessage();
        }

        [Cleanup]
        public void The_decoder_and_the_message_are_released()
        {
            _decoder = null;
            _message = null;
        }

        private static TwinMessage Decoded(string json)
        {
            byte[] bytes = TestBytes.Ascii(json);
            Assert.IsTrue(_decoder.Decode(bytes, 0, bytes.Length, _message), _decoder.Error);
            return _message;
        }

        [TestMethod]
        public void A_twin_update_with_an_actual_value_and_its_type_decodes()
        {
            TwinMessage m = Decoded("{\"event_id\":\"\",\"timestamp\":1656033557685,\"twin\":{\"pv_meter\":{\"actual\":{\"metadata\":{},\"value\":\"19\"},\"metadata\":{\"type\":\"int\"}}}}");

            Assert.IsTrue(m.EventId.HasValue);
            Assert.AreEqual(0, m.EventId.Length);
            Assert.AreEqual(1656033557685L, m.Timestamp);
            Assert.AreEqual(1, m.PropertyCount);
            TwinProperty p = m.PropertyAt(0);
            Assert.IsTrue(p.Key.Equals("pv_meter"));
            Assert.AreEqual("19", p.Twin.Actual.Value.GetString());
            Assert.IsFalse(p.Twin.Actual.HasTimestamp);
            Assert.AreEqual(Presence.Absent, p.Twin.Expected.Presence);
            Assert.AreEqual("int", p.Twin.Type.GetString());
            Assert.AreEqual(Presence.Absent, m.DeltaPresence);
        }

        [TestMethod]
        public void A_delta_decodes_with_its_expected_value_timestamp_and_delta_map()
        {
            TwinMessage m = Decoded("{\"event_id\":\"b962\",\"timestamp\":1557314742131,\"twin\":{\"state\":{\"expected\":{\"value\":\"running\",\"metadata\":{\"timestamp\":1557314742122}},\"optional\":true,\"metadata\":{\"type\":\"string\"}}},\"delta\":{\"state\":\"running\"}}");

            TwinState twin = m.FindProperty("state").Twin;
            Assert.AreEqual("running", twin.Expected.Value.GetString());
            Assert.AreEqual(1557314742122L, twin.Expected.Timestamp);
            Assert.IsTrue(twin.HasOptional && twin.Optional);
            Assert.AreEqual(Presence.Absent, twin.Actual.Presence);
            Assert.AreEqual(1, m.DeltaCount);
            Assert.AreEqual("running", m.FindDelta("state").GetString());
            Assert.IsNull(m.FindDelta("other"));
        }

        [TestMethod]
        public void A_get_result_decodes_the_expected_value_the_device_must_apply()
        {
            TwinMessage m = Decoded("{\"event_id\":\"123456\",\"timestamp\":1557317510926,\"twin\":{\"state\":{\"expected\":{\"value\":\"stop\",\"metadata\":{\"timestamp\":1557316778931}},\"optional\":true,\"metadata\":{\"type\":\"string\"}}}}");

            Assert.AreEqual("123456", m.EventId.GetString());
            TwinState twin = m.FindProperty("state").Twin;
            Assert.AreEqual("stop", twin.Expected.Value.GetString());
            Assert.AreEqual(1557316778931L, twin.Expected.Timestamp);
            Assert.AreEqual("string", twin.Type.GetString());
        }

        [TestMethod]
        public void A_cloud_sync_carries_its_version_pairs()
        {
            TwinMessage m = Decoded("{\"event_id\":\"s1\",\"timestamp\":1700000000000,\"twin\":{\"fan\":{\"expected\":{\"value\":\"on\"},\"expected_version\":{\"cloud\":3,\"edge\":1},\"actual_version\":null}}}");

            TwinState twin = m.FindProperty("fan").Twin;
            Assert.AreEqual(Presence.Value, twin.ExpectedVersion.Presence);
            Assert.AreEqual(3L, twin.ExpectedVersion.Cloud);
            Assert.AreEqual(1L, twin.ExpectedVersion.Edge);
            Assert.AreNotEqual(Presence.Value, twin.ActualVersion.Presence);
        }

        [TestMethod]
        public void An_error_result_decodes_to_its_code_and_reason()
        {
            TwinMessage m = Decoded("{\"event_id\":\"e-7\",\"timestamp\":1700000000123,\"code\":400,\"reason\":\"the value is not float\"}");

            Assert.IsTrue(m.HasCode);
            Assert.AreEqual(400L, m.Code);
            Assert.AreEqual("the value is not float", m.Reason.GetString());
            Assert.AreEqual(0, m.PropertyCount);
        }

        [TestMethod]
        public void A_membership_update_lists_added_and_removed_devices()
        {
            TwinMessage m = Decoded("{\"event_id\":\"m\",\"timestamp\":1,\"added_devices\":[{\"id\":\"default/thermo-01\",\"name\":\"thermo-01\",\"description\":\"x\",\"twin\":{\"t\":{}}}],\"removed_devices\":[{\"id\":\"old\",\"state\":\"offline\"}]}");

            Assert.AreEqual(2, m.MemberCount);
            Assert.AreEqual(MemberDevice.Added, m.MemberAt(0).List);
            Assert.AreEqual("default/thermo-01", m.MemberAt(0).Id.GetString());
            Assert.AreEqual(MemberDevice.Removed, m.MemberAt(1).List);
            Assert.AreEqual("offline", m.MemberAt(1).State.GetString());
        }

        [TestMethod]
        public void Unknown_fields_field_order_and_whitespace_do_not_matter()
        {
            TwinMessage m = Decoded(" {\n \"twin\" : { \"door\" : { \"metadata\" : {\"type\":\"string\", \"extra\": [1, {\"a\": null}]}, \"actual\" : { \"value\" : \"open\" } } } ,\r\n\t\"timestamp\": 5, \"future_field\": true, \"event_id\": \"x\" } ");

            Assert.AreEqual("x", m.EventId.GetString());
            Assert.AreEqual(5L, m.Timestamp);
            Assert.AreEqual("open", m.FindProperty("door").Twin.Actual.Value.GetString());
        }

        [TestMethod]
        [DataRow("[1,2]", TwinWireError.NotAnObject)]
        [DataRow("{\"twin\":\"on\"}", TwinWireError.WrongType)]
        [DataRow("{\"twin\":{\"a\":{\"actual\":{\"value\":19}}}}", TwinWireError.WrongType)]
        [DataRow("{\"timestamp\":1.5}", TwinWireError.NotAnInt64)]
        [DataRow("{\"timestamp\":9223372036854775808}", TwinWireError.NotAnInt64)]
        [DataRow("{\"twin\":{\"a\":{\"actual\":{\"value\":\"1\"}},}}", JsonError.TrailingComma)]
        [DataRow("{\"event_id\":\"x\"", JsonError.Truncated)]
        [DataRow("{\"event_id\":\"x\"} {}", JsonError.DataAfterRoot)]
        public void A_payload_that_is_not_a_twin_message_is_refused_with_a_reason(string json, string reason)
        {
            byte[] bytes = TestBytes.Ascii(json);

            Assert.IsFalse(_decoder.Decode(bytes, 0, bytes.Length, _message));
            Assert.AreEqual(reason, _decoder.Error);
        }

        [TestMethod]
        public void More_properties_than_the_message_holds_is_a_clean_error()
        {
            TwinMessage small = new TwinMessage(1024, 2, false);
            byte[] bytes = TestBytes.Ascii("{\"twin\":{\"a\":{},\"b\":{},\"c\":{}}}");

            Assert.IsFalse(_decoder.Decode(bytes, 0, bytes.Length, small));
            Assert.AreEqual(TwinWireError.TooManyEntries, _decoder.Error);
        }
    }
}
