namespace EdgeNano.Cli.Flood;

/// <summary>What one flood message is, and so where it goes and who should count it.</summary>
public enum FloodKind
{
    /// <summary>A new desired value to the twin owner on the device's twin/update, as <c>twin set</c> sends it.</summary>
    Valid,

    /// <summary>Well-formed delta JSON straight to the device, with a value or key the twin rules refuse.</summary>
    Invalid,

    /// <summary>Bytes that are not twin JSON, straight to the device's delta and get/result topics.</summary>
    Malformed,

    /// <summary>A payload larger than the device's largest message, straight to the device.</summary>
    Oversize,

    /// <summary>Twin traffic for devices that are not this one (the broker must not deliver it to the device).</summary>
    Other,
}
