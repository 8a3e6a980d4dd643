using EdgeNano.Runtime;

namespace EdgeNano.EdgeHub
{
    /// <summary>edgehub's part in field updates: OTA messages into the updates module's inbox, its requests out as session control.</summary>
    public sealed partial class EdgeHubModule
    {
        private OtaInbox _ota;
        private int _otaRequests;
        private int _otaRequestsRefused;

        /// <summary>
        /// Gives edgehub the updates module's inbox (before Start): it then subscribes to the first
        /// device's OTA results and announcements, fills the inbox from them, and publishes the
        /// module's <see cref="OtaInbox.Request"/> messages.
        /// </summary>
        public void EnableUpdates(OtaInbox inbox)
        {
            _ota = inbox;
        }

        /// <summary>The updates module's inbox, or null when the board has no updates module.</summary>
        public OtaInbox UpdatesInbox { get { return _ota; } }
        /// <summary>OTA requests handed to the link.</summary>
        public int OtaRequests { get { return _otaRequests; } }
        /// <summary>OTA requests refused (offline or the link queue full); the updates module retries them after its timeout.</summary>
        public int OtaRequestsRefused { get { return _otaRequestsRefused; } }

        /// <summary>On the link's thread: true when the topic was an OTA one (passed to the updates module, or counted).</summary>
        private bool TryTakeOta(string topic, byte[] payload, int offset, int count)
        {
            OtaInbox inbox = _ota;
            return inbox != null && inbox.Deliver(Context.Bus, Name, topic, payload, offset, count);
        }

        /// <summary>
        /// A request from the updates module: session control at QoS 1, like twin/get — not rate
        /// limited as a report and never dropped as the oldest event; one is in flight at a time.
        /// </summary>
        private void HandleOtaRequest(Message message)
        {
            if (_state >= EdgeHubState.Connected
                && _worker.TryQueue(message.Resource, message.Content, 0, message.ContentLength, _options.TwinQos, LinkWorker.Control, -1))
            {
                _otaRequests++;
                return;
            }
            _otaRequestsRefused++;
        }

        /// <summary>Places the updates module's one request in flight needs in the link queue.</summary>
        private int OtaReserve()
        {
            return _ota == null ? 0 : 1;
        }

        private int OtaFilterCount()
        {
            return _ota == null ? 0 : 3;
        }
    }
}
