namespace EdgeNano.DeviceTwin.Wire
{
    /// <summary>
    /// A view of one entry of a message's "twin" map: the property's key and its twin. In a
    /// document message the entry carries "last" and "current" twins too; those are only kept
    /// by messages created with document support (see <see cref="TwinMessage"/>), else null.
    /// </summary>
    public sealed class TwinProperty
    {
        public readonly WireText Key;
        /// <summary>The property's twin (update, result, delta, get/result).</summary>
        public readonly TwinState Twin;
        /// <summary>A document's state before the change; null unless the message keeps documents.</summary>
        public readonly TwinState Last;
        /// <summary>A document's state after the change; null unless the message keeps documents.</summary>
        public readonly TwinState Current;

        internal TwinProperty(TwinMessage message, int index)
        {
            Key = new WireText(message, message.KeyField(index));
            Twin = new TwinState(message, index, TwinMessage.TwinOf);
            if (message.KeepsDocuments)
            {
                Last = new TwinState(message, index, TwinMessage.LastOf);
                Current = new TwinState(message, index, TwinMessage.CurrentOf);
            }
        }

        public void Clear()
        {
            Key.Clear();
            Twin.Clear();
            if (Last != null)
            {
                Last.Clear();
                Current.Clear();
            }
        }
    }
}
