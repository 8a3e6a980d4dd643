namespace EdgeNano.DeviceTwin.Wire
{
    /// <summary>
    /// A view of one device in a membership message ("devices", "added_devices" or
    /// "removed_devices"): the fields a device needs to recognise itself. Its attributes and
    /// twin are skipped.
    /// </summary>
    public sealed class MemberDevice
    {
        /// <summary>Listed in "devices" (membership/get/result).</summary>
        public const int Listed = 0;
        /// <summary>Listed in "added_devices" (membership/updated).</summary>
        public const int Added = 1;
        /// <summary>Listed in "removed_devices" (membership/updated).</summary>
        public const int Removed = 2;

        private readonly TwinMessage _message;
        private readonly int _index;
        public readonly WireText Id;
        public readonly WireText Name;
        public readonly WireText State;

        internal MemberDevice(TwinMessage message, int index)
        {
            _message = message;
            _index = index;
            Id = new WireText(message, message.MemberIdField(index));
            Name = new WireText(message, message.MemberNameField(index));
            State = new WireText(message, message.MemberStateField(index));
        }

        /// <summary>Which list the device came in: Listed, Added or Removed.</summary>
        public int List
        {
            get { return _message.MemberList(_index); }
            set { _message.SetMemberList(_index, value); }
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
