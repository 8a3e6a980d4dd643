using System.Collections.Concurrent;
using System.Text.Json;

namespace EdgeNano.Cli.Mapper;

/// <summary>
/// Whether each device's board is online, as the boards say it on MQTT: every device's
/// <c>state/update</c> "online" when its board connects, and "offline" from the board's will
/// (carried by its first device only) or an orderly stop. The last word about any device of a
/// board holds for all of them, so a will on the first device takes its siblings offline too.
/// A device never heard of is "unknown" until it says its state or reports a value. Thread-safe.
/// </summary>
internal sealed class BoardPresence
{
    public const string Online = "online";
    public const string Offline = "offline";
    public const string Unknown = "unknown";

    private readonly ConcurrentDictionary<string, (string State, long Order)> _said = new(StringComparer.Ordinal);
    private long _order;

    /// <summary>Reads a state/update payload ({"state":"online"}) for a device; anything else is ignored.</summary>
    public void TakeState(string device, byte[] payload)
    {
        try
        {
            using JsonDocument json = JsonDocument.Parse(payload);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("state", out JsonElement state) &&
                state.ValueKind == JsonValueKind.String && state.GetString()?.ToLowerInvariant() is Online or Offline)
            {
                _said[device] = (state.GetString()!.ToLowerInvariant(), Interlocked.Increment(ref _order));
            }
        }
        catch (JsonException)
        {
        }
    }

    /// <summary>The device reported a value itself: it is online, unless its state is already known.</summary>
    public void TakeReport(string device) => _said.TryAdd(device, (Online, Interlocked.Increment(ref _order)));

    /// <summary>The state of a device: the last said of it and of the devices of the same board (siblings).</summary>
    public string StateOf(string device, IEnumerable<string> siblings)
    {
        (string State, long Order) latest = (Unknown, 0);
        foreach (string id in siblings.Append(device))
        {
            if (_said.TryGetValue(id, out var said) && said.Order > latest.Order) latest = said;
        }
        return latest.State;
    }
}
