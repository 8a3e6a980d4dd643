namespace EdgeNano.Composition
{
    /// <summary>
    /// The board a device runs when I:\board.json is missing: boards/esp32-devkitc/board.json,
    /// kept identical by BuiltInBoardTests.
    /// </summary>
    public static class BuiltInBoard
    {
        public const string FileName = "boards/esp32-devkitc/board.json";

        private const string Text = @"{
  ""board"": ""esp32-devkitc"",
  ""mcu"": ""esp32"",
  ""devices"": [
    {
      ""id"": ""default/esp32-devkitc"",
      ""properties"": [
        { ""key"": ""button"", ""kind"": ""input"", ""pin"": 4, ""pull"": ""up"", ""activeLow"": true, ""debounceMs"": 30,
          ""report"": { ""onChange"": true, ""minIntervalMs"": 0, ""heartbeatMs"": 300000 } },
        { ""key"": ""pulses"", ""kind"": ""counter"", ""pin"": 34, ""pull"": ""none"", ""rateKey"": ""pulse_rate"", ""rateWindowMs"": 10000,
          ""report"": { ""onChange"": true, ""minIntervalMs"": 1000, ""heartbeatMs"": 300000 } },
        { ""key"": ""led"", ""kind"": ""output"", ""pin"": 23, ""initial"": false,
          ""report"": { ""onChange"": true, ""heartbeatMs"": 300000 } }
      ]
    }
  ]
}
";

        /// <summary>The board file's bytes (UTF-8; the text is ASCII). Allocates: called once at boot.</summary>
        public static byte[] Json()
        {
            return DeviceTwin.Json.Utf8.Bytes(Text);
        }
    }
}
