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
            long timeout = (long)_options.RequestTimeoutMs << (_retries < 20 ? _retries : 20);
            _deadline = now + timeout;
            Context.Host.SetTimer(this, _deadline);
            Message message = Context.Bus.Rent(OtaRequest.MaxLength);
            if (message == null)
            {
                _requestsNotSent++;
                return;
            }
            int length = OtaRequest.Write(message.Content, _packageId, manifest ? -1 : _wantFile, _wantBlock, _options.BlockSize);
            if (length < 0)
            {
                // Cannot happen: the message holds OtaRequest.MaxLength. Counted rather than sent cut short.
                MessagePool.Release(message);
                _requestsNotSent++;
                return;
            }
            message.ContentLength = length;
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
