using EdgeNano.Board;
using EdgeNano.DeviceTests.Support;
using nanoFramework.TestFramework;

namespace EdgeNano.DeviceTests.Board
{
    /// <summary>
    /// The board file (board.json) as the device reads it at boot: a valid file gives every
    /// device, pin and report setting; a mistake is refused with a message naming the file, the
    /// device, the property and the field.
    /// </summary>
    [TestClass]
    public class BoardFileTests
    {
        /// <summary>boards/simulator/board.json, as shipped.</summary>
        private const string Simulator =
            "{\"board\":\"simulator\",\"mcu\":\"simulator\",\"devices\":[{\"id\":\"default/demo\",\"properties\":[" +
            "{\"key\":\"button\",\"kind\":\"input\",\"pin\":1,\"pull\":\"up\",\"activeLow\":true,\"debounceMs\":30," +
            "\"report\":{\"onChange\":true,\"minIntervalMs\":0,\"heartbeatMs\":300000}}," +
            "{\"key\":\"pulses\",\"kind\":\"counter\",\"pin\":2,\"pull\":\"down\",\"rateKey\":\"pulse_rate\",\"rateWindowMs\":1000," +
            "\"report\":{\"onChange\":true,\"minIntervalMs\":1000,\"heartbeatMs\":300000}}," +
            "{\"key\":\"led\",\"kind\":\"output\",\"pin\":3,\"initial\":false,\"report\":{\"onChange\":true,\"heartbeatMs\":300000}}]}]}";

        private static BoardDescription Parse(string json)
        {
            return BoardParser.Parse("board.json", TestBytes.Ascii(json));
        }

        /// <summary>A one-device board on the given MCU with the given properties (a JSON list's inside).</summary>
        private static BoardDescription Board(string mcu, string properties)
        {
            return Parse("{\"board\":\"b\",\"mcu\":\"" + mcu + "\",\"devices\":[{\"id\":\"default/d\",\"properties\":[" + properties + "]}]}");
        }

        [TestMethod]
        public void The_simulator_board_file_parses_with_every_field_of_every_property()
        {
            BoardDescription board = Parse(Simulator);

            Assert.IsTrue(board.IsValid, board.ErrorText());
            Assert.AreEqual("simulator", board.BoardId);
            Assert.AreEqual("simulator", board.Mcu);
            Assert.AreEqual(1, board.DeviceCount);
            BoardDevice demo = board.FindDevice("default/demo");
            Assert.IsNotNull(demo);
            Assert.AreEqual(3, demo.PropertyCount);

            PinBinding button = demo.FindProperty("button");
            Assert.AreEqual(PinKind.Input, button.Kind);
            Assert.AreEqual(1, button.Pin);
            Assert.AreEqual(PullMode.Up, button.Pull);
            Assert.IsTrue(button.ActiveLow);
            Assert.AreEqual(30, button.DebounceMs);
            Assert.AreEqual(300000, button.Report.HeartbeatMs);

            PinBinding pulses = demo.FindProperty("pulses");
            Assert.AreEqual(PinKind.Counter, pulses.Kind);
            Assert.AreEqual("pulse_rate", pulses.RateKey);
            Assert.AreEqual(1000, pulses.RateWindowMs);
            Assert.AreEqual(1000, pulses.Report.MinIntervalMs);

            PinBinding led = demo.FindProperty("led");
            Assert.AreEqual(PinKind.Output, led.Kind);
            Assert.IsFalse(led.Initial);
            Assert.AreEqual(0, board.WarningCount);
        }

        [TestMethod]
        [DataRow("esp32", "{\"key\":\"p\",\"kind\":\"input\",\"pin\":20}", "board.json: device default/d, property p, field pin: GPIO 20 does not exist on esp32")]
        [DataRow("esp32", "{\"key\":\"p\",\"kind\":\"output\",\"pin\":35}", "device default/d, property p, field pin: GPIO 35 is input-only on esp32")]
        [DataRow("esp32", "{\"key\":\"p\",\"kind\":\"input\",\"pin\":6}", "property p, field pin: GPIO 6 is wired to the SPI flash")]
        [DataRow("esp32", "{\"key\":\"p\",\"kind\":\"input\",\"pin\":36,\"pull\":\"up\"}", "property p, field pull: GPIO 36 has no internal pull resistors")]
        [DataRow("esp32", "{\"key\":\"p\",\"kind\":\"input\",\"pin\":4},{\"key\":\"q\",\"kind\":\"output\",\"pin\":4}", "property q, field pin: GPIO 4 is already used by device default/d, property p")]
        [DataRow("esp32", "{\"key\":\"bad key\",\"kind\":\"input\",\"pin\":4}", "property bad key, field key: KubeEdge rejects this key")]
        [DataRow("esp32", "{\"key\":\"p\",\"kind\":\"input\",\"pin\":4,\"type\":\"bool\"}", "property p, field type: 'bool' is not a KubeEdge twin type")]
        [DataRow("esp32", "{\"key\":\"p\",\"kind\":\"switch\",\"pin\":4}", "property p, field kind: 'switch' is not a kind")]
        [DataRow("esp32", "{\"key\":\"p\",\"kind\":\"input\"}", "property p, field pin: missing")]
        [DataRow("esp32", "{\"key\":\"p\",\"kind\":\"input\",\"pin\":\"4\"}", "property p, field pin: expected a whole number")]
        [DataRow("esp32", "{\"key\":\"p\",\"kind\":\"output\",\"pin\":4,\"debounceMs\":10}", "property p, field debounceMs: applies to inputs only")]
        [DataRow("esp32", "{\"key\":\"p\",\"kind\":\"input\",\"pin\":4,\"debounce\":10}", "property p, field debounce: unknown field")]
        [DataRow("esp32-s3", "{\"key\":\"p\",\"kind\":\"output\",\"pin\":27}", "property p, field pin: GPIO 27 is wired to the SPI flash / PSRAM on esp32-s3")]
        [DataRow("esp8266", "{\"key\":\"p\",\"kind\":\"input\",\"pin\":4}", "board.json: field mcu: 'esp8266' is not a known MCU")]
        [DataRow("stm32f769", "{\"key\":\"p\",\"kind\":\"input\",\"pin\":1}", "board.json: device default/d, property p, field pin: GPIO 1 (PA1) belongs to the Ethernet RMII PHY (LAN8742A) on stm32f769")]
        [DataRow("stm32f769", "{\"key\":\"p\",\"kind\":\"output\",\"pin\":80}", "property p, field pin: GPIO 80 (PF0) belongs to the SDRAM (FMC)")]
        [DataRow("stm32f769", "{\"key\":\"p\",\"kind\":\"output\",\"pin\":61}", "property p, field pin: GPIO 61 (PD13) belongs to the QSPI flash")]
        [DataRow("stm32f769", "{\"key\":\"p\",\"kind\":\"input\",\"pin\":10}", "property p, field pin: GPIO 10 (PA10) belongs to the ST-LINK's virtual COM port")]
        public void A_board_file_mistake_is_refused_naming_file_device_property_and_field(string mcu, string properties, string error)
        {
            BoardDescription board = Board(mcu, properties);

            Assert.IsFalse(board.IsValid);
            Assert.AreEqual(1, board.ErrorCount);
            Assert.Contains(error, board.ErrorAt(0));
        }

        [TestMethod]
        [DataRow("{\"board\":\"b\",\"mcu\":\"esp32\",\"devices\":[{\"id\":\"demo\",\"properties\":[{\"key\":\"p\",\"kind\":\"input\",\"pin\":4}]}]}", "device demo, field id: 'demo' is not \"namespace/name\"")]
        [DataRow("{\"board\":\"b\",\"mcu\":\"esp32\",\"devices\":[{\"id\":\"Prod/dev1\",\"properties\":[{\"key\":\"p\",\"kind\":\"input\",\"pin\":4}]}]}", "device Prod/dev1, field id: 'Prod/dev1' is not \"namespace/name\" as Kubernetes names them: the namespace 'Prod' must be")]
        [DataRow("{\"board\":\"b\",\"mcu\":\"esp32\",\"devices\":[{\"id\":\"default/My_Dev\",\"properties\":[{\"key\":\"p\",\"kind\":\"input\",\"pin\":4}]}]}", "device default/My_Dev, field id: 'default/My_Dev' is not \"namespace/name\" as Kubernetes names them: the name 'My_Dev' must be")]
        [DataRow("{\"board\":\"my\\nboard\",\"mcu\":\"esp32\",\"devices\":[{\"id\":\"a/b\",\"properties\":[{\"key\":\"p\",\"kind\":\"input\",\"pin\":4}]}]}", "board.json: field board: 'my\\nboard' is not a Kubernetes label value")]
        [DataRow("{\"board\":\"b\",\"mcu\":\"esp32\",\"devices\":[]}", "board.json: field devices: the board hosts no device")]
        [DataRow("{\"mcu\":\"esp32\",\"devices\":[{\"id\":\"a/b\",\"properties\":[{\"key\":\"p\",\"kind\":\"input\",\"pin\":4}]}]}", "board.json: field board: missing")]
        [DataRow("{\"board\":\"b\",\"mcu\":\"esp32\",\"devices\":[{\"id\":\"a/b\",\"properties\":[{\"key\":\"p\",\"kind\":\"input\",\"pin\":4,}]}]}", "board.json: device a/b, property p, invalid JSON at byte")]
        public void A_device_level_mistake_is_refused_with_its_place(string json, string error)
        {
            BoardDescription board = Parse(json);

            Assert.IsFalse(board.IsValid);
            Assert.Contains(error, board.ErrorText());
        }

        [TestMethod]
        [DataRow("esp32", 0)]
        [DataRow("esp32", 12)]
        [DataRow("esp32-s3", 46)]
        public void A_strapping_pin_is_allowed_with_a_warning(string mcu, int pin)
        {
            BoardDescription board = Board(mcu, "{\"key\":\"p\",\"kind\":\"output\",\"pin\":" + pin.ToString() + "}");

            Assert.IsTrue(board.IsValid, board.ErrorText());
            Assert.AreEqual(1, board.WarningCount);
            Assert.Contains("board.json: device default/d, property p, field pin: GPIO " + pin.ToString() + " is a strapping pin of " + mcu, board.WarningAt(0));
        }

        [TestMethod]
        public void The_same_pin_on_two_devices_names_the_first_user()
        {
            BoardDescription board = Parse("{\"board\":\"b\",\"mcu\":\"simulator\",\"devices\":[" +
                "{\"id\":\"a/one\",\"properties\":[{\"key\":\"x\",\"kind\":\"input\",\"pin\":7}]}," +
                "{\"id\":\"a/two\",\"properties\":[{\"key\":\"y\",\"kind\":\"output\",\"pin\":7}]}]}");

            Assert.AreEqual("board.json: device a/two, property y, field pin: GPIO 7 is already used by device a/one, property x", board.ErrorText());
        }

        [TestMethod]
        public void Bytes_that_are_not_JSON_give_an_error_not_an_exception()
        {
            BoardDescription board = BoardParser.Parse("board.json", new byte[] { 0xFF, 0x00, 0x7B });

            Assert.IsFalse(board.IsValid);
            Assert.StartsWith("board.json", board.ErrorAt(0));
        }
    }
}
