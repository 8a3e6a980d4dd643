namespace EdgeNano.Runtime.Network
{
    /// <summary>
    /// What a link reports on its own network thread. An interface rather than events because
    /// nanoFramework's stable runtime has no generic delegates. Implementations must return
    /// quickly: the link reads nothing else while a call runs.
    /// </summary>
    public interface IMqttLinkListener
    {
        /// <summary>
        /// A PUBLISH from the broker. The payload bytes are payload[offset .. offset+count); they
        /// belong to the link and may be overwritten after this returns, so copy what you keep.
        /// </summary>
        void MessageReceived(string topic, byte[] payload, int offset, int count, int qos, bool retain);

        /// <summary>
        /// The session ended without a Disconnect call (broker gone, socket cut, keepalive
        /// missed). Called once per session; the link is already not connected.
        /// </summary>
        void ConnectionLost();
    }
}
