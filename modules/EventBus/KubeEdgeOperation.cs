namespace EdgeNano.EventBus
{
    /// <summary>
    /// The KubeEdge topic a message came on or goes to, as numbers (Enum.ToString gives a number
    /// on the device; <see cref="Name"/> gives the topic's own words for logs).
    /// </summary>
    public static class KubeEdgeOperation
    {
        /// <summary>Not a KubeEdge topic, or a malformed one.</summary>
        public const int None = 0;
        /// <summary>$hw/events/device/{dev}/twin/update: device reports actual values.</summary>
        public const int TwinUpdate = 1;
        /// <summary>.../twin/update/result: the twin owner's answer to an update.</summary>
        public const int TwinUpdateResult = 2;
        /// <summary>.../twin/update/delta: expected differs from actual somewhere.</summary>
        public const int TwinUpdateDelta = 3;
        /// <summary>.../twin/update/document: last and current state of the changed keys (for apps).</summary>
        public const int TwinUpdateDocument = 4;
        /// <summary>.../twin/get: the device asks for its whole twin.</summary>
        public const int TwinGet = 5;
        /// <summary>.../twin/get/result: the whole twin.</summary>
        public const int TwinGetResult = 6;
        /// <summary>.../state/update: online, offline, ok, unknown, unhealthy.</summary>
        public const int StateUpdate = 7;
        /// <summary>.../state/update/result.</summary>
        public const int StateUpdateResult = 8;
        /// <summary>$hw/events/node/{node}/membership/get.</summary>
        public const int MembershipGet = 9;
        /// <summary>$hw/events/node/{node}/membership/get/result.</summary>
        public const int MembershipGetResult = 10;
        /// <summary>$hw/events/node/{node}/membership/updated.</summary>
        public const int MembershipUpdated = 11;
        /// <summary>$ke/events/device/{dev}/data/update: telemetry for third parties.</summary>
        public const int DataUpdate = 12;

        /// <summary>True for the operations whose topic names a node rather than a device.</summary>
        public static bool IsNodeOperation(int operation)
        {
            return operation == MembershipGet || operation == MembershipGetResult || operation == MembershipUpdated;
        }

        public static string Name(int operation)
        {
            switch (operation)
            {
                case TwinUpdate: return "twin/update";
                case TwinUpdateResult: return "twin/update/result";
                case TwinUpdateDelta: return "twin/update/delta";
                case TwinUpdateDocument: return "twin/update/document";
                case TwinGet: return "twin/get";
                case TwinGetResult: return "twin/get/result";
                case StateUpdate: return "state/update";
                case StateUpdateResult: return "state/update/result";
                case MembershipGet: return "membership/get";
                case MembershipGetResult: return "membership/get/result";
                case MembershipUpdated: return "membership/updated";
                case DataUpdate: return "data/update";
                default: return "none";
            }
        }
    }
}
