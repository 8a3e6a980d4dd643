namespace EdgeNano.DeviceTwin.Wire
{
    /// <summary>
    /// A view of the expected or the actual side of a twin property on the wire:
    /// <c>{"value": "...", "metadata": {"timestamp": ms}}</c>, or null, or absent.
    /// </summary>
    public sealed class TwinValue
    {
        private readonly TwinMessage _message;
        private readonly int _property;
        private readonly int _twin;
        private readonly int _side;
        /// <summary>The value, always a string on the wire whatever the property's type.</summary>
        public readonly WireText Value;

        internal TwinValue(TwinMessage message, int property, int twin, int side)
        {
            _message = message;
            _property = property;
            _twin = twin;
            _side = side;
            Value = new WireText(message, message.ValueField(property, twin, side));
        }

        /// <summary>A <see cref="Wire.Presence"/> constant for the whole object.</summary>
        public int Presence
        {
            get { return _message.SidePresence(_property, _twin, _side); }
            set { _message.SetSidePresence(_property, _twin, _side, value); }
        }

        /// <summary>Set when metadata.timestamp was given.</summary>
        public bool HasTimestamp
        {
            get { return _message.SideHasTimestamp(_property, _twin, _side); }
            set { _message.SetSideTimestamp(_property, _twin, _side, value, Timestamp); }
        }

        /// <summary>metadata.timestamp: milliseconds since the epoch.</summary>
        public long Timestamp
        {
            get { return _message.SideTimestamp(_property, _twin, _side); }
            set { _message.SetSideTimestamp(_property, _twin, _side, HasTimestamp, value); }
        }

        /// <summary>Makes this side present with a value (and a timestamp when above 0). False when the arena is full.</summary>
        public bool Set(string value, long timestamp)
        {
            Presence = Wire.Presence.Value;
            _message.SetSideTimestamp(_property, _twin, _side, timestamp > 0, timestamp);
            return Value.Set(value);
        }

        public void Clear()
        {
            Presence = Wire.Presence.Absent;
            Value.Clear();
            _message.SetSideTimestamp(_property, _twin, _side, false, 0);
        }
    }
}
