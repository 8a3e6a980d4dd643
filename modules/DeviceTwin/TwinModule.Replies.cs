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
            _out.CopyText(TwinMessage.EventIdField, _in, TwinMessage.EventIdField);
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
            const int twin = TwinMessage.TwinOf;
            byte[] arena = _store.ArenaBytes;
            int property = _out.AddPropertyRow(arena, _store.KeyOffset(slot), _store.KeyLength(slot));
            if (property < 0) return false;
            if (_store.IsDeleted(slot))
            {
                _out.SetTwinStatePresence(property, twin, Presence.Null);
                return true;
            }
            if (_store.HasExpected(slot) && !_out.SetSideValue(property, twin, TwinMessage.Expected, arena,
                    _store.ExpectedOffset(slot), _store.ExpectedLength(slot), _store.ExpectedTimestamp(slot))) return false;
            if (_store.HasActual(slot) && !_out.SetSideValue(property, twin, TwinMessage.Actual, arena,
                    _store.ActualOffset(slot), _store.ActualLength(slot), _store.ActualTimestamp(slot))) return false;
            _out.SetOptional(property, twin, true, _store.Optional(slot));
            byte[] type = TwinType.Utf8Name(_store.Type(slot));
            return _out.SetText(_out.TypeField(property, twin), type, 0, type.Length);
        }

        private void ReplyError(Message request, int code, string reason)
        {
            if (!request.Sync) return;
            Message reply = Context.Bus.RentForPayload();
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
            Message reply = Context.Bus.RentForPayload();
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
