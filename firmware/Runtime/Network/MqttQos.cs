namespace EdgeNano.Runtime.Network
{
    /// <summary>
    /// MQTT quality-of-service levels the links support. QoS 2 is left out on purpose: KubeEdge's
    /// eventbus uses QoS 1, and exactly-once costs a device two more round trips per message.
    /// </summary>
    public static class MqttQos
    {
        public const int AtMostOnce = 0;
        public const int AtLeastOnce = 1;

        /// <summary>True for the levels a link accepts.</summary>
        public static bool IsSupported(int qos)
        {
            return qos == AtMostOnce || qos == AtLeastOnce;
        }
    }
}
