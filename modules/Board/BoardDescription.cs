using System.Collections;

namespace EdgeNano.Board
{
    /// <summary>
    /// A parsed and validated board file: which board, which MCU, the devices it hosts, and
    /// what was wrong with the file. Errors make the board unusable; warnings (strapping pins)
    /// are logged and the board runs.
    /// </summary>
    public sealed class BoardDescription
    {
        private readonly ArrayList _devices = new ArrayList();
        private readonly ArrayList _errors = new ArrayList();
        private readonly ArrayList _warnings = new ArrayList();

        /// <summary>The name the file was read from; every message starts with it.</summary>
        public string FileName;
        /// <summary>The board's id, e.g. "esp32-devkitc".</summary>
        public string BoardId;
        /// <summary>The MCU whose pin table applies, e.g. "esp32".</summary>
        public string Mcu;

        /// <summary>True when the file had no errors.</summary>
        public bool IsValid
        {
            get { return _errors.Count == 0; }
        }

        public int DeviceCount
        {
            get { return _devices.Count; }
        }

        public BoardDevice DeviceAt(int index)
        {
            return (BoardDevice)_devices[index];
        }

        /// <summary>The device with this id, or null.</summary>
        public BoardDevice FindDevice(string id)
        {
            for (int i = 0; i < _devices.Count; i++)
            {
                BoardDevice device = (BoardDevice)_devices[i];
                if (device.Id == id) return device;
            }
            return null;
        }

        public int ErrorCount
        {
            get { return _errors.Count; }
        }

        /// <summary>An error message: "file: device d, property p, field f: what is wrong".</summary>
        public string ErrorAt(int index)
        {
            return (string)_errors[index];
        }

        public int WarningCount
        {
            get { return _warnings.Count; }
        }

        public string WarningAt(int index)
        {
            return (string)_warnings[index];
        }

        /// <summary>All errors, one per line (for a log or an exception).</summary>
        public string ErrorText()
        {
            string text = "";
            for (int i = 0; i < _errors.Count; i++) text += (i == 0 ? "" : "\n") + (string)_errors[i];
            return text;
        }

        internal void AddDevice(BoardDevice device)
        {
            _devices.Add(device);
        }

        internal void AddError(string device, string property, string field, string problem)
        {
            _errors.Add(Printable(Where(device, property, field) + problem));
        }

        internal void AddWarning(string device, string property, string field, string problem)
        {
            _warnings.Add(Printable(Where(device, property, field) + problem));
        }

        /// <summary>
        /// The text with control characters and line separators written as escapes (\n, \r, \t,
        /// \u0085): a file name or an id that carries one still gives a one-line message, and
        /// a one-line YAML comment.
        /// </summary>
        public static string Printable(string text)
        {
            char[] chars = text.ToCharArray();
            string escaped = null;
            int start = 0;
            for (int i = 0; i < chars.Length; i++)
            {
                char c = chars[i];
                if (c >= ' ' && (c < '\u007f' || c > '\u009f') && c != '\u2028' && c != '\u2029') continue;
                string escape = c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : "\\u" + ((int)c).ToString("X4");
                escaped = (escaped == null ? "" : escaped) + new string(chars, start, i - start) + escape;
                start = i + 1;
            }
            return escaped == null ? text : escaped + new string(chars, start, chars.Length - start);
        }

        private string Where(string device, string property, string field)
        {
            string where = FileName + ": ";
            if (device != null) where += "device " + device + ", ";
            if (property != null) where += "property " + property + ", ";
            if (field != null) where += "field " + field + ": ";
            return where;
        }
    }
}
