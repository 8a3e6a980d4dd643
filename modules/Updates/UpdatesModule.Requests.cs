using EdgeNano.DeviceTwin.Json;
using EdgeNano.EdgeHub;
using EdgeNano.Runtime;

namespace EdgeNano.Updates
{
    /// <summary>
    /// Requests to the server, one at a time: manifest/get and block/get as small JSON through
    /// edgehub. An unanswered request is asked again after RequestTimeoutMs·2ⁿ; after MaxRetries
    /// the transfer ends as failed, stalled (not refused: the next announcement resumes it).
    /// While the session is not synced, waiting costs no retry: the server cannot be reached.
    /// </summary>
    public sealed partial class UpdatesModule
    {
        private static readonly byte[] HexDigits = new byte[] { (byte)'0', (byte)'1', (byte)'2', (byte)'3', (byte)'4', (byte)'5', (byte)'6', (byte)'7',
            (byte)'8', (byte)'9', (byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'e', (byte)'f' };

        private readonly JsonWriter _requestWriter = new JsonWriter();
        // The longest request: {"package":"<64 hex>","file":7,"block":2147483647,"size":65536}.
        // Written straight into a bus message (a device's own 128 bytes hold it).
        private const int MaxRequestLength = 120;
        private readonly byte[] _idHex = new byte[64];
        private int _wantFile;
        private int _wantBlock;
        private int _wantIndex;
        private int _retries;
        private long _deadline;
        private int _requestsSent;
        private int _requestsNotSent;

        /// <summary>Requests handed to edgehub.</summary>
        public int RequestsSent { get { return _requestsSent; } }
        /// <summary>Requests the bus could not take (asked again after the timeout).</summary>
        public int RequestsNotSent { get { return _requestsNotSent; } }

        /// <summary>Sends the current request (the manifest, or block _wantBlock of file _wantFile) and arms its timeout.</summary>
        private void Ask(long now)
        {
            bool manifest = _phase == FetchingManifest;
            for (int i = 0; i < 32; i++)
            {
                _idHex[2 * i] = HexDigits[_packageId[i] >> 4];
                _idHex[2 * i + 1] = HexDigits[_packageId[i] & 15];
            }
            long timeout = (long)_options.RequestTimeoutMs << (_retries < 20 ? _retries : 20);
            _deadline = now + timeout;
            Context.Host.SetTimer(this, _deadline);
            Message message = Context.Bus.Rent(MaxRequestLength);
            if (message == null)
            {
                _requestsNotSent++;
                return;
            }
            JsonWriter w = _requestWriter;
            w.Reset(message.Content, 0, MaxRequestLength);
            w.WriteStartObject();
            w.WritePropertyName("package");
            w.WriteString(_idHex, 0, _idHex.Length);
            if (!manifest)
            {
                w.WriteNumber("file", _wantFile);
                w.WriteNumber("block", _wantBlock);
                w.WriteNumber("size", _options.BlockSize);
            }
            w.WriteEndObject();
            if (w.Overflow)
            {
                // Cannot happen within MaxRequestLength; counted rather than sent cut short.
                MessagePool.Release(message);
                _requestsNotSent++;
                return;
            }
            message.ContentLength = w.Length;
            message.Source = Name;
            message.Destination = EdgeHubOperations.Module;
            message.Operation = OtaInbox.Request;
            message.Resource = manifest ? _inbox.ManifestGetTopic : _inbox.BlockGetTopic;
            if (Context.Bus.Send(message) == SendResult.Accepted) _requestsSent++;
            else _requestsNotSent++;
        }

        private void CheckRequestTimeout(long now)
        {
            if (now < _deadline) return;
            if (_hub.State != EdgeHubState.Synced)
            {
                // Offline: the request is asked again once the session is back, without using up retries.
                _deadline = now + _options.RequestTimeoutMs;
                return;
            }
            _retries++;
            if (_retries > _options.MaxRetries)
            {
                string what = _phase == FetchingManifest ? "the manifest" : "block " + _wantFile.ToString() + "/" + _wantBlock.ToString();
                Fail(OtaError.Stalled, "no answer for " + what + " after " + _options.MaxRetries.ToString() + " retries", false);
                return;
            }
            Ask(now);
        }
    }
}
