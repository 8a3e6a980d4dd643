using EdgeNano.Board;

namespace EdgeNano.Gpio
{
    /// <summary>
    /// One twin property's value as gpio knows it and when it was last reported, with the
    /// report policy's decision: is a report due now, and when is the next one due.
    /// Booleans are kept as 0/1 so inputs, outputs, counts and rates share one shape.
    /// Touched only on the dispatcher.
    /// </summary>
    internal sealed class ReportState
    {
        public readonly byte[] Key;
        public readonly string Type;
        public readonly bool IsBoolean;
        public readonly ReportPolicy Policy;
        /// <summary>The value's text for the twin, rewritten just before each report.</summary>
        public readonly byte[] Text = new byte[DecimalText.MaxLength];

        public long Value;
        public bool HasValue;
        /// <summary>Report at the next round whatever the policy says (start-up, an output's read-back).</summary>
        public bool Forced;

        private long _reported;
        private bool _hasReported;
        private long _lastReportMs;

        public ReportState(string key, string type, bool isBoolean, ReportPolicy policy)
        {
            Key = DeviceTwin.Json.Utf8.Bytes(key);
            Type = type;
            IsBoolean = isBoolean;
            Policy = policy;
        }

        public bool IsDue(long now)
        {
            if (!HasValue) return false;
            if (Forced || !_hasReported) return true;
            if (Policy.OnChange && Value != _reported && now - _lastReportMs >= Policy.MinIntervalMs) return true;
            return Policy.HeartbeatMs > 0 && now - _lastReportMs >= Policy.HeartbeatMs;
        }

        /// <summary>When the policy next wants a report (long.MaxValue: not until the value changes).</summary>
        public long NextDue(long now)
        {
            if (!HasValue) return long.MaxValue;
            if (Forced || !_hasReported) return now;
            long next = long.MaxValue;
            if (Policy.OnChange && Value != _reported) next = _lastReportMs + Policy.MinIntervalMs;
            if (Policy.HeartbeatMs > 0 && _lastReportMs + Policy.HeartbeatMs < next) next = _lastReportMs + Policy.HeartbeatMs;
            return next;
        }

        /// <summary>Writes the value's text into Text; returns its length.</summary>
        public int FormatValue()
        {
            if (!IsBoolean) return DecimalText.Write(Value, Text);
            byte[] word = Value != 0 ? True : False;
            System.Array.Copy(word, Text, word.Length);
            return word.Length;
        }

        public void MarkReported(long now)
        {
            _reported = Value;
            _hasReported = true;
            _lastReportMs = now;
            Forced = false;
        }

        private static readonly byte[] True = new byte[] { (byte)'t', (byte)'r', (byte)'u', (byte)'e' };
        private static readonly byte[] False = new byte[] { (byte)'f', (byte)'a', (byte)'l', (byte)'s', (byte)'e' };
    }
}
