using EdgeNano.DeviceTwin.Wire;

namespace EdgeNano.DeviceTwin
{
    /// <summary>
    /// A decoded KubeEdge "twin" map turned into the twin store's input, without copying a byte:
    /// the update's texts point into the message's arena. Used by the devicetwin module and by
    /// the host twin hub, so both read a payload the same way.
    /// </summary>
    public static class WireUpdate
    {
        /// <summary>
        /// Clears update and fills it from message's properties: values with their timestamps,
        /// null (delete), optional, type, and version pairs (the store's edge path ignores
        /// them; its cloud path checks them). False when update has no room for every property.
        /// </summary>
        public static bool Fill(TwinMessage message, TwinUpdate update)
        {
            const int twin = TwinMessage.TwinOf;
            update.Clear();
            for (int i = 0; i < message.PropertyCount; i++)
            {
                int change = update.Add(Text(message, message.KeyField(i)));
                if (change < 0) return false;
                if (message.TwinStatePresence(i, twin) == Presence.Null)
                {
                    update.SetDelete(change);
                    continue;
                }
                if (message.SidePresence(i, twin, TwinMessage.Expected) == Presence.Value)
                {
                    update.SetExpected(change, Text(message, message.ValueField(i, twin, TwinMessage.Expected)));
                    if (message.SideHasTimestamp(i, twin, TwinMessage.Expected))
                        update.SetExpectedTimestamp(change, message.SideTimestamp(i, twin, TwinMessage.Expected));
                }
                if (message.SidePresence(i, twin, TwinMessage.Actual) == Presence.Value)
                {
                    update.SetActual(change, Text(message, message.ValueField(i, twin, TwinMessage.Actual)));
                    if (message.SideHasTimestamp(i, twin, TwinMessage.Actual))
                        update.SetActualTimestamp(change, message.SideTimestamp(i, twin, TwinMessage.Actual));
                }
                if (message.HasOptional(i, twin)) update.SetOptional(change, message.Optional(i, twin));
                int type = message.TypeField(i, twin);
                if (message.TextHasValue(type)) update.SetType(change, Text(message, type));
                if (message.VersionPresence(i, twin, TwinMessage.Expected) == Presence.Value)
                    update.SetExpectedVersion(change, message.VersionCloud(i, twin, TwinMessage.Expected), message.VersionEdge(i, twin, TwinMessage.Expected));
                if (message.VersionPresence(i, twin, TwinMessage.Actual) == Presence.Value)
                    update.SetActualVersion(change, message.VersionCloud(i, twin, TwinMessage.Actual), message.VersionEdge(i, twin, TwinMessage.Actual));
            }
            return true;
        }

        /// <summary>True when some property carries a version pair (a versioned owner, such as EdgeNano's hub with versions).</summary>
        public static bool CarriesVersions(TwinMessage message)
        {
            for (int i = 0; i < message.PropertyCount; i++)
            {
                if (message.VersionPresence(i, TwinMessage.TwinOf, TwinMessage.Expected) == Presence.Value ||
                    message.VersionPresence(i, TwinMessage.TwinOf, TwinMessage.Actual) == Presence.Value) return true;
            }
            return false;
        }

        /// <summary>A message's text field as the store's text: the same bytes, no copy.</summary>
        public static TwinText Text(TwinMessage message, int field)
        {
            return TwinText.Of(message.TextBuffer, message.TextOffset(field), message.TextLength(field));
        }
    }
}
