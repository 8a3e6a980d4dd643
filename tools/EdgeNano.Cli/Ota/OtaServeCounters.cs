namespace EdgeNano.Cli.Ota;

/// <summary>What the update server answered for one device.</summary>
/// <param name="ManifestsServed">Manifest requests answered with the manifest.</param>
/// <param name="BlocksServed">Block requests answered with the block's bytes.</param>
/// <param name="BytesServed">File bytes sent in those blocks.</param>
/// <param name="UnknownRequests">Requests for a package not offered to the device (answered with status 1).</param>
public readonly record struct OtaServeCounters(long ManifestsServed, long BlocksServed, long BytesServed, long UnknownRequests);
