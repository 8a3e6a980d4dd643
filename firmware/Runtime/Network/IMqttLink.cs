namespace EdgeNano.Runtime.Network
{
    /// <summary>
    /// One MQTT session to one broker, as a board provides it (M2Mqtt on the device, MQTTnet on the
    /// host). Deliberately small: the link never reconnects by itself, because edgehub owns
    /// reconnects (backoff, jitter, resync after connect) and must see every drop.
    /// Calls block the calling thread for at most the options' OperationTimeoutMs, so the caller
    /// should be a network thread, not the runtime's dispatcher.
    /// </summary>
    public interface IMqttLink
    {
        /// <summary>True between a successful Connect and the next Disconnect or connection loss.</summary>
        bool IsConnected { get; }

        /// <summary>
        /// Where received messages and connection loss go. Set it before Connect; the link calls
        /// it on its own network thread.
        /// </summary>
        void SetListener(IMqttLinkListener listener);

        /// <summary>Opens the session (TCP or TLS, then MQTT CONNECT). Returns a <see cref="MqttConnectResult"/> value.</summary>
        int Connect(MqttLinkOptions options);

        /// <summary>
        /// Publishes count bytes of payload from offset. QoS 0 or 1 (<see cref="MqttQos"/>).
        /// Accepted means: QoS 0 handed to the network; QoS 1 sent and held in the session's in-flight
        /// window until the broker acknowledges it (M2Mqtt also retransmits it meanwhile). A full
        /// window returns InflightFull; what a lost connection had in flight is not reported one by
        /// one (the loss is, and the get after the reconnect corrects the owner's readings).
        /// Returns a <see cref="MqttPublishResult"/> value. The payload may be reused once this returns.
        /// </summary>
        int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain);

        /// <summary>Subscribes to filters[i] at qos[i]. Returns a <see cref="MqttSubscribeResult"/> value.</summary>
        int Subscribe(string[] filters, int[] qos);

        /// <summary>
        /// Ends the session with an MQTT DISCONNECT, so the broker discards the will message.
        /// Does not report a connection loss. Safe to call when not connected.
        /// </summary>
        void Disconnect();
    }
}
