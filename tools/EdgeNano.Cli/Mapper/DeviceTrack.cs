namespace EdgeNano.Cli.Mapper;

/// <summary>The mapper's bookkeeping for one served device: when it is next reported, which desired values it sent when, what it has logged.</summary>
internal sealed class DeviceTrack
{
    /// <summary>When the device is next reported to edgecore.</summary>
    public DateTime NextReport { get; set; }

    private volatile bool _needsTwin = true;

    /// <summary>The owner should be asked for the device's twin (new device, reconnected broker); set from the broker link's thread.</summary>
    public bool NeedsTwin
    {
        get => _needsTwin;
        set => _needsTwin = value;
    }

    /// <summary>Per property: the desired value last published and when.</summary>
    public Dictionary<string, (string Value, DateTime At)> Sent { get; } = new(StringComparer.Ordinal);

    /// <summary>When the owner's twin of the device first showed values from its board, or null.</summary>
    public DateTime? BoardSeenAt { get; set; }

    /// <summary>Problems found on the board's side (a property it does not have), as the last report said them.</summary>
    public List<string> BoardProblems { get; } = [];

    /// <summary>Problem lines already logged, so each is said once per reading of the device.</summary>
    public HashSet<string> Logged { get; } = new(StringComparer.Ordinal);

    /// <summary>The state last reported, to log changes only.</summary>
    public string? LastState { get; set; }
}
