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
            update.Clear();
            for (int i = 0; i < message.PropertyCount; i++)
            {
                TwinProperty property = message.PropertyAt(i);
                int change = update.Add(Text(property.Key));
                if (change < 0) return false;
                TwinState twin = property.Twin;
                if (twin.IsNull)
                {
                    update.SetDelete(change);
                    continue;
                }
                if (twin.Expected.Presence == Presence.Value)
                {
                    update.SetExpected(change, Text(twin.Expected.Value));
                    if (twin.Expected.HasTimestamp) update.SetExpectedTimestamp(change, twin.Expected.Timestamp);
                }
                if (twin.Actual.Presence == Presence.Value)
                {
                    update.SetActual(change, Text(twin.Actual.Value));
                    if (twin.Actual.HasTimestamp) update.SetActualTimestamp(change, twin.Actual.Timestamp);
                }
                if (twin.HasOptional) update.SetOptional(change, twin.Optional);
                if (twin.Type.HasValue) update.SetType(change, Text(twin.Type));
                if (twin.ExpectedVersion.Presence == Presence.Value) update.SetExpectedVersion(change, twin.ExpectedVersion.Cloud, twin.ExpectedVersion.Edge);
                if (twin.ActualVersion.Presence == Presence.Value) update.SetActualVersion(change, twin.ActualVersion.Cloud, twin.ActualVersion.Edge);
            }
            return true;
        }

        /// <summary>True when some property carries a version pair (a versioned owner, such as EdgeNano's hub with versions).</summary>
        public static bool CarriesVersions(TwinMessage message)
        {
            for (int i = 0; i < message.PropertyCount; i++)
            {
                TwinState twin = message.PropertyAt(i).Twin;
                if (twin.ExpectedVersion.Presence == Presence.Value || twin.ActualVersion.Presence == Presence.Value) return true;
            }
            return false;
        }

        /// <summary>A wire text as the store's text: the same bytes, no copy.</summary>
        public static TwinText Text(WireText text)
        {
            return TwinText.Of(text.Buffer, text.Offset, text.Length);
        }
    }
}
