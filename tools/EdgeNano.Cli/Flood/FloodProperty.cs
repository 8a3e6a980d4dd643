using EdgeNano.Cli.Common;

namespace EdgeNano.Cli.Flood;

/// <summary>
/// A writable property the flood sets desired values on ("led:boolean", "setpoint:int"), with
/// the values it sent: each valid message carries the next one, so the last value sent is known.
/// </summary>
public sealed class FloodProperty(string key, string type)
{
    private long _sent;

    public string Key { get; } = key;

    /// <summary>metadata.type as KubeEdge names it: boolean, int, integer, float or string.</summary>
    public string Type { get; } = type;

    /// <summary>The last desired value sent, or null before the first.</summary>
    public string? LastValue { get; private set; }

    /// <summary>"key[:type]", type string by default; a <see cref="CliException"/> when it is not one.</summary>
    public static FloodProperty Parse(string text)
    {
        int colon = text.IndexOf(':');
        string key = colon < 0 ? text : text[..colon];
        string type = colon < 0 ? "string" : text[(colon + 1)..];
        if (key.Length == 0 || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || "-_.,/@#".Contains(c))))
            throw new CliException($"--property: '{text}' is not key[:type] with a KubeEdge key");
        if (type is not ("boolean" or "int" or "integer" or "float" or "string"))
            throw new CliException($"--property: '{text}': type must be boolean, int, integer, float or string");
        return new FloodProperty(key, type);
    }

    /// <summary>The next desired value, different from the last: booleans alternate, numbers and strings count up.</summary>
    public string NextValue()
    {
        long n = ++_sent;
        LastValue = Type switch
        {
            "boolean" => n % 2 == 1 ? "true" : "false",
            "int" or "integer" => n.ToString(),
            "float" => n + ".5",
            _ => "v" + n,
        };
        return LastValue;
    }

    /// <summary>A value this property's type refuses (for invalid messages): the rules must not take it.</summary>
    public string WrongValue => Type switch
    {
        "boolean" => "warm",
        "int" or "integer" => "1.5e",
        "float" => "abc",
        _ => "a b", // a space: outside KubeEdge's value pattern
    };

    public override string ToString() => Key + ":" + Type;
}
