namespace EdgeNano.DeviceTwin.Wire
{
    /// <summary>
    /// The expected or the actual side of a twin property on the wire:
    /// <c>{"value": "...", "metadata": {"timestamp": ms}}</c>, or null, or absent.
    /// </summary>
    public sealed class TwinValue
    {
        /// <summary>A <see cref="Wire.Presence"/> constant for the whole object.</summary>
        public int Presence;
        /// <summary>The value, always a string on the wire whatever the property's type.</summary>
        public readonly WireText Value;
        /// <summary>Set when metadata.timestamp was given.</summary>
        public bool HasTimestamp;
        /// <summary>metadata.timestamp: milliseconds since the epoch.</summary>
        public long Timestamp;

        public TwinValue(TextArena arena)
        {
            Value = new WireText(arena);
        }

        /// <summary>Makes this side present with a value (and a timestamp when above 0). False when the arena is full.</summary>
        public bool Set(string value, long timestamp)
        {
            Presence = Wire.Presence.Value;
            HasTimestamp = timestamp > 0;
            Timestamp = timestamp;
            return Value.Set(value);
        }

        public void Clear()
        {
            Presence = Wire.Presence.Absent;
            Value.Clear();
            HasTimestamp = false;
            Timestamp = 0;
        }
    }
}
