using EdgeNano.DeviceTwin.Json;

namespace EdgeNano.DeviceTwin.Wire
{
    /// <summary>
    /// The field names of KubeEdge's twin JSON as UTF-8, made once when the type is first used,
    /// so <see cref="TwinEncoder"/> writes them per message without allocating and without
    /// reading a string's characters (see <see cref="Utf8Cache"/> for why that matters on nanoCLR).
    /// One set for every encoder on the device.
    /// </summary>
    internal static class WireNames
    {
        public static readonly byte[] EventId = Utf8.Bytes("event_id");
        public static readonly byte[] Timestamp = Utf8.Bytes("timestamp");
        public static readonly byte[] Twin = Utf8.Bytes("twin");
        public static readonly byte[] Delta = Utf8.Bytes("delta");
        public static readonly byte[] Data = Utf8.Bytes("data");
        public static readonly byte[] Code = Utf8.Bytes("code");
        public static readonly byte[] Reason = Utf8.Bytes("reason");
        public static readonly byte[] State = Utf8.Bytes("state");
        public static readonly byte[] Devices = Utf8.Bytes("devices");
        public static readonly byte[] AddedDevices = Utf8.Bytes("added_devices");
        public static readonly byte[] RemovedDevices = Utf8.Bytes("removed_devices");
        public static readonly byte[] Id = Utf8.Bytes("id");
        public static readonly byte[] Name = Utf8.Bytes("name");
        public static readonly byte[] Expected = Utf8.Bytes("expected");
        public static readonly byte[] Actual = Utf8.Bytes("actual");
        public static readonly byte[] Value = Utf8.Bytes("value");
        public static readonly byte[] Metadata = Utf8.Bytes("metadata");
        public static readonly byte[] Type = Utf8.Bytes("type");
        public static readonly byte[] Optional = Utf8.Bytes("optional");
        public static readonly byte[] Last = Utf8.Bytes("last");
        public static readonly byte[] Current = Utf8.Bytes("current");
        public static readonly byte[] ExpectedVersion = Utf8.Bytes("expected_version");
        public static readonly byte[] ActualVersion = Utf8.Bytes("actual_version");
        public static readonly byte[] Cloud = Utf8.Bytes("cloud");
        public static readonly byte[] Edge = Utf8.Bytes("edge");
    }
}
