using System.Text.Json;
using EdgeNano.Cli.Common;

namespace EdgeNano.Cli.Twin;

/// <summary>The JSON the twin console sends, and how it shows what it receives.</summary>
internal static class TwinPayloads
{
    public static byte[] Get(string eventId) => Write(w =>
    {
        w.WriteString("event_id", eventId);
        w.WriteNumber("timestamp", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    });

    /// <summary>A twin/update with expected values only: {"twin":{key:{"expected":{"value":v},"metadata":{"type":t}}}}.</summary>
    public static byte[] SetExpected(string eventId, IEnumerable<KeyValuePair<string, string>> values, string? type) => Write(w =>
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        w.WriteString("event_id", eventId);
        w.WriteNumber("timestamp", now);
        w.WriteStartObject("twin");
        foreach (var (key, value) in values)
        {
            w.WriteStartObject(key);
            w.WriteStartObject("expected");
            w.WriteString("value", value);
            w.WriteStartObject("metadata");
            w.WriteNumber("timestamp", now);
            w.WriteEndObject();
            w.WriteEndObject();
            if (type != null)
            {
                w.WriteStartObject("metadata");
                w.WriteString("type", type);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    });

    /// <summary>One received document or delta, as lines for a person.</summary>
    public static void WriteChange(CliContext context, Received message)
    {
        const string prefix = "$hw/events/device/";
        bool isDelta = message.Topic.EndsWith("/twin/update/delta", StringComparison.Ordinal);
        string suffix = isDelta ? "/twin/update/delta" : "/twin/update/document";
        string deviceId = message.Topic.Length > prefix.Length + suffix.Length
            ? message.Topic[prefix.Length..^suffix.Length] : message.Topic;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message.Payload);
        }
        catch (JsonException)
        {
            context.Log($"{deviceId}: unreadable message on {message.Topic}");
            return;
        }
        using (document)
        {
            JsonElement root = document.RootElement;
            if (isDelta)
            {
                var pairs = root.TryGetProperty("delta", out JsonElement delta) && delta.ValueKind == JsonValueKind.Object
                    ? delta.EnumerateObject().Select(p => $"{p.Name}={p.Value}") : [];
                context.Log($"{deviceId} delta: {string.Join(" ", pairs)}");
                return;
            }
            if (!root.TryGetProperty("twin", out JsonElement twin) || twin.ValueKind != JsonValueKind.Object) return;
            foreach (JsonProperty property in twin.EnumerateObject())
            {
                string last = property.Value.TryGetProperty("last", out JsonElement l) ? TwinPrinter.Line(property.Name, l) : property.Name + "  deleted";
                string current = property.Value.TryGetProperty("current", out JsonElement c) ? TwinPrinter.Line(property.Name, c) : property.Name + "  deleted";
                context.Log($"{deviceId} changed: {current}   (was: {last[(property.Name.Length + 2)..]})");
            }
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }
}
