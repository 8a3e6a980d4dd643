using EdgeNano.DeviceTwin.Wire;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Storage;

namespace EdgeNano.DeviceTwin
{
    /// <summary>Answers to requests: the changed twin, one property, or KubeEdge's error result.</summary>
    public sealed partial class TwinModule
    {
        /// <summary>Answers a request (Sync) with the twin of the changed keys, versions stripped, under the request's event id.</summary>
        private void ReplyTwin(Message request, int device, TwinResult result)
        {
            Message reply = RentReply(request);
            if (reply == null) return;
            _encoder.BeginMap(reply.Content, 0, reply.ContentCapacity, _in, Context.Clock.NowMs, WireNames.Twin);
            for (int i = 0; i < result.Count; i++) AddCurrent(result.Slot(i));
            SendReply(request, reply, _encoder.EndMap());
        }

        /// <summary>Answers a get of one property with its current state.</summary>
        private void ReplyProperty(Message request, int slot)
        {
            Message reply = RentReply(request);
            if (reply == null) return;
            _encoder.BeginMap(reply.Content, 0, reply.ContentCapacity, null, Context.Clock.NowMs, WireNames.Twin);
            AddCurrent(slot);
            SendReply(request, reply, _encoder.EndMap());
        }

        /// <summary>Writes a property's current state into the answer being encoded (null when deleted).</summary>
        private void AddCurrent(int slot)
        {
            byte[] arena = _store.ArenaBytes;
            if (_store.IsDeleted(slot))
            {
                _encoder.AddDeleted(arena, _store.KeyOffset(slot), _store.KeyLength(slot));
                return;
            }
            _encoder.BeginState(arena, _store.KeyOffset(slot), _store.KeyLength(slot));
            if (_store.HasExpected(slot))
                _encoder.AddSide(WireNames.Expected, arena, _store.ExpectedOffset(slot), _store.ExpectedLength(slot), _store.ExpectedTimestamp(slot));
            if (_store.HasActual(slot))
                _encoder.AddSide(WireNames.Actual, arena, _store.ActualOffset(slot), _store.ActualLength(slot), _store.ActualTimestamp(slot));
            _encoder.EndState(_store.Optional(slot), TwinType.Utf8Name(_store.Type(slot)));
        }

        /// <summary>A message for the answer to a Sync request; null when none is wanted or none is free (counted).</summary>
        private Message RentReply(Message request)
        {
            if (!request.Sync) return null;
            Message reply = Context.Bus.RentForPayload();
            if (reply == null) _deliveryFailures++;
            return reply;
        }

        private void ReplyError(Message request, int code, string reason)
        {
            Message reply = RentReply(request);
            if (reply == null) return;
            int length = _encoder.EncodeError(reply.Content, 0, reply.ContentCapacity, _in.EventId, Context.Clock.NowMs, code, reason);
            SendReply(request, reply, length);
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
