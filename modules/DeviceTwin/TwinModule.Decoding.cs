using EdgeNano.DeviceTwin.Wire;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Storage;

namespace EdgeNano.DeviceTwin
{
    /// <summary>From KubeEdge JSON to the twin store's input.</summary>
    public sealed partial class TwinModule
    {
        /// <summary>Decodes the message content into _in; the device index, or -1 (answered and counted).</summary>
        private int DecodeFor(Message message)
        {
            if (!_decoder.Decode(message.Content, 0, message.ContentLength, _in))
            {
                _decodeErrors++;
                Context.Log.Write(LogLevel.Warning, Name, "bad twin JSON from " + message.Source + " for " + message.Resource + ": " +
                    _decoder.Error + " at byte " + _decoder.ErrorPosition.ToString());
                ReplyError(message, TwinStatus.BadRequest, _decoder.Error);
                return -1;
            }
            int device = _store.FindDevice(message.Resource);
            if (device < 0)
            {
                _unknownDevices++;
                ReplyError(message, TwinStatus.NotFound, TwinReasons.DeviceMissing);
            }
            return device;
        }

        /// <summary>Turns the decoded message's twin map into the store's input; false (answered) when it does not fit.</summary>
        private bool FillUpdate(Message message)
        {
            if (WireUpdate.Fill(_in, _update)) return true;
            _rejected++;
            ReplyError(message, TwinStatus.BadRequest, "too many properties in one message");
            return false;
        }
    }
}
