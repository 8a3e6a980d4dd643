using System.Text.Json;
using EdgeNano.Cli.Common;
using EdgeNano.Cli.Twin;
using EdgeNano.Updates;

namespace EdgeNano.Cli.Ota;

/// <summary>
/// The devices <c>ota push --all</c> offers to: the members of the node as the twin owner
/// (edgenano hub or edgecore) lists them on KubeEdge's <c>membership/get</c>, kept when their
/// twin reports <c>fw_version</c>, which only a board's first device running the updates module
/// does. A board's other devices and boards without updates are so left out instead of holding
/// a place until the timeout. Chosen over listening for <c>state/update</c> online: the owner
/// knows devices that are offline now, and they find the retained announcement at their next
/// connect.
/// </summary>
internal static class OtaFleetMembers
{
    public static async Task<List<string>> DiscoverAsync(BrokerAddress broker, string node, TimeSpan timeout, Action<string> log, CancellationToken cancel)
    {
        await using MqttSession session = await MqttSession.ConnectAsync(broker, "edgenano-ota-members", MqttSession.ConnectTimeout, cancel);
        string membership = $"$hw/events/node/{node}/membership/get";
        await session.SubscribeAsync([membership + "/result", "$hw/events/device/+/+/twin/get/result", "$hw/events/device/+/twin/get/result"], cancel);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);

        string eventId = Guid.NewGuid().ToString("N");
        await session.PublishAsync(membership, TwinPayloads.Get(eventId), cancel);
        List<string>? members = null;
        var asked = new Dictionary<string, string>(StringComparer.Ordinal); // event id -> device
        var updatable = new List<string>();
        try
        {
            await foreach (Received message in session.Incoming.ReadAllAsync(deadline.Token))
            {
                using JsonDocument? answer = Parse(message.Payload);
                if (answer == null || !answer.RootElement.TryGetProperty("event_id", out JsonElement id) || id.ValueKind != JsonValueKind.String) continue;
                if (members == null && message.Topic == membership + "/result" && id.GetString() == eventId)
                {
                    members = Members(answer.RootElement);
                    log($"ota push: the twin owner lists {members.Count} device(s) on node {node}; asking their twins for fw_version");
                    // The owner answers twin gets one at a time: a large fleet gets time in proportion.
                    deadline.CancelAfter(timeout + TimeSpan.FromMilliseconds(5 * members.Count));
                    foreach (string device in members)
                    {
                        string get = Guid.NewGuid().ToString("N");
                        asked[get] = device;
                        await session.PublishAsync(new DeviceTopics(device).TwinGet, TwinPayloads.Get(get), cancel);
                    }
                }
                else if (asked.Remove(id.GetString()!, out string? device))
                {
                    if (answer.RootElement.TryGetProperty("twin", out JsonElement twin) && twin.ValueKind == JsonValueKind.Object && twin.TryGetProperty(OtaState.VersionKey, out _))
                        updatable.Add(device);
                }
                if (members != null && asked.Count == 0) break;
            }
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
        }
        cancel.ThrowIfCancellationRequested();
        if (members == null) throw new CliException($"no twin owner answered {membership} within {timeout.TotalSeconds:0} s (is edgenano hub or edgecore on {broker}? is --node right?); name the devices with --device");
        if (asked.Count > 0) log($"ota push: no twin from {asked.Count} device(s) in time; left out: {string.Join(", ", asked.Values.Order().Take(10))}");
        updatable.Sort(StringComparer.Ordinal);
        return updatable;
    }

    private static List<string> Members(JsonElement root)
    {
        var ids = new List<string>();
        if (!root.TryGetProperty("devices", out JsonElement devices) || devices.ValueKind != JsonValueKind.Array) return ids;
        foreach (JsonElement device in devices.EnumerateArray())
        {
            if (device.ValueKind == JsonValueKind.Object && device.TryGetProperty("id", out JsonElement id) && id.ValueKind == JsonValueKind.String && id.GetString()!.Length > 0)
                ids.Add(id.GetString()!);
        }
        return ids;
    }

    private static JsonDocument? Parse(byte[] payload)
    {
        try
        {
            return JsonDocument.Parse(payload);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
