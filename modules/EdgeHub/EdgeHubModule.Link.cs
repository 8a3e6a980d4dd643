using System.Threading;
using EdgeNano.EventBus;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Network;

namespace EdgeNano.EdgeHub
{
    /// <summary>edgehub's side of the link's network thread: received messages to eventbus, losses to the timer.</summary>
    public sealed partial class EdgeHubModule
    {
        private int _receivedDropped;
        private int _receivedTooLarge;

        private void LinkReceived(string topic, byte[] payload, int offset, int count)
        {
            if (TryTakeOta(topic, payload, offset, count)) return;
            if (count > Context.Bus.Pool.MaxContent)
            {
                // Larger than any bus message: refused. The device sizes its payload arrays to its largest payload.
                Interlocked.Increment(ref _receivedTooLarge);
                return;
            }
            Message message = Context.Bus.Rent(count);
            if (message == null)
            {
                NoteDropped();
                return;
            }
            message.SetContent(payload, offset, count);
            message.Source = Name;
            message.Destination = _options.EventBus;
            message.Operation = EventBusOperations.Received;
            message.Resource = topic;
            if (Context.Bus.Send(message) != SendResult.Accepted) NoteDropped();
        }

        private void LinkLost()
        {
            Interlocked.Exchange(ref _lostSignal, 1);
            ModuleContext context = Context;
            if (context != null) context.Host.SetTimer(this, context.Clock.NowMs);
        }

        // ---- a dropped message may have been a delta: ask for the twin again once the drops stop ----

        /// <summary>How long the drops must have stopped before the twin is asked for again.</summary>
        private const int RefetchQuietMs = 500;
        private int _refetchWanted;
        private int _dropsAtLastCheck;
        private long _refetchAtMs;
        private int _refetches;

        /// <summary>
        /// On the link's thread. A dropped message may have been the owner's last delta, which
        /// nothing would ever send again: so the first drop also arms the timer, and the twin is
        /// asked for again (<see cref="RefetchAfterDrops"/>) once the flood is over.
        /// </summary>
        private void NoteDropped()
        {
            Interlocked.Increment(ref _receivedDropped);
            if (Interlocked.Exchange(ref _refetchWanted, 1) == 1) return;
            ModuleContext context = Context;
            if (context != null) context.Host.SetTimer(this, context.Clock.NowMs + RefetchQuietMs);
        }

        /// <summary>
        /// On the timer, when synced: after drops, and once none came for RefetchQuietMs, twin/get
        /// for every device (devicetwin merges the answers as after a connect). Asking while
        /// the drops go on would only add answers to the flood.
        /// </summary>
        private void RefetchAfterDrops(long now)
        {
            if (Interlocked.CompareExchange(ref _refetchWanted, 0, 0) == 0) return;
            int dropped = ReceivedDropped;
            if (dropped != _dropsAtLastCheck)
            {
                _dropsAtLastCheck = dropped;
                _refetchAtMs = now + RefetchQuietMs;
            }
            if (now >= _refetchAtMs)
            {
                Interlocked.Exchange(ref _refetchWanted, 0);
                bool queued = true;
                for (int d = 0; d < _topics.DeviceCount; d++)
                {
                    int length = _encoder.EncodeTwinGet(_scratch, 0, _scratch.Length, _eventIds.Next(), _eventIds.Length, now);
                    if (length < 0 || !_worker.TryQueue(_topics.TwinGetTopic(d), _scratch, 0, length, _options.TwinQos, LinkWorker.Control, -1)) queued = false;
                }
                if (queued)
                {
                    _refetches++;
                    Context.Log.Write(LogLevel.Info, Name, "received messages were dropped; twin asked for again");
                    return;
                }
                // The link queue is full: try again after the next quiet spell.
                Interlocked.Exchange(ref _refetchWanted, 1);
                _refetchAtMs = now + RefetchQuietMs;
            }
            Context.Host.SetTimer(this, _refetchAtMs);
        }

        /// <summary>Times the twin was asked for again after received messages were dropped.</summary>
        public int Refetches { get { return _refetches; } }

        /// <summary>Received messages lost because the bus had no message free or eventbus's ring was full.</summary>
        public int ReceivedDropped { get { return Interlocked.CompareExchange(ref _receivedDropped, 0, 0); } }
        /// <summary>Received payloads larger than a bus message's content (refused).</summary>
        public int ReceivedTooLarge { get { return Interlocked.CompareExchange(ref _receivedTooLarge, 0, 0); } }

        /// <summary>The link's listener: messages go to eventbus as bus messages, a loss wakes edgehub's timer.</summary>
        private sealed class LinkListener : IMqttLinkListener
        {
            private readonly EdgeHubModule _hub;

            public LinkListener(EdgeHubModule hub)
            {
                _hub = hub;
            }

            public void MessageReceived(string topic, byte[] payload, int offset, int count, int qos, bool retain)
            {
                _hub.LinkReceived(topic, payload, offset, count);
            }

            public void ConnectionLost()
            {
                _hub.LinkLost();
            }
        }
    }
}
