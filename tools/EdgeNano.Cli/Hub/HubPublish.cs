namespace EdgeNano.Cli.Hub;

/// <summary>A message the hub wants published (QoS 1, not retained: edgecore retains nothing).</summary>
public readonly record struct HubPublish(string Topic, byte[] Payload);
