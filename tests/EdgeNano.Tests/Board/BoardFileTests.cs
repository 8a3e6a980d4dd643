using System.Text;
using EdgeNano.Board;

namespace EdgeNano.Tests.Board;

public class BoardFileTests
{
    private static BoardDescription Parse(string json) => BoardParser.Parse("board.json", Encoding.UTF8.GetBytes(json));

    private static string Esp32(string properties, string mcu = "esp32") =>
        $"{{\"board\":\"b\",\"mcu\":\"{mcu}\",\"devices\":[{{\"id\":\"default/d\",\"properties\":[{properties}]}}]}}";

    public static TheoryData<string> ShippedBoards => new() { "esp32-devkitc", "esp32-s3-devkitc", "stm32f769i-disco", "rpi4", "simulator" };

    [Theory]
    [MemberData(nameof(ShippedBoards))]
    public void Every_shipped_board_file_parses_and_validates_without_errors(string board)
    {
        string path = Path.Combine(BuildPaths.RepoRoot, "boards", board, "board.json");
        var description = BoardParser.Parse(path, File.ReadAllBytes(path));

        Assert.True(description.IsValid, description.ErrorText());
        Assert.Equal(board, description.BoardId);
        Assert.NotNull(McuPinTable.For(description.Mcu));
    }

    [Fact]
    public void The_simulator_board_hosts_default_demo_with_button_pulses_and_led()
    {
        string path = Path.Combine(BuildPaths.RepoRoot, "boards", "simulator", "board.json");
        var demo = BoardParser.Parse(path, File.ReadAllBytes(path)).FindDevice("default/demo");

        Assert.NotNull(demo);
        Assert.Equal(PinKind.Input, demo.FindProperty("button")?.Kind);
        Assert.Equal(PinKind.Counter, demo.FindProperty("pulses")?.Kind);
        Assert.Equal(PinKind.Output, demo.FindProperty("led")?.Kind);
    }

    [Fact]
    public void The_STM32F769I_DISCOVERY_board_numbers_pins_port_times_16_plus_pin()
    {
        string path = Path.Combine(BuildPaths.RepoRoot, "boards", "stm32f769i-disco", "board.json");
        var device = BoardParser.Parse(path, File.ReadAllBytes(path)).FindDevice("default/stm32f769i-disco")!;

        Assert.Equal(0, device.FindProperty("button")!.Pin);            // PA0, the blue user button
        Assert.Equal(9 * 16 + 13, device.FindProperty("led")!.Pin);     // PJ13, LD1 red
        Assert.Equal(9 * 16 + 5, device.FindProperty("led_green")!.Pin); // PJ5, LD2 green
        Assert.Equal(9 * 16 + 1, device.FindProperty("door")!.Pin);     // PJ1, Arduino D2
    }

    [Theory]
    [InlineData(109, "GPIO 109 (PG13) belongs to the Ethernet RMII PHY (LAN8742A) on stm32f769 (STM32F769I-DISCOVERY)")]
    [InlineData(80, "GPIO 80 (PF0) belongs to the SDRAM (FMC), where nanoFramework keeps its managed heap on stm32f769 (STM32F769I-DISCOVERY)")]
    [InlineData(20, "GPIO 20 (PB4) belongs to the microSD card slot, EdgeNano's storage (D:) on stm32f769 (STM32F769I-DISCOVERY)")]
    public void The_STM32F769I_DISCOVERY_board_file_with_its_led_on_a_board_owned_pin_is_refused_naming_file_property_and_pin(int pin, string why)
    {
        string path = Path.Combine(BuildPaths.RepoRoot, "boards", "stm32f769i-disco", "board.json");
        string json = File.ReadAllText(path).Replace("\"pin\": 157", "\"pin\": " + pin);
        var board = BoardParser.Parse(path, Encoding.UTF8.GetBytes(json));

        Assert.False(board.IsValid);
        Assert.Equal(1, board.ErrorCount);
        Assert.Equal(path + ": device default/stm32f769i-disco, property led, field pin: " + why, board.ErrorAt(0));
    }

    [Fact]
    public void Every_field_of_a_property_is_read()
    {
        var board = Parse(Esp32("""
            {"key":"b","kind":"input","pin":4,"pull":"up","activeLow":true,"debounceMs":25,"type":"boolean",
             "report":{"onChange":false,"minIntervalMs":100,"heartbeatMs":60000}},
            {"key":"c","kind":"counter","pin":13,"pull":"down","rateKey":"c_rate","rateWindowMs":5000},
            {"key":"o","kind":"output","pin":23,"initial":true}
            """));

        Assert.True(board.IsValid, board.ErrorText());
        var device = board.DeviceAt(0);
        var b = device.FindProperty("b")!;
        Assert.Equal((4, PullMode.Up, true, 25), (b.Pin, b.Pull, b.ActiveLow, b.DebounceMs));
        Assert.Equal((false, 100, 60000), (b.Report.OnChange, b.Report.MinIntervalMs, b.Report.HeartbeatMs));
        var c = device.FindProperty("c")!;
        Assert.Equal((PinKind.Counter, "c_rate", 5000, PullMode.Down), (c.Kind, c.RateKey, c.RateWindowMs, c.Pull));
        Assert.True(device.FindProperty("o")!.Initial);
    }

    // Each case: the properties, then a fragment the one error must contain (file, device, property, field, problem).
    public static TheoryData<string, string, string> Refusals => new()
    {
        { "esp32", """{"key":"p","kind":"input","pin":20}""", "board.json: device default/d, property p, field pin: GPIO 20 does not exist on esp32" },
        { "esp32", """{"key":"p","kind":"input","pin":40}""", "board.json: device default/d, property p, field pin: GPIO 40 does not exist on esp32" },
        { "esp32", """{"key":"p","kind":"input","pin":4},{"key":"q","kind":"output","pin":4}""", "device default/d, property q, field pin: GPIO 4 is already used by device default/d, property p" },
        { "esp32", """{"key":"p","kind":"output","pin":35}""", "device default/d, property p, field pin: GPIO 35 is input-only on esp32" },
        { "esp32", """{"key":"p","kind":"input","pin":36,"pull":"up"}""", "property p, field pull: GPIO 36 has no internal pull resistors" },
        { "esp32", """{"key":"p","kind":"input","pin":6}""", "property p, field pin: GPIO 6 is wired to the SPI flash" },
        { "esp32", """{"key":"p","kind":"output","pin":11}""", "property p, field pin: GPIO 11 is wired to the SPI flash" },
        { "esp32-s3", """{"key":"p","kind":"output","pin":27}""", "property p, field pin: GPIO 27 is wired to the SPI flash / PSRAM on esp32-s3" },
        { "esp32-s3", """{"key":"p","kind":"input","pin":23}""", "property p, field pin: GPIO 23 does not exist on esp32-s3" },
        { "esp32", """{"key":"bad key","kind":"input","pin":4}""", "property bad key, field key: KubeEdge rejects this key" },
        { "esp32", """{"key":"p","kind":"counter","pin":4,"rateKey":"r+1"}""", "property p, field rateKey: KubeEdge rejects this key" },
        { "esp32", """{"key":"p","kind":"input","pin":4},{"key":"p","kind":"input","pin":5}""", "property p, field key: the device already has a property 'p'" },
        { "esp32", """{"key":"p","kind":"input","pin":4,"type":"bool"}""", "property p, field type: 'bool' is not a KubeEdge twin type" },
        { "esp32", """{"key":"p","kind":"counter","pin":4,"type":"boolean"}""", "property p, field type: a counter reports int, not boolean" },
        { "esp32", """{"key":"p","kind":"switch","pin":4}""", "property p, field kind: 'switch' is not a kind" },
        { "esp32", """{"key":"p","pin":4}""", "property p, field kind: missing" },
        { "esp32", """{"key":"p","kind":"input"}""", "property p, field pin: missing" },
        { "esp32", """{"key":"p","kind":"input","pin":"4"}""", "property p, field pin: expected a whole number" },
        { "esp32", """{"key":"p","kind":"input","pin":4,"pull":"sideways"}""", "property p, field pull: 'sideways' is not a pull mode" },
        { "esp32", """{"key":"p","kind":"output","pin":4,"debounceMs":10}""", "property p, field debounceMs: applies to inputs only" },
        { "esp32", """{"key":"p","kind":"input","pin":4,"debounce":10}""", "property p, field debounce: unknown field" },
        { "esp32", """{"key":"p","kind":"input","pin":4,"report":{"heartbeatMs":10,"minIntervalMs":100}}""", "property p, field report.heartbeatMs: shorter than report.minIntervalMs" },
        { "esp32", """{"key":"p","kind":"input","pin":4,"debounceMs":-1}""", "property p, field debounceMs: -1 is out of range" },
        { "esp8266", """{"key":"p","kind":"input","pin":4}""", "board.json: field mcu: 'esp8266' is not a known MCU" },
        { "stm32f769", """{"key":"p","kind":"input","pin":1}""", "board.json: device default/d, property p, field pin: GPIO 1 (PA1) belongs to the Ethernet RMII PHY (LAN8742A) on stm32f769" },
        { "stm32f769", """{"key":"p","kind":"output","pin":109}""", "property p, field pin: GPIO 109 (PG13) belongs to the Ethernet RMII PHY" },
        { "stm32f769", """{"key":"p","kind":"output","pin":80}""", "property p, field pin: GPIO 80 (PF0) belongs to the SDRAM (FMC)" },
        { "stm32f769", """{"key":"p","kind":"input","pin":138}""", "property p, field pin: GPIO 138 (PI10) belongs to the SDRAM (FMC)" },
        { "stm32f769", """{"key":"p","kind":"input","pin":18}""", "property p, field pin: GPIO 18 (PB2) belongs to the QSPI flash" },
        { "stm32f769", """{"key":"p","kind":"output","pin":61}""", "property p, field pin: GPIO 61 (PD13) belongs to the QSPI flash" },
        { "stm32f769", """{"key":"p","kind":"output","pin":9}""", "property p, field pin: GPIO 9 (PA9) belongs to the ST-LINK's virtual COM port" },
        { "stm32f769", """{"key":"p","kind":"input","pin":13}""", "property p, field pin: GPIO 13 (PA13) belongs to the ST-LINK's SWD" },
        { "stm32f769", """{"key":"p","kind":"input","pin":143}""", "property p, field pin: GPIO 143 (PI15) belongs to the microSD card slot" },
        { "stm32f769", """{"key":"p","kind":"input","pin":168}""", "property p, field pin: GPIO 168 does not exist on stm32f769" },
        { "stm32f769", """{"key":"p","kind":"input","pin":176}""", "property p, field pin: GPIO 176 does not exist on stm32f769" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_board_file_mistake_is_refused_naming_file_device_property_and_field(string mcu, string properties, string fragment)
    {
        var board = Parse(Esp32(properties, mcu));

        Assert.False(board.IsValid);
        Assert.Equal(1, board.ErrorCount);
        Assert.Contains(fragment, board.ErrorAt(0));
    }

    [Theory]
    [InlineData("esp32", 0)]
    [InlineData("esp32", 2)]
    [InlineData("esp32", 5)]
    [InlineData("esp32", 12)]
    [InlineData("esp32", 15)]
    [InlineData("esp32-s3", 0)]
    [InlineData("esp32-s3", 3)]
    [InlineData("esp32-s3", 45)]
    [InlineData("esp32-s3", 46)]
    public void A_strapping_pin_is_allowed_with_a_warning_even_for_an_output_as_in_ESPHome(string mcu, int pin)
    {
        var board = Parse(Esp32($$"""{"key":"p","kind":"output","pin":{{pin}}}""", mcu));

        Assert.True(board.IsValid, board.ErrorText());
        Assert.Equal(1, board.WarningCount);
        Assert.Contains($"board.json: device default/d, property p, field pin: GPIO {pin} is a strapping pin of {mcu}", board.WarningAt(0));
    }

    [Fact]
    public void A_board_without_warnings_has_none()
    {
        var board = Parse(Esp32("""{"key":"p","kind":"output","pin":23}"""));

        Assert.True(board.IsValid);
        Assert.Equal(0, board.WarningCount);
    }

    [Theory]
    [InlineData("""{"board":"b","mcu":"esp32","devices":[{"id":"demo","properties":[{"key":"p","kind":"input","pin":4}]}]}""", "device demo, field id: 'demo' is not \"namespace/name\"")]
    [InlineData("""{"board":"b","mcu":"esp32","devices":[{"properties":[{"key":"p","kind":"input","pin":4}]}]}""", "device #1, field id: missing")]
    [InlineData("""{"board":"b","mcu":"esp32","devices":[]}""", "board.json: field devices: the board hosts no device")]
    [InlineData("""{"mcu":"esp32","devices":[{"id":"a/b","properties":[{"key":"p","kind":"input","pin":4}]}]}""", "board.json: field board: missing")]
    [InlineData("""{"board":"b","mcu":"esp32","devices":[{"id":"a/b","properties":[{"key":"p","kind":"input","pin":4,}]}]}""", "board.json: device a/b, property p, invalid JSON at byte")]
    [InlineData("""{"board":"b","mcu":"esp32","devices":[{"id":"a/b","properties":[]}]}""", "device a/b, field properties: the device has no property")]
    public void A_device_level_mistake_is_refused_with_its_place(string json, string fragment)
    {
        var board = Parse(json);

        Assert.False(board.IsValid);
        Assert.Contains(board.ErrorText().Split('\n'), e => e.Contains(fragment));
    }

    [Fact]
    public void The_same_pin_on_two_devices_names_the_first_user()
    {
        var board = Parse("""
            {"board":"b","mcu":"simulator","devices":[
              {"id":"a/one","properties":[{"key":"x","kind":"input","pin":7}]},
              {"id":"a/two","properties":[{"key":"y","kind":"output","pin":7}]}]}
            """);

        Assert.Equal("board.json: device a/two, property y, field pin: GPIO 7 is already used by device a/one, property x", board.ErrorText());
    }

    [Fact]
    public void A_gpio_module_refuses_a_board_with_errors()
    {
        var board = Parse(Esp32("""{"key":"p","kind":"output","pin":35}"""));

        var error = Assert.Throws<ArgumentException>(() => new EdgeNano.Gpio.GpioModule(board, new NoPins(), 512));
        Assert.Contains("GPIO 35 is input-only", error.Message);
    }

    private sealed class NoPins : EdgeNano.Gpio.IPinBank
    {
        public void OpenInput(int pin, int pull, EdgeNano.Gpio.IPinEdgeListener listener) { }
        public void OpenOutput(int pin) { }
        public bool Read(int pin) => false;
        public void Write(int pin, bool high) { }
        public void Close(int pin) { }
    }
}
