using EdgeNano.DeviceTwin;
using EdgeNano.DeviceTwin.Wire;
using EdgeNano.Runtime;

namespace EdgeNano.Updates
{
    /// <summary>
    /// Reports ota_state, ota_progress, fw_version and ota_error as actual values of the board's
    /// first device, through devicetwin (TwinBus.Update, KubeEdge's twin/update JSON) like a
    /// sensor. Twin values may only hold [a-zA-Z0-9-_.,:/@#], so the error text is written with
    /// ": " as ":" and any other character outside that set as '_'. Allocation-free while no
    /// error is reported: the progress digits and the error go through buffers made here, and
    /// the state, version and type strings through the encoder's cache of encoded strings.
    /// </summary>
    public sealed class OtaReport
    {
        /// <summary>Properties Send reports on the first device (the twin store needs rows for them).</summary>
        public const int PropertyCount = 4;
        private const int MaxErrorLength = 200;

        private readonly TwinEncoder _encoder = new TwinEncoder();
        private readonly byte[] _digits = new byte[3];
        private readonly byte[] _error = new byte[MaxErrorLength];
        private readonly byte[] _progressKey;
        private readonly byte[] _errorKey;
        private int _sent;
        private int _notSent;

        public OtaReport()
        {
            _progressKey = DeviceTwin.Json.Utf8.Bytes(OtaState.ProgressKey);
            _errorKey = DeviceTwin.Json.Utf8.Bytes(OtaState.ErrorKey);
        }

        /// <summary>Reports handed to devicetwin.</summary>
        public int Sent { get { return _sent; } }
        /// <summary>Reports that found no free message or a full ring (the caller tries again).</summary>
        public int NotSent { get { return _notSent; } }

        /// <summary>Sends all four properties; false when the bus could not take it.</summary>
        public bool Send(ModuleContext context, string source, string deviceId, string state, int progress, string version, string error)
        {
            Message message = context.Bus.RentForPayload();
            if (message == null)
            {
                _notSent++;
                return false;
            }
            long now = context.Clock.NowMs;
            _encoder.BeginTwinUpdate(message.Content, 0, message.ContentCapacity, "", now);
            _encoder.AddActual(OtaState.StateKey, state, "string", now);
            int digits = Digits(progress);
            _encoder.AddActual(_progressKey, 0, _progressKey.Length, _digits, 0, digits, "int", now);
            _encoder.AddActual(OtaState.VersionKey, version, "string", now);
            int errorLength = Sanitize(error);
            _encoder.AddActual(_errorKey, 0, _errorKey.Length, _error, 0, errorLength, "string", now);
            int length = _encoder.EndTwinUpdate();
            if (length < 0)
            {
                MessagePool.Release(message);
                _notSent++;
                return false;
            }
            message.ContentLength = length;
            message.Source = source;
            message.Destination = TwinBus.Module;
            message.Operation = TwinBus.Update;
            message.Resource = deviceId;
            if (context.Bus.Send(message) != SendResult.Accepted)
            {
                _notSent++;
                return false;
            }
            _sent++;
            return true;
        }

        /// <summary>The error as a twin value would hold it ("code:detail_with_underscores"); allocates (tests, logs).</summary>
        public static string AsTwinValue(string error)
        {
            OtaReport report = new OtaReport();
            int length = report.Sanitize(error);
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) chars[i] = (char)report._error[i];
            return new string(chars);
        }

        private int Digits(int value)
        {
            if (value < 0) value = 0;
            if (value > 100) value = 100;
            if (value == 100)
            {
                _digits[0] = (byte)'1';
                _digits[1] = (byte)'0';
                _digits[2] = (byte)'0';
                return 3;
            }
            if (value >= 10)
            {
                _digits[0] = (byte)('0' + value / 10);
                _digits[1] = (byte)('0' + value % 10);
                return 2;
            }
            _digits[0] = (byte)('0' + value);
            return 1;
        }

        // Takes the error's characters with ToCharArray (an allocation) only when there is an
        // error: a steady download reports none.
        private int Sanitize(string error)
        {
            if (error == null || error.Length == 0) return 0;
            char[] chars = error.ToCharArray();
            int n = 0;
            for (int i = 0; i < chars.Length && n < _error.Length; i++)
            {
                char c = chars[i];
                if (c == ' ' && i > 0 && chars[i - 1] == ':') continue;
                _error[n++] = IsAllowed(c) ? (byte)c : (byte)'_';
            }
            return n;
        }

        private static bool IsAllowed(char c)
        {
            if (c >= 'a' && c <= 'z') return true;
            if (c >= 'A' && c <= 'Z') return true;
            if (c >= '0' && c <= '9') return true;
            return c == '-' || c == '_' || c == '.' || c == ',' || c == ':' || c == '/' || c == '@' || c == '#';
        }
    }
}
