using System.Text.Json;

namespace EdgeNano.Cli.Twin;

/// <summary>Writes a twin map ({key: MsgTwin}) as one line per property.</summary>
internal static class TwinPrinter
{
    public static void WriteTwin(TextWriter output, JsonElement twin, string indent = "")
    {
        if (twin.ValueKind != JsonValueKind.Object) return;
        foreach (JsonProperty property in twin.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            output.WriteLine(indent + Line(property.Name, property.Value));
        }
    }

    /// <summary>"key  expected=v  actual=v  (type)", or "key  deleted".</summary>
    public static string Line(string key, JsonElement state)
    {
        if (state.ValueKind != JsonValueKind.Object) return $"{key}  deleted";
        string expected = ValueOf(state, "expected");
        string actual = ValueOf(state, "actual");
        string type = state.TryGetProperty("metadata", out JsonElement m) && m.ValueKind == JsonValueKind.Object &&
            m.TryGetProperty("type", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "string";
        return $"{key}  expected={expected}  actual={actual}  ({type})";
    }

    private static string ValueOf(JsonElement state, string side)
    {
        if (!state.TryGetProperty(side, out JsonElement value) || value.ValueKind != JsonValueKind.Object) return "-";
        return value.TryGetProperty("value", out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "-";
    }
}
