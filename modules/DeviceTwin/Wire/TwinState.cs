namespace EdgeNano.DeviceTwin.Wire
{
    /// <summary>
    /// A view of one property's twin as KubeEdge puts it on the wire (MsgTwin): expected and
    /// actual values, the optional flag, metadata.type and the two version pairs. Every field
    /// may be absent; the twin itself may be null (in an update: delete the property).
    /// </summary>
    public sealed class TwinState
    {
        private readonly TwinMessage _message;
        private readonly int _property;
        private readonly int _twin;
        public readonly TwinValue Expected;
        public readonly TwinValue Actual;
        /// <summary>metadata.type: string, int, integer, float, boolean or deleted.</summary>
        public readonly WireText Type;
        public readonly TwinVersion ExpectedVersion;
        public readonly TwinVersion ActualVersion;

        internal TwinState(TwinMessage message, int property, int twin)
        {
            _message = message;
            _property = property;
            _twin = twin;
            Expected = new TwinValue(message, property, twin, TwinMessage.Expected);
            Actual = new TwinValue(message, property, twin, TwinMessage.Actual);
            Type = new WireText(message, message.TypeField(property, twin));
            ExpectedVersion = new TwinVersion(message, property, twin, TwinMessage.Expected);
            ActualVersion = new TwinVersion(message, property, twin, TwinMessage.Actual);
        }

        /// <summary>A <see cref="Wire.Presence"/> constant for the whole object.</summary>
        public int Presence
        {
            get { return _message.TwinStatePresence(_property, _twin); }
            set { _message.SetTwinStatePresence(_property, _twin, value); }
        }

        /// <summary>Set when "optional" was given (true or false).</summary>
        public bool HasOptional
        {
            get { return _message.HasOptional(_property, _twin); }
            set { _message.SetOptional(_property, _twin, value, Optional); }
        }

        public bool Optional
        {
            get { return _message.Optional(_property, _twin); }
            set { _message.SetOptional(_property, _twin, HasOptional, value); }
        }

        public bool HasValue { get { return Presence == Wire.Presence.Value; } }
        public bool IsNull { get { return Presence == Wire.Presence.Null; } }

        /// <summary>Sets the optional flag and marks the twin present.</summary>
        public void SetOptional(bool optional)
        {
            Presence = Wire.Presence.Value;
            _message.SetOptional(_property, _twin, true, optional);
        }

        public void Clear()
        {
            Presence = Wire.Presence.Absent;
            Expected.Clear();
            Actual.Clear();
            _message.SetOptional(_property, _twin, false, false);
            Type.Clear();
            ExpectedVersion.Clear();
            ActualVersion.Clear();
        }
    }
}
