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
            Message message = Context.Bus.Rent();
            if (message == null)
            {
                Interlocked.Increment(ref _receivedDropped);
                return;
            }
            if (!message.SetContent(payload, offset, count))
            {
                // Larger than a bus message: refused. The device sizes MessageContentCapacity to its largest payload.
                Interlocked.Increment(ref _receivedTooLarge);
                MessagePool.Release(message);
                return;
            }
            message.Source = Name;
            message.Destination = _options.EventBus;
            message.Operation = EventBusOperations.Received;
            message.Resource = topic;
            if (Context.Bus.Send(message) != SendResult.Accepted) Interlocked.Increment(ref _receivedDropped);
        }

        private void LinkLost()
        {
            Interlocked.Exchange(ref _lostSignal, 1);
            ModuleContext context = Context;
            if (context != null) context.Host.SetTimer(this, context.Clock.NowMs);
        }

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
