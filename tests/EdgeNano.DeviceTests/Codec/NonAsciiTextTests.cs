using EdgeNano.DeviceTests.Support;
using EdgeNano.DeviceTwin.Json;
using EdgeNano.DeviceTwin.Wire;
using nanoFramework.TestFramework;

namespace EdgeNano.DeviceTests.Codec
{
    /// <summary>
    /// Text that is not ASCII travels as UTF-8 both ways, byte for byte: accents ("café"),
    /// Chinese ("温度", temperature) and characters beyond U+FFFF ("🌡", U+1F321, a surrogate
    /// pair in a .NET string), whether the payload holds them raw or as \u escapes.
    /// Expected bytes are written out in hex, independent of the code under test.
    /// </summary>
    [TestClass]
    public class NonAsciiTextTests
    {
        private const string Cafe = "caf\u00e9";                  // café
        private const string CafeUtf8 = "636166c3a9";
        private const string Temperature = "\u6e29\u5ea6";        // 温度
        private const string TemperatureUtf8 = "e6b8a9e5baa6";
        private const string Thermometer = "\U0001F321";         // 🌡
        private const string ThermometerUtf8 = "f09f8ca1";

        private static TwinDecoder _decoder;
        private static TwinMessage _message;
        private static TwinEncoder _encoder;
        private static byte[] _buffer;

        [Setup]
        public void The_codec_and_its_buffers_are_allocated_once_as_on_the_device()
        {
            _decoder = new TwinDecoder();
            _message = new TwinMessage();
            _encoder = new TwinEncoder();
            _buffer = new byte[1024];
        }

        [Cleanup]
        public void The_codec_and_its_buffers_are_released()
        {
            _decoder = null;
            _message = null;
            _encoder = null;
            _buffer = null;
        }

        /// <summary>{"twin":{KEY:{"actual":{"value":VALUE}}}} around raw key and value bytes.</summary>
        private static byte[] ActualPayload(byte[] key, byte[] value)
        {
            return TestBytes.Join(TestBytes.Ascii("{\"twin\":{\""), key, TestBytes.Ascii("\":{\"actual\":{\"value\":\""),
                value, TestBytes.Ascii("\"}}}}"));
        }

        private static string Hex(WireText text)
        {
            return TestBytes.Hex(text.Buffer, text.Offset, text.Length);
        }

        private static TwinProperty DecodedProperty(byte[] payload)
        {
            Assert.IsTrue(_decoder.Decode(payload, 0, payload.Length, _message), _decoder.Error);
            Assert.AreEqual(1, _message.PropertyCount);
            return _message.PropertyAt(0);
        }

        [TestMethod]
        [DataRow(CafeUtf8)]
        [DataRow(TemperatureUtf8)]
        [DataRow(ThermometerUtf8)]
        [DataRow("f09f8ca1203231c2b0")]
        public void Raw_UTF8_in_a_value_is_kept_byte_for_byte(string utf8Hex)
        {
            TwinProperty p = DecodedProperty(ActualPayload(TestBytes.Ascii("t"), TestBytes.FromHex(utf8Hex)));

            Assert.AreEqual(utf8Hex, Hex(p.Twin.Actual.Value));
        }

        [TestMethod]
        [DataRow("caf\\u00e9", CafeUtf8)]
        [DataRow("\\u6e29\\u5ea6", TemperatureUtf8)]
        [DataRow("\\ud83c\\udf21", ThermometerUtf8)]
        [DataRow("\\uD83C\\uDF21 21\\u00B0", "f09f8ca1203231c2b0")]
        public void A_JSON_escape_decodes_to_the_UTF8_of_its_character(string escaped, string utf8Hex)
        {
            TwinProperty p = DecodedProperty(ActualPayload(TestBytes.Ascii("t"), TestBytes.Ascii(escaped)));

            Assert.AreEqual(utf8Hex, Hex(p.Twin.Actual.Value));
        }

        [TestMethod]
        [DataRow("caf\\u00e9", CafeUtf8)]
        [DataRow("\\uD83C\\uDF21 21\\u00B0", "f09f8ca1203231c2b0")]
        [DataRow("a\\\"b\\\\c\\n", "6122625c630a")]
        public void Read_in_place_an_escape_decodes_over_its_own_text_to_the_same_UTF8(string escaped, string utf8Hex)
        {
            // As devicetwin reads on the device: no arena, no scratch buffer; the text stays in the payload.
            byte[] payload = ActualPayload(TestBytes.Ascii("t"), TestBytes.Ascii(escaped));
            TwinMessage message = new TwinMessage(1, 4, 0, false);
            TwinDecoder decoder = TwinDecoder.InPlace(payload.Length, 8);

            Assert.IsTrue(decoder.Decode(payload, 0, payload.Length, message), decoder.Error);

            WireText value = message.PropertyAt(0).Twin.Actual.Value;
            Assert.AreEqual(utf8Hex, Hex(value));
            Assert.IsTrue(value.Buffer == payload, "the decoded text is the payload's own bytes");
        }

        [TestMethod]
        public void Decoded_text_reads_back_as_the_same_string()
        {
            byte[] payload = ActualPayload(TestBytes.FromHex(TemperatureUtf8), TestBytes.FromHex(CafeUtf8 + "20" + ThermometerUtf8));

            TwinProperty p = DecodedProperty(payload);

            Assert.AreEqual(Temperature, p.Key.GetString());
            Assert.AreEqual(Cafe + " " + Thermometer, p.Twin.Actual.Value.GetString());
            Assert.AreEqual(7, p.Twin.Actual.Value.GetString().Length, "U+1F321 is two UTF-16 chars");
        }

        [TestMethod]
        public void A_key_in_Chinese_is_found_by_its_UTF8_bytes()
        {
            byte[] key = TestBytes.FromHex(TemperatureUtf8);
            DecodedProperty(ActualPayload(key, TestBytes.Ascii("21")));

            Assert.IsNotNull(_message.FindProperty(key, 0, key.Length));
            Assert.AreEqual("21", _message.FindProperty(key, 0, key.Length).Twin.Actual.Value.GetString());
        }

        [TestMethod]
        [DataRow("\\ud83c")]
        [DataRow("\\udf21")]
        [DataRow("\\ud83cx")]
        [DataRow("\\ud83c\\u0041")]
        public void A_lone_surrogate_escape_is_refused(string escaped)
        {
            byte[] payload = ActualPayload(TestBytes.Ascii("t"), TestBytes.Ascii(escaped));

            Assert.IsFalse(_decoder.Decode(payload, 0, payload.Length, _message));
            Assert.AreEqual(JsonError.LoneSurrogate, _decoder.Error);
        }

        [TestMethod]
        [DataRow("c328")]
        [DataRow("c0af")]
        [DataRow("eda080")]
        [DataRow("f4908080")]
        [DataRow("e6b8")]
        [DataRow("ff")]
        public void Bytes_that_are_not_UTF8_are_refused(string badHex)
        {
            byte[] payload = ActualPayload(TestBytes.Ascii("t"), TestBytes.FromHex(badHex));

            Assert.IsFalse(_decoder.Decode(payload, 0, payload.Length, _message));
            Assert.AreEqual(JsonError.InvalidUtf8, _decoder.Error);
        }

        [TestMethod]
        public void The_device_reports_non_ASCII_keys_and_values_as_UTF8()
        {
            _encoder.BeginTwinUpdate(_buffer, 0, _buffer.Length, "e", 1);
            _encoder.AddActual(Temperature, Cafe, "string", 0);
            _encoder.AddActual("icon", Thermometer + " 21\u00b0", null, 0);
            int length = _encoder.EndTwinUpdate();

            byte[] expected = TestBytes.Join(
                TestBytes.Ascii("{\"event_id\":\"e\",\"timestamp\":1,\"twin\":{\""), TestBytes.FromHex(TemperatureUtf8),
                TestBytes.Ascii("\":{\"actual\":{\"value\":\""), TestBytes.FromHex(CafeUtf8),
                TestBytes.Ascii("\"},\"metadata\":{\"type\":\"string\"}},\"icon\":{\"actual\":{\"value\":\""),
                TestBytes.FromHex(ThermometerUtf8 + "203231c2b0"), TestBytes.Ascii("\"}}}}"));
            Assert.AreEqual(TestBytes.Hex(expected), TestBytes.Hex(_buffer, 0, length));
        }

        [TestMethod]
        public void Non_ASCII_text_survives_encode_then_decode()
        {
            _encoder.BeginTwinUpdate(_buffer, 0, _buffer.Length, Thermometer, 1);
            _encoder.AddTwin(Temperature, Cafe, Thermometer, "string", 7);
            int length = _encoder.EndTwinUpdate();

            TwinProperty p = DecodedProperty(TestBytes.Slice(_buffer, 0, length));

            Assert.AreEqual(Thermometer, _message.EventId.GetString());
            Assert.AreEqual(Temperature, p.Key.GetString());
            Assert.AreEqual(Cafe, p.Twin.Expected.Value.GetString());
            Assert.AreEqual(Thermometer, p.Twin.Actual.Value.GetString());
        }

        [TestMethod]
        public void A_lone_surrogate_in_device_text_is_written_as_the_replacement_character()
        {
            _encoder.BeginTwinUpdate(_buffer, 0, _buffer.Length, "e", 1);
            _encoder.AddActual("k", "a\ud83cb", null, 0);
            int length = _encoder.EndTwinUpdate();

            Assert.Contains("61efbfbd62", TestBytes.Hex(_buffer, 0, length), "a U+FFFD b");
        }

        [TestMethod]
        public void Quotes_backslashes_and_control_characters_are_escaped()
        {
            JsonWriter writer = new JsonWriter();
            writer.Reset(_buffer, 0);

            writer.WriteString("say \"hi\"\\\n\u0001");

            Assert.IsFalse(writer.Overflow);
            Assert.AreEqual("\"say \\\"hi\\\"\\\\\\u000a\\u0001\"", TestBytes.AsciiText(_buffer, 0, writer.Length));
        }

        [TestMethod]
        public void Devicetwin_UTF8_encoder_writes_each_character_as_the_standard_bytes()
        {
            Assert.AreEqual(CafeUtf8, TestBytes.Hex(TestBytes.Utf8Of(Cafe)));
            Assert.AreEqual(TemperatureUtf8, TestBytes.Hex(TestBytes.Utf8Of(Temperature)));
            Assert.AreEqual(ThermometerUtf8, TestBytes.Hex(TestBytes.Utf8Of(Thermometer)));
            Assert.AreEqual("efbfbd", TestBytes.Hex(TestBytes.Utf8Of("\udf21")), "a lone low surrogate");
        }
    }
}
