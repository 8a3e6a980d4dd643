namespace EdgeNano.Cli.Twin;

/// <summary>
/// A device's KubeEdge topics from what the user typed: "namespace/name" as given, "name" as
/// "default/name" (KubeEdge v1.16.2+), or "name" alone with singleSegment (older KubeEdge).
/// </summary>
public sealed record DeviceTopics(string DeviceId)
{
    public static DeviceTopics From(string device, bool singleSegment) =>
        new(device.Contains('/') || singleSegment ? device : "default/" + device);

    public string Base => "$hw/events/device/" + DeviceId;
    public string TwinUpdate => Base + "/twin/update";
    public string TwinUpdateResult => Base + "/twin/update/result";
    public string TwinDelta => Base + "/twin/update/delta";
    public string TwinDocument => Base + "/twin/update/document";
    public string TwinGet => Base + "/twin/get";
    public string TwinGetResult => Base + "/twin/get/result";
}
