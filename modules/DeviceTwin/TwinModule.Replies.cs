using EdgeNano.DeviceTwin.Wire;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Storage;

namespace EdgeNano.DeviceTwin
{
    /// <summary>Answers to requests: the changed twin, one property, or KubeEdge's error result.</summary>
    public sealed partial class TwinModule
    {
        /// <summary>Answers a request (Sync) with the twin of the changed keys, versions stripped.</summary>
        private void ReplyTwin(Message request, int device, TwinResult result)
        {
            _out.Clear();
            _out.EventId.Set(_in.EventId.Buffer, _in.EventId.Offset, _in.EventId.Length);
            _out.SetTimestamp(Context.Clock.NowMs);
            _out.TwinPresence = Presence.Value;
            for (int i = 0; i < result.Count; i++)
            {
                if (!AddCurrent(result.Slot(i))) _tooLarge++;
            }
            Reply(request, false);
        }

        /// <summary>Adds a property's current state to _out (null when deleted). False when _out is full.</summary>
        private bool AddCurrent(int slot)
        {
            byte[] arena = _store.ArenaBytes;
            TwinProperty property = _out.AddProperty(arena, _store.KeyOffset(slot), _store.KeyLength(slot));
            if (property == null) return false;
            TwinState twin = property.Twin;
            if (_store.IsDeleted(slot))
            {
                twin.Presence = Presence.Null;
                return true;
            }
            if (_store.HasExpected(slot))
            {
                SetValue(twin.Expected, arena, _store.ExpectedOffset(slot), _store.ExpectedLength(slot), _store.ExpectedTimestamp(slot));
            }
            if (_store.HasActual(slot))
            {
                SetValue(twin.Actual, arena, _store.ActualOffset(slot), _store.ActualLength(slot), _store.ActualTimestamp(slot));
            }
            twin.SetOptional(_store.Optional(slot));
            byte[] type = TwinType.Utf8Name(_store.Type(slot));
            twin.Type.Set(type, 0, type.Length);
            return true;
        }

        private static void SetValue(TwinValue value, byte[] bytes, int offset, int length, long timestamp)
        {
            value.Presence = Presence.Value;
            value.Value.Set(bytes, offset, length);
            value.HasTimestamp = timestamp > 0;
            value.Timestamp = timestamp;
        }

        private void ReplyError(Message request, int code, string reason)
        {
            if (!request.Sync) return;
            Message reply = Context.Bus.Rent();
            if (reply == null)
            {
                _deliveryFailures++;
                return;
            }
            int length = _encoder.EncodeError(reply.Content, 0, reply.ContentCapacity, _in.EventId, Context.Clock.NowMs, code, reason);
            SendReply(request, reply, length);
        }

        private void Reply(Message request, bool withVersions)
        {
            if (!request.Sync) return;
            Message reply = Context.Bus.Rent();
            if (reply == null)
            {
                _deliveryFailures++;
                return;
            }
            SendReply(request, reply, _encoder.Encode(_out, withVersions, reply.Content, 0, reply.ContentCapacity));
        }

        private void SendReply(Message request, Message reply, int length)
        {
            if (length < 0)
            {
                _tooLarge++;
                MessagePool.Release(reply);
                return;
            }
            reply.ContentLength = length;
            reply.Source = Name;
            reply.Operation = request.Operation;
            reply.Resource = request.Resource;
            if (Context.Bus.Respond(request, reply) != SendResult.Accepted) _deliveryFailures++;
        }
    }
}
