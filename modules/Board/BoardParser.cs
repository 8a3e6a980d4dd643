using EdgeNano.DeviceTwin.Json;

namespace EdgeNano.Board
{
    /// <summary>
    /// Reads a board file (format: docs/board-file.md) with the device JSON reader, then checks
    /// it against the MCU's pin table (<see cref="BoardValidator"/>). Runs once at boot, so it
    /// may allocate the description's strings. Never throws for bad input: every problem is an
    /// error in the returned description, naming the file, device, property and field.
    /// </summary>
    public sealed class BoardParser
    {
        private readonly JsonReader _reader;
        private readonly BoardDescription _board;
        private string _device;     // the device being read, for messages
        private string _property;   // the property being read, for messages

        private BoardParser(string fileName, int length)
        {
            _reader = new JsonReader(JsonReader.DefaultMaxDepth, length < 1 ? 1 : length);
            _board = new BoardDescription();
            _board.FileName = fileName;
        }

        /// <summary>Parses and validates json[offset .. offset+length), read from fileName.</summary>
        public static BoardDescription Parse(string fileName, byte[] json, int offset, int length)
        {
            BoardParser parser = new BoardParser(fileName, length);
            parser._reader.Reset(json, offset, length);
            if (parser.ReadBoard()) BoardValidator.Validate(parser._board);
            return parser._board;
        }

        /// <summary>Parses and validates a whole buffer.</summary>
        public static BoardDescription Parse(string fileName, byte[] json)
        {
            return Parse(fileName, json, 0, json.Length);
        }

        private bool ReadBoard()
        {
            if (!Next()) return false;
            if (_reader.TokenType != JsonToken.StartObject) return Wrong(null, "the file must hold one JSON object");
            while (true)
            {
                if (!Next()) return false;
                if (_reader.TokenType == JsonToken.EndObject) break;
                string field = _reader.GetString();
                if (!Next()) return false;
                if (field == "board") _board.BoardId = Text(field);
                else if (field == "mcu") _board.Mcu = Text(field);
                else if (field == "devices")
                {
                    if (!ReadDevices()) return false;
                }
                else if (!Unknown(field)) return false;
            }
            // Only whitespace may follow the root object; the reader reports anything else.
            if (_reader.Read() || _reader.Error != null) return Syntax();
            return true;
        }

        private bool ReadDevices()
        {
            if (_reader.TokenType != JsonToken.StartArray) return Wrong("devices", "expected an array of devices");
            while (true)
            {
                if (!Next()) return false;
                if (_reader.TokenType == JsonToken.EndArray) return true;
                if (_reader.TokenType != JsonToken.StartObject) return Wrong("devices", "expected a device object");
                BoardDevice device = new BoardDevice();
                _board.AddDevice(device);
                _device = "#" + _board.DeviceCount.ToString();
                if (!ReadDevice(device)) return false;
                _device = null;
            }
        }

        private bool ReadDevice(BoardDevice device)
        {
            while (true)
            {
                if (!Next()) return false;
                if (_reader.TokenType == JsonToken.EndObject) return true;
                string field = _reader.GetString();
                if (!Next()) return false;
                if (field == "id")
                {
                    device.Id = Text(field);
                    if (device.Id != null) _device = device.Id;
                }
                else if (field == "properties")
                {
                    if (_reader.TokenType != JsonToken.StartArray) return Wrong(field, "expected an array of properties");
                    while (true)
                    {
                        if (!Next()) return false;
                        if (_reader.TokenType == JsonToken.EndArray) break;
                        if (_reader.TokenType != JsonToken.StartObject) return Wrong(field, "expected a property object");
                        PinBinding binding = new PinBinding();
                        device.Add(binding);
                        _property = "#" + device.PropertyCount.ToString();
                        if (!ReadProperty(binding)) return false;
                        _property = null;
                    }
                }
                else if (!Unknown(field)) return false;
            }
        }

        private bool ReadProperty(PinBinding binding)
        {
            while (true)
            {
                if (!Next()) return false;
                if (_reader.TokenType == JsonToken.EndObject) return true;
                string field = _reader.GetString();
                if (!Next()) return false;
                if (field == "key")
                {
                    binding.Key = Text(field);
                    if (binding.Key != null) _property = binding.Key;
                }
                else if (field == "kind")
                {
                    string kind = Text(field);
                    binding.KindStated = true;
                    if (kind != null)
                    {
                        binding.Kind = PinKind.Parse(kind);
                        if (binding.Kind == 0) Error(field, "'" + kind + "' is not a kind; use input, counter or output");
                    }
                }
                else if (field == "type")
                {
                    // Optional: the KubeEdge type is implied by the kind; a stated one must agree.
                    binding.StatedType = Text(field);
                }
                else if (field == "pin")
                {
                    binding.Pin = Number(field, 0, 100000, -1);
                    binding.PinStated = true;
                }
                else if (field == "pull")
                {
                    string pull = Text(field);
                    if (pull != null)
                    {
                        binding.Pull = PullMode.Parse(pull);
                        if (binding.Pull < 0)
                        {
                            Error(field, "'" + pull + "' is not a pull mode; use none, up or down");
                            binding.Pull = PullMode.None;
                        }
                        binding.PullStated = true;
                    }
                }
                else if (field == "activeLow") binding.ActiveLow = Flag(field);
                else if (field == "debounceMs")
                {
                    binding.DebounceMs = Number(field, 0, 60000, 0);
                    binding.DebounceStated = true;
                }
                else if (field == "rateKey") binding.RateKey = Text(field);
                else if (field == "rateWindowMs") binding.RateWindowMs = Number(field, 1, 86400000, 1000);
                else if (field == "initial") binding.Initial = Flag(field);
                else if (field == "report")
                {
                    if (!ReadReport(binding.Report)) return false;
                }
                else if (!Unknown(field)) return false;
            }
        }

        private bool ReadReport(ReportPolicy policy)
        {
            if (_reader.TokenType != JsonToken.StartObject) return Wrong("report", "expected an object");
            while (true)
            {
                if (!Next()) return false;
                if (_reader.TokenType == JsonToken.EndObject) return true;
                string field = _reader.GetString();
                if (!Next()) return false;
                if (field == "onChange") policy.OnChange = Flag("report.onChange");
                else if (field == "minIntervalMs") policy.MinIntervalMs = Number("report.minIntervalMs", 0, 86400000, 0);
                else if (field == "heartbeatMs") policy.HeartbeatMs = Number("report.heartbeatMs", 0, 86400000, 0);
                else if (!Unknown("report." + field)) return false;
            }
        }

        // ---- values ----

        private string Text(string field)
        {
            if (_reader.TokenType == JsonToken.String) return _reader.GetString();
            Error(field, "expected a string");
            SkipValue();
            return null;
        }

        private bool Flag(string field)
        {
            if (_reader.TokenType == JsonToken.True) return true;
            if (_reader.TokenType == JsonToken.False) return false;
            Error(field, "expected true or false");
            SkipValue();
            return false;
        }

        private int Number(string field, int min, int max, int fallback)
        {
            long value;
            if (!_reader.TryGetInt64(out value))
            {
                Error(field, "expected a whole number");
                SkipValue();
                return fallback;
            }
            if (value < min || value > max)
            {
                Error(field, value.ToString() + " is out of range (" + min.ToString() + " to " + max.ToString() + ")");
                return fallback;
            }
            return (int)value;
        }

        // ---- reading and reporting ----

        private bool Next()
        {
            if (_reader.Read()) return true;
            if (_reader.Error != null) return Syntax();
            return Wrong(null, "the file ends too early");
        }

        private bool SkipValue()
        {
            int token = _reader.TokenType;
            if (token == JsonToken.StartObject || token == JsonToken.StartArray) return _reader.Skip();
            return true;
        }

        private bool Unknown(string field)
        {
            Error(field, "unknown field");
            return SkipValue() || Syntax();
        }

        private bool Syntax()
        {
            _board.AddError(_device, _property, null,
                "invalid JSON at byte " + _reader.ErrorPosition.ToString() + ": " + _reader.Error);
            return false;
        }

        private void Error(string field, string problem)
        {
            _board.AddError(_device, _property, field, problem);
        }

        // An error after which the rest of the file cannot be read sensibly.
        private bool Wrong(string field, string problem)
        {
            Error(field, problem);
            return false;
        }
    }
}
