using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeNano.Cli.Common;

namespace EdgeNano.Cli.Sim;

/// <summary>
/// What happens during a sim run: how inputs change, how often desired values are set, and
/// faults. Read from --scenario (JSON, camelCase); without one, <see cref="Default"/>: every
/// device's inputs change every 2 s and its outputs get a new desired value every 5 s.
/// </summary>
internal sealed record Scenario
{
    /// <summary>Input waveforms by property key; "*" applies to every input and counter without its own entry.</summary>
    public Dictionary<string, InputWave> Inputs { get; init; } = new() { ["*"] = new InputWave() };

    public DesiredChanges Desired { get; init; } = new();

    public List<Fault> Faults { get; init; } = [];

    /// <summary>Seeds the choice of random devices and of power-cut points, so a run's faults can be replayed.</summary>
    public int Seed { get; init; } = 1;

    public static Scenario Default => new();

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static Scenario Load(string path)
    {
        Scenario? scenario;
        try
        {
            scenario = JsonSerializer.Deserialize<Scenario>(File.ReadAllBytes(path), Json);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{path}: {e.Message}");
        }
        if (scenario == null) throw new CliException($"{path}: empty scenario");
        foreach (Fault fault in scenario.Faults)
        {
            if (fault.Kind is not (Fault.BrokerOutage or Fault.Reboot or Fault.PowerCut or Fault.StorePowerCut))
                throw new CliException($"{path}: fault kind '{fault.Kind}' is not one of {Fault.BrokerOutage}, {Fault.Reboot}, {Fault.PowerCut}, {Fault.StorePowerCut}");
            if (fault.AtMs < 0 || fault.DurationMs < 0 || fault.EveryMs < 0 || fault.Devices < 0)
                throw new CliException($"{path}: a {fault.Kind} fault has a negative atMs, durationMs, everyMs or devices");
            if (fault.EveryMs > 0 && fault.EveryMs <= fault.DurationMs && fault.Kind == Fault.BrokerOutage)
                throw new CliException($"{path}: a repeated brokerOutage needs everyMs greater than durationMs (the broker must come back in between)");
        }
        return scenario;
    }

    /// <summary>The waveform of one input key, or null when it stays still.</summary>
    public InputWave? WaveFor(string key) =>
        Inputs.TryGetValue(key, out var wave) ? wave : Inputs.TryGetValue("*", out var any) ? any : null;
}

/// <summary>An input's waveform: it changes every <see cref="EveryMs"/> (a button flips, a counter gets <see cref="Pulses"/> pulses).</summary>
internal sealed record InputWave
{
    public int EveryMs { get; init; } = 2000;
    public int Pulses { get; init; } = 3;
}

/// <summary>How often each device's outputs get a new desired value (toggled); 0 never.</summary>
internal sealed record DesiredChanges
{
    public int EveryMs { get; init; } = 5000;
}

/// <summary>
/// One fault at <see cref="AtMs"/> after start, again every <see cref="EveryMs"/> when that is set:
/// "brokerOutage" stops the broker the sim runs (embedded or --mosquitto) for
/// <see cref="DurationMs"/>; "reboot" stops <see cref="Devices"/> boards (flushed) and starts them
/// again after <see cref="DurationMs"/>; "powerCut" drops them without Stop (no flush);
/// "storePowerCut" arms a cut in each one's next store write: the write is torn or its temporary
/// file left behind, the board loses power at that moment and comes back <see cref="DurationMs"/>
/// later from what is on its flash.
/// </summary>
internal sealed record Fault
{
    public const string BrokerOutage = "brokerOutage";
    public const string Reboot = "reboot";
    public const string PowerCut = "powerCut";
    public const string StorePowerCut = "storePowerCut";

    public string Kind { get; init; } = "";
    public int AtMs { get; init; }
    public int DurationMs { get; init; } = 1000;
    /// <summary>0: once; otherwise the period after which the fault happens again, until the run ends.</summary>
    public int EveryMs { get; init; }
    /// <summary>How many boards a reboot or power cut hits: the first ones of the fleet, or random ones with <see cref="Random"/>.</summary>
    public int Devices { get; init; } = 1;
    /// <summary>Picks the boards at random (by the scenario's seed) among those running and not hit by another fault.</summary>
    public bool Random { get; init; }
}
