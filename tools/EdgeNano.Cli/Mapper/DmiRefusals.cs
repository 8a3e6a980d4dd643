namespace EdgeNano.Cli.Mapper;

/// <summary>DMI input the mapper refused, by kind. Thread-safe; the mapper keeps running after each.</summary>
internal sealed class DmiRefusals
{
    private long _malformed, _oversized, _invalid;

    /// <summary>Calls that were not a readable DMI request (bad protobuf, unknown method).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Requests above the message size limit.</summary>
    public long Oversized => Interlocked.Read(ref _oversized);

    /// <summary>Readable requests whose content the mapper cannot take (names, values, sizes out of KubeEdge's rules).</summary>
    public long Invalid => Interlocked.Read(ref _invalid);

    public long Total => Malformed + Oversized + Invalid;

    public void CountMalformed() => Interlocked.Increment(ref _malformed);

    public void CountOversized() => Interlocked.Increment(ref _oversized);

    public void CountInvalid() => Interlocked.Increment(ref _invalid);
}
