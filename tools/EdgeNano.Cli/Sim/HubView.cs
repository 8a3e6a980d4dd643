using System.Collections.Concurrent;
using System.Text.Json;

namespace EdgeNano.Cli.Sim;

/// <summary>
/// What the twin owner (hub or edgecore) holds for each device, as the sim last saw it on the
/// wire: the current state in every twin/update/document and the whole twin in every
/// twin/get/result. Thread-safe.
/// </summary>
internal sealed class HubView
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string>> _actual = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string>> _expected = new(StringComparer.Ordinal);

    /// <summary>Called for every actual value seen change (device, key, value), for round-trip timing.</summary>
    public Action<string, string, string>? ActualSeen { get; set; }

    /// <summary>The owner's actual value of a property, or null when none was seen.</summary>
    public string? Actual(string device, string key) =>
        _actual.TryGetValue(device, out var twin) && twin.TryGetValue(key, out var value) ? value : null;

    /// <summary>The owner's expected (desired) value of a property, or null when none was seen.</summary>
    public string? Expected(string device, string key) =>
        _expected.TryGetValue(device, out var twin) && twin.TryGetValue(key, out var value) ? value : null;

    /// <summary>The properties the owner has an actual value of for a device (what its board reports).</summary>
    public IReadOnlyCollection<string> ActualKeys(string device) =>
        _actual.TryGetValue(device, out var twin) ? [.. twin.Keys] : [];

    /// <summary>Forgets what was seen of a device (it was removed).</summary>
    public void Forget(string device)
    {
        _actual.TryRemove(device, out _);
        _expected.TryRemove(device, out _);
    }

    /// <summary>
    /// Reads a document or get result on a device's topic; anything unreadable is ignored (it is
    /// not ours to judge). A document carries the properties that changed; a get result the whole
    /// twin, so what it lacks the owner no longer holds (a Device deleted and made again), and an
    /// error result (404: the owner has no such device) forgets the device.
    /// </summary>
    public void Take(string device, bool document, byte[] payload)
    {
        try
        {
            using JsonDocument json = JsonDocument.Parse(payload);
            if (!document && json.RootElement.TryGetProperty("code", out JsonElement code) && code.ValueKind == JsonValueKind.Number &&
                code.TryGetInt32(out int status) && status >= 400)
            {
                Forget(device);
                return;
            }
            if (!json.RootElement.TryGetProperty("twin", out JsonElement twin) || twin.ValueKind != JsonValueKind.Object) return;
            // A get result replaces the device's twin at once (readers never see it half empty); a document adds to it.
            var expectedNow = document ? _expected.GetOrAdd(device, _ => NewTwin()) : NewTwin();
            var actualNow = document ? _actual.GetOrAdd(device, _ => NewTwin()) : NewTwin();
            var seen = new List<(string Key, string Value)>();
            foreach (JsonProperty property in twin.EnumerateObject())
            {
                JsonElement state = property.Value;
                if (document && !state.TryGetProperty("current", out state)) continue;
                if (state.ValueKind != JsonValueKind.Object) continue;
                if (state.TryGetProperty("expected", out JsonElement expected) && expected.ValueKind == JsonValueKind.Object &&
                    expected.TryGetProperty("value", out JsonElement wanted) && wanted.ValueKind == JsonValueKind.String)
                {
                    expectedNow[property.Name] = wanted.GetString()!;
                }
                if (!state.TryGetProperty("actual", out JsonElement actual) || actual.ValueKind != JsonValueKind.Object) continue;
                if (!actual.TryGetProperty("value", out JsonElement value) || value.ValueKind != JsonValueKind.String) continue;
                string text = value.GetString()!;
                actualNow[property.Name] = text;
                seen.Add((property.Name, text));
            }
            if (!document)
            {
                _expected[device] = expectedNow;
                _actual[device] = actualNow;
            }
            foreach (var (key, text) in seen) ActualSeen?.Invoke(device, key, text);
        }
        catch (JsonException)
        {
        }
    }

    private static ConcurrentDictionary<string, string> NewTwin() => new(StringComparer.Ordinal);
}
