using EdgeNano.DeviceTwin;

namespace EdgeNano.Board
{
    /// <summary>
    /// The checks a parsed board file must pass before any pin is opened: a known MCU, a board
    /// id and device ids Kubernetes can name (<see cref="KubeNames"/>), property keys KubeEdge
    /// accepts, each pin existing and free, outputs only on pins that can drive, pulls only where
    /// the chip has them, types that agree with the kind.
    /// Strapping and console pins give warnings, as in ESPHome.
    /// </summary>
    public static class BoardValidator
    {
        // For messages; the check itself is devicetwin's (TwinRules), the same one updates pass.
        private const string KeyPattern = "^[a-zA-Z0-9-_.,:/@#]{1,128}$";

        /// <summary>Adds every problem of the board to its errors and warnings.</summary>
        public static void Validate(BoardDescription board)
        {
            if (board.BoardId == null || board.BoardId.Length == 0) board.AddError(null, null, "board", "missing");
            else if (!KubeNames.IsLabelValue(board.BoardId))
                board.AddError(null, null, "board", "'" + board.BoardId + "' is not a Kubernetes label value, which kube export makes it: " + KubeNames.LabelValueRule);
            McuPinTable table = null;
            if (board.Mcu == null) board.AddError(null, null, "mcu", "missing; use one of " + McuPinTable.KnownMcus);
            else
            {
                table = McuPinTable.For(board.Mcu);
                if (table == null) board.AddError(null, null, "mcu", "'" + board.Mcu + "' is not a known MCU; use one of " + McuPinTable.KnownMcus);
            }
            if (board.DeviceCount == 0) board.AddError(null, null, "devices", "the board hosts no device");
            for (int d = 0; d < board.DeviceCount; d++)
            {
                BoardDevice device = board.DeviceAt(d);
                string name = device.Id == null ? "#" + (d + 1).ToString() : device.Id;
                CheckDeviceId(board, device, name, d);
                if (device.PropertyCount == 0) board.AddError(name, null, "properties", "the device has no property");
                for (int p = 0; p < device.PropertyCount; p++)
                {
                    PinBinding binding = device.PropertyAt(p);
                    string key = binding.Key == null ? "#" + (p + 1).ToString() : binding.Key;
                    CheckKeys(board, device, binding, name, key, p);
                    CheckKind(board, binding, name, key);
                    if (table != null) CheckPin(board, table, binding, name, key, d, p);
                }
            }
        }

        private static void CheckDeviceId(BoardDescription board, BoardDevice device, string name, int index)
        {
            if (device.Id == null)
            {
                board.AddError(name, null, "id", "missing; a device id is \"namespace/name\"");
                return;
            }
            // The id is also two levels of the device's MQTT topics, where '#' is a wildcard. Kubernetes'
            // names refuse it too, and are a subset of KubeEdge's key characters and length.
            string problem = device.Id.IndexOf('#') >= 0
                ? "'" + device.Id + "' contains '#', which an MQTT topic name cannot carry"
                : KubeNames.DeviceIdProblem(device.Id);
            if (problem != null) board.AddError(name, null, "id", problem);
            for (int i = 0; i < index; i++)
            {
                if (board.DeviceAt(i).Id == device.Id) board.AddError(name, null, "id", "the board names this device twice");
            }
        }

        private static void CheckKeys(BoardDescription board, BoardDevice device, PinBinding binding, string name, string key, int index)
        {
            if (binding.Key == null) board.AddError(name, key, "key", "missing");
            else if (!TwinRules.IsValidKey(TwinText.Of(binding.Key)))
                board.AddError(name, key, "key", "KubeEdge rejects this key: it must match " + KeyPattern);
            if (binding.RateKey != null && !TwinRules.IsValidKey(TwinText.Of(binding.RateKey)))
                board.AddError(name, key, "rateKey", "KubeEdge rejects this key: it must match " + KeyPattern);
            for (int i = 0; i < index; i++)
            {
                PinBinding earlier = device.PropertyAt(i);
                if (Clashes(earlier, binding.Key)) board.AddError(name, key, "key", "the device already has a property '" + binding.Key + "'");
                if (binding.RateKey != null && Clashes(earlier, binding.RateKey))
                    board.AddError(name, key, "rateKey", "the device already has a property '" + binding.RateKey + "'");
            }
            if (binding.RateKey != null && binding.RateKey == binding.Key)
                board.AddError(name, key, "rateKey", "the rate needs a key of its own");
        }

        private static bool Clashes(PinBinding earlier, string key)
        {
            return key != null && (earlier.Key == key || earlier.RateKey == key);
        }

        private static void CheckKind(BoardDescription board, PinBinding binding, string name, string key)
        {
            if (binding.Kind == 0)
            {
                // An unknown word was already reported by the parser; only a missing one is new here.
                if (!binding.KindStated) board.AddError(name, key, "kind", "missing; use input, counter or output");
                return;
            }
            string type = binding.StatedType;
            if (type != null)
            {
                if (TwinType.Parse(type) == TwinType.Unknown)
                    board.AddError(name, key, "type", "'" + type + "' is not a KubeEdge twin type");
                else if (!(type == PinKind.TwinType(binding.Kind) || (binding.Kind == PinKind.Counter && type == "integer")))
                    board.AddError(name, key, "type", "a " + PinKind.Name(binding.Kind) + " reports " + PinKind.TwinType(binding.Kind) + ", not " + type);
            }
            if (binding.Kind == PinKind.Output)
            {
                if (binding.PullStated) board.AddError(name, key, "pull", "applies to inputs and counters only");
                if (binding.DebounceStated) board.AddError(name, key, "debounceMs", "applies to inputs only");
            }
            if (binding.Kind == PinKind.Counter && binding.DebounceStated)
                board.AddError(name, key, "debounceMs", "applies to inputs only; a counter counts every edge");
            if (binding.Kind != PinKind.Counter && binding.RateKey != null)
                board.AddError(name, key, "rateKey", "applies to counters only");
            if (binding.Report.HeartbeatMs > 0 && binding.Report.HeartbeatMs < binding.Report.MinIntervalMs)
                board.AddError(name, key, "report.heartbeatMs", "shorter than report.minIntervalMs");
        }

        private static void CheckPin(BoardDescription board, McuPinTable table, PinBinding binding, string name, string key, int deviceIndex, int propertyIndex)
        {
            if (binding.Pin < 0)
            {
                // A stated but unreadable pin was already reported by the parser.
                if (!binding.PinStated) board.AddError(name, key, "pin", "missing");
                return;
            }
            string refusal = table.Refusal(binding.Pin);
            if (refusal != null)
            {
                board.AddError(name, key, "pin", refusal);
                return;
            }
            if (table.IsInputOnly(binding.Pin))
            {
                if (binding.Kind == PinKind.Output)
                    board.AddError(name, key, "pin", "GPIO " + binding.Pin.ToString() + " is input-only on " + table.Mcu + " and cannot drive an output");
                else if (binding.Pull != PullMode.None)
                    board.AddError(name, key, "pull", "GPIO " + binding.Pin.ToString() + " has no internal pull resistors on " + table.Mcu + "; use an external one and pull none");
            }
            string user = EarlierUser(board, binding.Pin, deviceIndex, propertyIndex);
            if (user != null) board.AddError(name, key, "pin", "GPIO " + binding.Pin.ToString() + " is already used by " + user);
            string warning = table.Warning(binding.Pin);
            if (warning != null) board.AddWarning(name, key, "pin", warning);
        }

        // Who used the pin before this property (in file order), or null.
        private static string EarlierUser(BoardDescription board, int pin, int deviceIndex, int propertyIndex)
        {
            for (int d = 0; d <= deviceIndex; d++)
            {
                BoardDevice device = board.DeviceAt(d);
                int end = d == deviceIndex ? propertyIndex : device.PropertyCount;
                for (int p = 0; p < end; p++)
                {
                    PinBinding other = device.PropertyAt(p);
                    if (other.Pin == pin) return "device " + device.Id + ", property " + other.Key;
                }
            }
            return null;
        }
    }
}
