namespace EdgeNano.DeviceTwin.Wire
{
    /// <summary>
    /// One device in a membership message ("devices", "added_devices" or "removed_devices"):
    /// the fields a device needs to recognise itself. Its attributes and twin are skipped.
    /// </summary>
    public sealed class MemberDevice
    {
        /// <summary>Listed in "devices" (membership/get/result).</summary>
        public const int Listed = 0;
        /// <summary>Listed in "added_devices" (membership/updated).</summary>
        public const int Added = 1;
        /// <summary>Listed in "removed_devices" (membership/updated).</summary>
        public const int Removed = 2;

        /// <summary>Which list the device came in: Listed, Added or Removed.</summary>
        public int List;
        public readonly WireText Id;
        public readonly WireText Name;
        public readonly WireText State;

        public MemberDevice(TextArena arena)
        {
            Id = new WireText(arena);
            Name = new WireText(arena);
            State = new WireText(arena);
        }

        public void Clear()
        {
            List = Listed;
            Id.Clear();
            Name.Clear();
            State.Clear();
        }
    }
}
