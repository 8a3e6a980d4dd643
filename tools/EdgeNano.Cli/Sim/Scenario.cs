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
            if (fault.Kind is not (Fault.BrokerOutage or Fault.Reboot or Fault.PowerCut))
                throw new CliException($"{path}: fault kind '{fault.Kind}' is not one of {Fault.BrokerOutage}, {Fault.Reboot}, {Fault.PowerCut}");
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
/// One fault at <see cref="AtMs"/> after start: "brokerOutage" stops the embedded broker for
/// <see cref="DurationMs"/>; "reboot" stops <see cref="Devices"/> boards (flushed) and starts them
/// again after <see cref="DurationMs"/>; "powerCut" drops them without Stop (no flush).
/// </summary>
internal sealed record Fault
{
    public const string BrokerOutage = "brokerOutage";
    public const string Reboot = "reboot";
    public const string PowerCut = "powerCut";

    public string Kind { get; init; } = "";
    public int AtMs { get; init; }
    public int DurationMs { get; init; } = 1000;
    /// <summary>How many boards a reboot or power cut hits (the first ones of the fleet).</summary>
    public int Devices { get; init; } = 1;
}
