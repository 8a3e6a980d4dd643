using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace EdgeNano.Tests.Cli;

/// <summary>
/// What a YAML 1.1 reader (kubectl's, go-yaml v2) makes of a scalar: a quoted scalar is a string;
/// a plain one is a bool, null, int, float, timestamp, merge or value key when it matches those
/// types' patterns from yaml.org/type (1.1), widened by the numbers go-yaml also takes (1e3, 0o17),
/// and only otherwise a string. YamlDotNet parses the text but does not resolve plain scalars.
/// </summary>
internal static partial class Yaml11
{
    [GeneratedRegex("^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")]
    private static partial Regex Bool();

    [GeneratedRegex("^(~|null|Null|NULL|)$")]
    private static partial Regex Null();

    [GeneratedRegex("^([-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+|0o[0-7]+)$")]
    private static partial Regex Int();

    [GeneratedRegex(@"^([-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)$")]
    private static partial Regex Float();

    [GeneratedRegex("^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?")]
    private static partial Regex Timestamp();

    /// <summary>"str", "bool", "null", "int", "float", "timestamp", "merge" or "value".</summary>
    public static string TypeOf(YamlScalarNode scalar)
    {
        if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain) return "str";
        string text = scalar.Value ?? "";
        if (Bool().IsMatch(text)) return "bool";
        if (Null().IsMatch(text)) return "null";
        if (Int().IsMatch(text)) return "int";
        if (Float().IsMatch(text)) return "float";
        if (Timestamp().IsMatch(text)) return "timestamp";
        if (text == "<<") return "merge";
        if (text == "=") return "value";
        return "str";
    }

    /// <summary>Every scalar under the node, with the mapping key it is the value of (a key itself comes with null).</summary>
    public static IEnumerable<(string? Key, YamlScalarNode Scalar)> Scalars(YamlNode node, string? key = null)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                yield return (key, scalar);
                break;
            case YamlSequenceNode sequence:
                foreach (YamlNode item in sequence.Children)
                foreach (var found in Scalars(item, key)) yield return found;
                break;
            case YamlMappingNode mapping:
                foreach ((YamlNode k, YamlNode value) in mapping.Children)
                {
                    var name = (YamlScalarNode)k;
                    yield return (null, name);
                    foreach (var found in Scalars(value, name.Value)) yield return found;
                }
                break;
        }
    }
}
