namespace EdgeNano.DeviceTwin.Wire
{
    /// <summary>
    /// One property's twin as KubeEdge puts it on the wire (MsgTwin): expected and actual
    /// values, the optional flag, metadata.type and the two version pairs. Every field may be
    /// absent; the twin itself may be null (in an update: delete the property).
    /// </summary>
    public sealed class TwinState
    {
        /// <summary>A <see cref="Wire.Presence"/> constant for the whole object.</summary>
        public int Presence;
        public readonly TwinValue Expected;
        public readonly TwinValue Actual;
        /// <summary>Set when "optional" was given (true or false).</summary>
        public bool HasOptional;
        public bool Optional;
        /// <summary>metadata.type: string, int, integer, float, boolean or deleted.</summary>
        public readonly WireText Type;
        public readonly TwinVersion ExpectedVersion = new TwinVersion();
        public readonly TwinVersion ActualVersion = new TwinVersion();

        public TwinState(TextArena arena)
        {
            Expected = new TwinValue(arena);
            Actual = new TwinValue(arena);
            Type = new WireText(arena);
        }

        public bool HasValue { get { return Presence == Wire.Presence.Value; } }
        public bool IsNull { get { return Presence == Wire.Presence.Null; } }

        /// <summary>Sets the optional flag and marks the twin present.</summary>
        public void SetOptional(bool optional)
        {
            Presence = Wire.Presence.Value;
            HasOptional = true;
            Optional = optional;
        }

        public void Clear()
        {
            Presence = Wire.Presence.Absent;
            Expected.Clear();
            Actual.Clear();
            HasOptional = false;
            Optional = false;
            Type.Clear();
            ExpectedVersion.Clear();
            ActualVersion.Clear();
        }
    }
}
