namespace EdgeNano.Runtime.Network
{
    /// <summary>
    /// Argument checks every link applies the same way before touching the network, so a bad
    /// call gets the same answer from the device's adapter as from the host's.
    /// </summary>
    public static class MqttLinkChecks
    {
        // What a topic name to publish to must not hold; searched natively, so the topic's
        // characters are never indexed one by one.
        private static readonly char[] NotInTopicNames = new char[] { '+', '#', '\0' };

        /// <summary>True when the options name a broker and client and are consistent (TLS has a CA, a client certificate has its key).</summary>
        public static bool OptionsUsable(MqttLinkOptions options)
        {
            if (options == null) return false;
            if (options.Host == null || options.Host.Length == 0) return false;
            if (options.ClientId == null || options.ClientId.Length == 0) return false;
            if (options.Port < 1 || options.Port > 65535) return false;
            if (options.KeepAliveSeconds < 0 || options.KeepAliveSeconds > 65535) return false;
            if (options.OperationTimeoutMs < 1 || options.InflightQueueSize < 1) return false;
            if (options.UseTls && (options.CaCertificatePem == null || options.CaCertificatePem.Length == 0)) return false;
            if (options.ClientCertificatePem != null && options.ClientKeyPem == null) return false;
            if (options.WillTopic != null)
            {
                if (options.WillTopic.Length == 0 || !MqttQos.IsSupported(options.WillQos)) return false;
            }
            return true;
        }

        /// <summary>True when a publish has a topic without wildcards, a supported QoS and a slice inside the payload.</summary>
        public static bool PublishArgumentsValid(string topic, byte[] payload, int offset, int count, int qos)
        {
            if (topic == null || topic.Length == 0 || !MqttQos.IsSupported(qos)) return false;
            if (topic.IndexOfAny(NotInTopicNames) >= 0) return false;
            if (offset < 0 || count < 0) return false;
            if (payload == null) return offset == 0 && count == 0;
            return offset <= payload.Length && count <= payload.Length - offset;
        }

        /// <summary>True when there is at least one filter and one supported QoS per filter.</summary>
        public static bool SubscribeArgumentsValid(string[] filters, int[] qos)
        {
            if (filters == null || qos == null || filters.Length == 0 || filters.Length != qos.Length) return false;
            for (int i = 0; i < filters.Length; i++)
            {
                if (filters[i] == null || filters[i].Length == 0 || !MqttQos.IsSupported(qos[i])) return false;
            }
            return true;
        }
    }
}
