using System.Text.Json;
using EdgeNano.Cli.Common;

namespace EdgeNano.Cli.Twin;

/// <summary>
/// One request to the twin owner (hub or edgecore) and its answer: subscribe to the result
/// topic, publish with a fresh event_id, wait for the result carrying that event_id. An error
/// result ({code, reason}) or no answer in time is a <see cref="CliException"/>.
/// </summary>
internal static class TwinRequest
{
    public static async Task<JsonDocument> SendAsync(BrokerAddress broker, string device, string topic, string resultTopic,
        Func<string, byte[]> payloadFor, TimeSpan timeout, CancellationToken cancel)
    {
        await using MqttSession session = await MqttSession.ConnectAsync(broker, "edgenano-twin", MqttSession.ConnectTimeout, cancel);
        await session.SubscribeAsync([resultTopic], cancel);
        string eventId = Guid.NewGuid().ToString("N");
        await session.PublishAsync(topic, payloadFor(eventId), cancel);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        try
        {
            await foreach (Received message in session.Incoming.ReadAllAsync(deadline.Token))
            {
                JsonDocument answer;
                try
                {
                    answer = JsonDocument.Parse(message.Payload);
                }
                catch (JsonException)
                {
                    continue; // not an answer we can read; keep waiting for ours
                }
                JsonElement root = answer.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("event_id", out JsonElement id) || id.ValueKind != JsonValueKind.String || id.GetString() != eventId)
                {
                    answer.Dispose();
                    continue;
                }
                if (root.TryGetProperty("code", out JsonElement code) && code.ValueKind == JsonValueKind.Number && code.GetInt32() != 200)
                {
                    string reason = root.TryGetProperty("reason", out JsonElement r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "no reason given";
                    int status = code.GetInt32();
                    answer.Dispose();
                    throw new CliException($"{device}: refused ({status}): {reason}");
                }
                return answer;
            }
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
        }
        if (cancel.IsCancellationRequested) throw new OperationCanceledException(cancel);
        throw new CliException($"{device}: no answer on {resultTopic} within {timeout.TotalSeconds:0.#} s (is a twin hub or edgecore running on {broker}?)");
    }
}
