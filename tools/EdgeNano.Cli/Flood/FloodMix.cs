using EdgeNano.Cli.Common;

namespace EdgeNano.Cli.Flood;

/// <summary>
/// How often each <see cref="FloodKind"/> occurs, as weights: "valid=10,invalid=25,malformed=25,oversize=20,other=20"
/// (kinds left out weigh 0). Picks are drawn from a seeded random source, so a run is repeatable.
/// </summary>
public sealed class FloodMix
{
    public const string Default = "valid=10,invalid=25,malformed=25,oversize=20,other=20";

    private readonly int[] _weights;
    private readonly int _total;

    private FloodMix(int[] weights)
    {
        _weights = weights;
        _total = weights.Sum();
    }

    /// <summary>The weight of a kind.</summary>
    public int Weight(FloodKind kind) => _weights[(int)kind];

    /// <summary>Reads "kind=weight,..."; a <see cref="CliException"/> naming the bad part otherwise.</summary>
    public static FloodMix Parse(string text)
    {
        var weights = new int[Enum.GetValues<FloodKind>().Length];
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = part.IndexOf('=');
            if (equals <= 0 || !Enum.TryParse(part[..equals], ignoreCase: true, out FloodKind kind) || !Enum.IsDefined(kind))
                throw new CliException($"--mix: '{part}' is not kind=weight (kinds: valid, invalid, malformed, oversize, other)");
            if (!int.TryParse(part[(equals + 1)..], out int weight) || weight < 0)
                throw new CliException($"--mix: '{part}' needs a whole weight of 0 or more");
            weights[(int)kind] = weight;
        }
        if (weights.Sum() == 0) throw new CliException("--mix: every weight is 0; nothing to send");
        return new FloodMix(weights);
    }

    /// <summary>One kind, drawn by weight.</summary>
    public FloodKind Pick(Random random)
    {
        int draw = random.Next(_total);
        for (int k = 0; k < _weights.Length; k++)
        {
            if (draw < _weights[k]) return (FloodKind)k;
            draw -= _weights[k];
        }
        return FloodKind.Valid; // not reached: draw < total
    }

    public override string ToString() =>
        string.Join(",", Enum.GetValues<FloodKind>().Select(k => $"{k.ToString().ToLowerInvariant()}={_weights[(int)k]}"));
}
