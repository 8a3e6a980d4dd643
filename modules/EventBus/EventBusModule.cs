using EdgeNano.DeviceTwin;
using EdgeNano.Runtime;

namespace EdgeNano.EventBus
{
    /// <summary>
    /// The eventbus module: topic ↔ message translation. Messages the broker delivers (handed
    /// over by edgehub's link listener) are routed by topic: the KubeEdge twin topics of the
    /// board's devices go to devicetwin with Resource = device id, other topics to the local
    /// subscribers whose filter matches (e.g. "+/user/#"). Modules publish and subscribe locally
    /// through it; local publishes also go on to the broker through edgehub.
    /// </summary>
    public sealed class EventBusModule : Module
    {
        private readonly KubeEdgeTopics _topics;
        private readonly EventBusOptions _options;
        private readonly SubscriptionTable _subscriptions;

        private int _routedToTwin;
        private int _deliveredLocally;
        private int _malformedTopics;
        private int _notOurs;
        private int _unrouted;
        private int _subscriptionsRefused;
        private int _deliveryFailures;

        /// <param name="topics">The board's devices and their topics (shared with edgehub).</param>
        public EventBusModule(KubeEdgeTopics topics, EventBusOptions options) : base(EventBusOperations.Module, "bus")
        {
            if (topics == null) throw new System.ArgumentNullException("topics");
            _topics = topics;
            _options = options ?? new EventBusOptions();
            _subscriptions = new SubscriptionTable(_options.SubscriptionCapacity);
        }

        /// <summary>The board's devices and their topics.</summary>
        public KubeEdgeTopics Topics { get { return _topics; } }
        /// <summary>Owner messages (delta, get/result, update/result) handed to devicetwin.</summary>
        public int RoutedToTwin { get { return _routedToTwin; } }
        /// <summary>Copies handed to local subscribers.</summary>
        public int DeliveredLocally { get { return _deliveredLocally; } }
        /// <summary>Received topics under $hw/events/ or $ke/events/ that are not well-formed KubeEdge topics, and publishes with a bad topic.</summary>
        public int MalformedTopics { get { return _malformedTopics; } }
        /// <summary>KubeEdge topics about a device or node this board does not host.</summary>
        public int NotOurs { get { return _notOurs; } }
        /// <summary>Received messages no route and no subscriber wanted.</summary>
        public int Unrouted { get { return _unrouted; } }
        /// <summary>Subscriptions refused: full table or bad filter.</summary>
        public int SubscriptionsRefused { get { return _subscriptionsRefused; } }
        /// <summary>Copies the bus refused (empty pool, full ring).</summary>
        public int DeliveryFailures { get { return _deliveryFailures; } }
        /// <summary>Local subscriptions in use.</summary>
        public int SubscriptionCount { get { return _subscriptions.Count; } }

        public override void Handle(Message message)
        {
            string operation = message.Operation;
            if (message.IsReply) HandleTwinAnswer(message);
            else if (operation == EventBusOperations.Received) HandleReceived(message);
            else if (operation == EventBusOperations.Publish) HandlePublish(message);
            else if (operation == EventBusOperations.Subscribe) HandleSubscribe(message);
            else Context.Log.Write(LogLevel.Warning, Name, "unknown operation " + operation + " from " + message.Source);
        }

        // ---- from the broker ----

        private void HandleReceived(Message message)
        {
            string topic = message.Resource;
            int device;
            int operation = _topics.Parse(topic, out device);
            if (operation != KubeEdgeOperation.None)
            {
                RouteKubeEdge(message, operation, device);
                return;
            }
            if (LooksLikeKubeEdge(topic))
            {
                _malformedTopics++;
                Context.Log.Write(LogLevel.Warning, Name, "malformed KubeEdge topic " + topic);
                return;
            }
            if (DeliverLocally(message, topic, null) == 0) _unrouted++;
        }

        private void RouteKubeEdge(Message message, int operation, int device)
        {
            if (device == KubeEdgeTopics.NotOurs)
            {
                _notOurs++;
                return;
            }
            string twinOperation = TwinOperation(operation);
            if (twinOperation == null || device < 0)
            {
                // state/update/result and membership answers: nothing on the board acts on them yet.
                if (DeliverLocally(message, message.Resource, null) == 0) _unrouted++;
                return;
            }
            if (PassOrForward(message, _options.TwinModule, twinOperation, _topics.DeviceId(device))) _routedToTwin++;
        }

        private static string TwinOperation(int operation)
        {
            if (operation == KubeEdgeOperation.TwinUpdateDelta) return TwinBus.OwnerDelta;
            if (operation == KubeEdgeOperation.TwinGetResult) return TwinBus.OwnerGetResult;
            if (operation == KubeEdgeOperation.TwinUpdateResult) return TwinBus.OwnerUpdateResult;
            return null;
        }

        private static bool LooksLikeKubeEdge(string topic)
        {
            return StartsWith(topic, "$hw/events/") || StartsWith(topic, "$ke/events/");
        }

        private static bool StartsWith(string text, string prefix)
        {
            return text != null && text.Length >= prefix.Length && KubeEdgeTopicParser.SpanEquals(text, 0, prefix.Length, prefix);
        }

        // ---- from modules ----

        private void HandlePublish(Message message)
        {
            string topic = message.Resource;
            if (!TopicFilter.IsValidTopicName(topic))
            {
                _malformedTopics++;
                Context.Log.Write(LogLevel.Warning, Name, "publish from " + message.Source + " with a bad topic");
                return;
            }
            int device;
            if (_topics.Parse(topic, out device) == KubeEdgeOperation.TwinUpdate && device >= 0)
            {
                UpdateTwinFromMapper(message, device);
                return;
            }
            DeliverLocally(message, topic, message.Source);
            if (_options.Uplink != null) PassOrForward(message, _options.Uplink, EventBusOperations.Publish, topic);
        }

        private void HandleSubscribe(Message message)
        {
            string filter = AsciiString(message.Content, message.ContentLength);
            bool added = TopicFilter.IsValidFilter(filter) && _subscriptions.Add(filter, message.Source);
            if (added) return;
            _subscriptionsRefused++;
            Context.Log.Write(LogLevel.Error, Name, "subscription of " + message.Source + " to " + filter + " refused (" +
                (_subscriptions.Count == _subscriptions.Capacity ? "table full" : "bad filter") + ")");
            if (!message.Sync) return;
            Message reply = Context.Bus.Rent();
            if (reply == null)
            {
                _deliveryFailures++;
                return;
            }
            reply.SetContentAscii("{\"code\":400,\"reason\":\"subscription refused\"}");
            reply.Source = Name;
            reply.Operation = EventBusOperations.Subscribe;
            if (Context.Bus.Respond(message, reply) != SendResult.Accepted) _deliveryFailures++;
        }

        /// <summary>
        /// A module speaks as a KubeEdge mapper: twin/update on one of the board's devices. As
        /// edgecore does, the update goes to devicetwin and the answer (the changed twin, or a
        /// 400/404 error for a bad payload) comes back on twin/update/result. devicetwin itself
        /// reports accepted changes to the cloud, so the raw publish does not go out.
        /// </summary>
        private void UpdateTwinFromMapper(Message message, int device)
        {
            Message request = Context.Bus.Rent(message.ContentLength);
            if (request == null)
            {
                _deliveryFailures++;
                return;
            }
            request.SetContent(message.Content, 0, message.ContentLength);
            request.Source = Name;
            request.Destination = _options.TwinModule;
            request.Operation = TwinBus.Update;
            request.Resource = _topics.DeviceId(device);
            if (Context.Bus.Request(request, _options.TwinTimeoutMs) != SendResult.Accepted) _deliveryFailures++;
        }

        private void HandleTwinAnswer(Message reply)
        {
            for (int i = 0; i < _topics.DeviceCount; i++)
            {
                if (_topics.DeviceId(i) != reply.Resource) continue;
                string topic = _topics.TwinUpdateResultTopic(i);
                if (DeliverLocally(reply, topic, null) == 0) _unrouted++;
                return;
            }
        }

        // ---- delivery ----

        /// <summary>Copies the message to every local subscriber whose filter matches (not to except). Returns how many matched.</summary>
        private int DeliverLocally(Message message, string topic, string except)
        {
            int matched = 0;
            for (int i = 0; i < _subscriptions.Count; i++)
            {
                if (!_subscriptions.Matches(i, topic) || _subscriptions.ModuleAt(i) == except) continue;
                matched++;
                if (Forward(message, _subscriptions.ModuleAt(i), EventBusOperations.Delivered, topic)) _deliveredLocally++;
            }
            return matched;
        }

        /// <summary>As Forward for the message's last receiver: the message itself travels on when it can (no payload copy).</summary>
        private bool PassOrForward(Message message, string destination, string operation, string resource)
        {
            SendResult passed = Context.Bus.Pass(message, Name, destination, operation, resource);
            if (passed == SendResult.Accepted) return true;
            if (passed == SendResult.NoMessage) return Forward(message, destination, operation, resource);
            _deliveryFailures++;
            return false;
        }

        private bool Forward(Message message, string destination, string operation, string resource)
        {
            Message copy = Context.Bus.Rent(message.ContentLength);
            if (copy == null)
            {
                _deliveryFailures++;
                return false;
            }
            // Both come from the same pool, so the content always fits.
            copy.SetContent(message.Content, 0, message.ContentLength);
            copy.Source = Name;
            copy.Destination = destination;
            copy.Operation = operation;
            copy.Resource = resource;
            if (Context.Bus.Send(copy) == SendResult.Accepted) return true;
            _deliveryFailures++;
            return false;
        }

        private static string AsciiString(byte[] bytes, int length)
        {
            // Subscriptions are made at start-up; this allocation is not on a message path.
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) chars[i] = (char)bytes[i];
            return new string(chars);
        }
    }
}
