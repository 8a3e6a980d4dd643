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
            _update.Clear();
            for (int i = 0; i < _in.PropertyCount; i++)
            {
                TwinProperty property = _in.PropertyAt(i);
                int change = _update.Add(Text(property.Key));
                if (change < 0)
                {
                    _rejected++;
                    ReplyError(message, TwinStatus.BadRequest, "too many properties in one message");
                    return false;
                }
                TwinState twin = property.Twin;
                if (twin.IsNull)
                {
                    _update.SetDelete(change);
                    continue;
                }
                if (twin.Expected.Presence == Presence.Value)
                {
                    _update.SetExpected(change, Text(twin.Expected.Value));
                    if (twin.Expected.HasTimestamp) _update.SetExpectedTimestamp(change, twin.Expected.Timestamp);
                }
                if (twin.Actual.Presence == Presence.Value)
                {
                    _update.SetActual(change, Text(twin.Actual.Value));
                    if (twin.Actual.HasTimestamp) _update.SetActualTimestamp(change, twin.Actual.Timestamp);
                }
                if (twin.HasOptional) _update.SetOptional(change, twin.Optional);
                if (twin.Type.HasValue) _update.SetType(change, Text(twin.Type));
                if (twin.ExpectedVersion.Presence == Presence.Value) _update.SetExpectedVersion(change, twin.ExpectedVersion.Cloud, twin.ExpectedVersion.Edge);
                if (twin.ActualVersion.Presence == Presence.Value) _update.SetActualVersion(change, twin.ActualVersion.Cloud, twin.ActualVersion.Edge);
            }
            return true;
        }

        private bool CarriesVersions()
        {
            for (int i = 0; i < _in.PropertyCount; i++)
            {
                TwinState twin = _in.PropertyAt(i).Twin;
                if (twin.ExpectedVersion.Presence == Presence.Value || twin.ActualVersion.Presence == Presence.Value) return true;
            }
            return false;
        }

        private static TwinText Text(WireText text)
        {
            return TwinText.Of(text.Buffer, text.Offset, text.Length);
        }

        private string KeyString(int slot)
        {
            byte[] arena = _store.ArenaBytes;
            int offset = _store.KeyOffset(slot);
            char[] key = new char[_store.KeyLength(slot)];
            for (int i = 0; i < key.Length; i++) key[i] = (char)arena[offset + i];
            return new string(key);
        }
    }
}
