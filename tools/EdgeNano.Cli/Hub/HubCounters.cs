namespace EdgeNano.Cli.Hub;

/// <summary>
/// What the hub did with the messages it received: answered, or refused and why. Bad input is
/// refused and counted here rather than crashing the hub; the hub prints these in its status
/// line and the sim puts its in-process hub's into the report.
/// </summary>
public sealed record HubCounts
{
    /// <summary>Messages answered without an error (updates applied or unchanged, gets, states, membership).</summary>
    public long Answered { get; init; }
    /// <summary>Payloads that are not JSON the twin decoder reads (400).</summary>
    public long BadJson { get; init; }
    /// <summary>Well-formed requests the twin rules refuse: wrong types, bad keys, stale versions, unknown states (400), twins past the limits (500).</summary>
    public long Invalid { get; init; }
    /// <summary>twin/get of a device the hub does not know (404).</summary>
    public long UnknownDevice { get; init; }
    /// <summary>Payloads over the hub's largest (400, not decoded).</summary>
    public long Oversize { get; init; }
    /// <summary>Messages for devices another shard owns: ignored, not answered.</summary>
    public long OtherShard { get; init; }
    /// <summary>Messages whose handling threw (a hub bug): answered 500, the hub went on.</summary>
    public long Failed { get; init; }

    /// <summary>Both counts added up, counter by counter (the lanes of one hub).</summary>
    public static HubCounts operator +(HubCounts a, HubCounts b) => new()
    {
        Answered = a.Answered + b.Answered, BadJson = a.BadJson + b.BadJson, Invalid = a.Invalid + b.Invalid,
        UnknownDevice = a.UnknownDevice + b.UnknownDevice, Oversize = a.Oversize + b.Oversize,
        OtherShard = a.OtherShard + b.OtherShard, Failed = a.Failed + b.Failed,
    };

    /// <summary>Refused messages of every kind (other shards' not included: they are not refused, just not ours).</summary>
    public long Refused => BadJson + Invalid + UnknownDevice + Oversize + Failed;

    /// <summary>One line for the log: "answered 12, refused 3 (bad JSON 1, invalid 1, ...), other shards 40".</summary>
    public override string ToString() =>
        $"answered {Answered}, refused {Refused} (bad JSON {BadJson}, invalid {Invalid}, unknown device {UnknownDevice}, " +
        $"oversize {Oversize}, failed {Failed}), other shards' {OtherShard}";
}
