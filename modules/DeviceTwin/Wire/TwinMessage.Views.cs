namespace EdgeNano.DeviceTwin.Wire
{
    /// <summary>
    /// Object views of a message's rows, for the host (the twin hub, the CLI) and tests, where a
    /// few objects per call are cheap and reading <c>message.PropertyAt(0).Twin.Expected.Value</c>
    /// is clearer than field numbers. Each call allocates a view; device code uses the
    /// index methods in TwinMessage.cs instead.
    /// </summary>
    public sealed partial class TwinMessage
    {
        /// <summary>A view of the index-th entry of the "twin" map, in payload order.</summary>
        public TwinProperty PropertyAt(int index)
        {
            if (index < 0 || index >= _propertyCount) throw new System.ArgumentOutOfRangeException("index");
            return new TwinProperty(this, index);
        }

        /// <summary>A view of the index-th key of the "delta" map.</summary>
        public WireText DeltaKeyAt(int index)
        {
            if (index < 0 || index >= _deltaCount) throw new System.ArgumentOutOfRangeException("index");
            return new WireText(this, DeltaKeyField(index));
        }

        /// <summary>A view of the expected value for DeltaKeyAt(index).</summary>
        public WireText DeltaValueAt(int index)
        {
            if (index < 0 || index >= _deltaCount) throw new System.ArgumentOutOfRangeException("index");
            return new WireText(this, DeltaValueField(index));
        }

        /// <summary>A view of the index-th device of the membership lists, in payload order.</summary>
        public MemberDevice MemberAt(int index)
        {
            if (index < 0 || index >= _memberCount) throw new System.ArgumentOutOfRangeException("index");
            return new MemberDevice(this, index);
        }

        /// <summary>The property with this key (ASCII), or null.</summary>
        public TwinProperty FindProperty(string key)
        {
            int index = IndexOfProperty(key);
            return index < 0 ? null : new TwinProperty(this, index);
        }

        /// <summary>The property with this key (UTF-8 bytes), or null.</summary>
        public TwinProperty FindProperty(byte[] key, int offset, int length)
        {
            int index = IndexOfProperty(key, offset, length);
            return index < 0 ? null : new TwinProperty(this, index);
        }

        /// <summary>The delta's expected value for this key (ASCII), or null when the delta has no such key.</summary>
        public WireText FindDelta(string key)
        {
            int index = IndexOfDelta(key);
            return index < 0 ? null : new WireText(this, DeltaValueField(index));
        }

        /// <summary>Adds a property (present, with an empty twin); null when the message is full or the arena cannot hold the key.</summary>
        public TwinProperty AddProperty(string key)
        {
            int index = AddPropertyRow(key);
            return index < 0 ? null : new TwinProperty(this, index);
        }

        /// <summary>Adds a property whose key is UTF-8 bytes; null when full.</summary>
        public TwinProperty AddProperty(byte[] key, int offset, int length)
        {
            int index = AddPropertyRow(key, offset, length);
            return index < 0 ? null : new TwinProperty(this, index);
        }

        /// <summary>Adds a device to a membership list (MemberDevice.Listed, Added or Removed); null when full.</summary>
        public MemberDevice AddMember(int list)
        {
            int index = AddMemberRow(list);
            return index < 0 ? null : new MemberDevice(this, index);
        }

        internal void SetMemberList(int member, int list)
        {
            _memberLists[member] = list;
        }
    }
}
