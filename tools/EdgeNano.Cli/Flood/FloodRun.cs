using System.Diagnostics;
using System.Text.Json;
using EdgeNano.Cli.Common;
using EdgeNano.Cli.Twin;
using MQTTnet.Protocol;

namespace EdgeNano.Cli.Flood;

/// <summary>
/// Sends a flood: paced by the clock in millisecond ticks (every tick publishes what is due by
/// then, so a slow tick is caught up, never skipped), publishes pipelined up to a window, and
/// counts what actually went out. Then one final desired value per property at QoS 1, waited
/// for until the owner answers it: the owner's twin after the flood is known to hold it.
/// </summary>
internal static class FloodRun
{
    /// <summary>Publishes in flight before the sender waits for them (QoS 1 waits for PUBACKs; QoS 0 for the socket).</summary>
    private const int Window = 256;

    /// <summary>How long to wait for the owner's answer to the final update before sending it again.</summary>
    private static readonly TimeSpan FinalRetry = TimeSpan.FromSeconds(5);

    public static async Task<FloodResult> RunAsync(FloodPlan plan, Action<string> log, CancellationToken cancel)
    {
        var messages = new FloodMessages(plan.Topics, plan.Properties, plan.OversizeBytes, plan.Seed);
        var random = new Random(plan.Seed);
        await using MqttSession session = await MqttSession.ConnectAsync(plan.Broker, "edgenano-flood", MqttSession.ConnectTimeout, cancel);
        await session.SubscribeAsync([plan.Topics.TwinUpdateResult], cancel);
        var answers = new OwnerAnswers(session);
        _ = Task.Run(() => answers.ReadAsync(cancel), cancel);

        var sentByKind = new long[Enum.GetValues<FloodKind>().Length];
        long sent = 0, failures = 0;
        var inFlight = new List<Task>(Window);
        var clock = Stopwatch.StartNew();
        long nextProgress = 1;
        while (clock.Elapsed < plan.Duration)
        {
            long due = (long)(clock.Elapsed.TotalSeconds * plan.Rate);
            while (sent < due && inFlight.Count < Window)
            {
                FloodKind kind = plan.Mix.Pick(random);
                FloodMessage message = messages.Next(kind, random);
                inFlight.Add(session.PublishAsync(message.Topic, message.Payload, cancel, qos: plan.Qos));
                sentByKind[(int)kind]++;
                sent++;
            }
            if (inFlight.Count >= Window || sent >= due) failures += await Settle(inFlight, session);
            if (sent >= due) await Task.Delay(1, cancel);
            if (clock.Elapsed.TotalSeconds >= nextProgress)
            {
                log($"flood: {nextProgress} s, {sent} sent ({sent / clock.Elapsed.TotalSeconds:0} msg/s), owner answered {answers.Answers}");
                nextProgress++;
            }
        }
        failures += await Settle(inFlight, session);
        double elapsed = clock.Elapsed.TotalSeconds;
        long ownerAnswers = answers.Answers, ownerRefusals = answers.Refusals;

        // The final marker: one more desired value per property, confirmed by the owner. An owner
        // that was swamped may have missed it (a dropped message, a reconnect), so it is sent
        // again, with a new event_id, every few seconds until answered.
        var finals = plan.Properties.Select(p => new KeyValuePair<string, string>(p.Key, p.NextValue())).ToList();
        var finalClock = Stopwatch.StartNew();
        int finalAttempts = 0;
        while (true)
        {
            if (finalClock.Elapsed >= plan.FinalTimeout)
                throw new CliException($"the owner did not answer the final update within {plan.FinalTimeout.TotalSeconds:0} s (is a twin hub running on {plan.Broker}?)");
            string finalId = "flood-final-" + Guid.NewGuid().ToString("N")[..12];
            Task<bool> answered = answers.WaitFor(finalId);
            finalAttempts++;
            await session.PublishAsync(plan.Topics.TwinUpdate, TwinPayloads.SetExpected(finalId, finals, null), cancel);
            TimeSpan wait = FinalRetry < plan.FinalTimeout - finalClock.Elapsed ? FinalRetry : plan.FinalTimeout - finalClock.Elapsed;
            if (await Task.WhenAny(answered, Task.Delay(wait, cancel)) != answered) continue;
            if (!answered.Result) throw new CliException("the owner refused the final update");
            break;
        }
        double finalMs = finalClock.Elapsed.TotalMilliseconds;

        return new FloodResult
        {
            Device = plan.Topics.DeviceId,
            Broker = plan.Broker.ToString(),
            Mix = plan.Mix.ToString(),
            Qos = (int)plan.Qos,
            TargetRate = plan.Rate,
            TargetSeconds = plan.Duration.TotalSeconds,
            ElapsedSeconds = Math.Round(elapsed, 3),
            Sent = sent,
            AchievedRate = Math.Round(sent / elapsed, 1),
            SentByKind = Enum.GetValues<FloodKind>().ToDictionary(k => k.ToString().ToLowerInvariant(), k => sentByKind[(int)k]),
            PublishFailures = failures,
            OwnerAnswers = ownerAnswers,
            OwnerRefusals = ownerRefusals,
            FinalValues = finals.ToDictionary(p => p.Key, p => p.Value),
            FinalAnswerMs = Math.Round(finalMs, 1),
            FinalAttempts = finalAttempts,
        };
    }

    /// <summary>Waits for the publishes in flight; how many failed. A lost connection ends the flood.</summary>
    private static async Task<long> Settle(List<Task> inFlight, MqttSession session)
    {
        long failed = 0;
        foreach (Task publish in inFlight)
        {
            try
            {
                await publish;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failed++;
            }
        }
        inFlight.Clear();
        if (!session.IsConnected) throw new CliException("lost the connection to the broker during the flood");
        return failed;
    }

    /// <summary>Counts the owner's twin/update/result answers to valid updates and spots the final one.</summary>
    private sealed class OwnerAnswers(MqttSession session)
    {
        private long _answers;
        private long _refusals;
        private string? _awaited;
        private TaskCompletionSource<bool>? _final;

        public long Answers => Interlocked.Read(ref _answers);
        public long Refusals => Interlocked.Read(ref _refusals);

        public Task<bool> WaitFor(string eventId)
        {
            var final = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _final, final);
            Volatile.Write(ref _awaited, eventId);
            return final.Task;
        }

        public async Task ReadAsync(CancellationToken cancel)
        {
            try
            {
                await foreach (Received message in session.Incoming.ReadAllAsync(cancel)) Count(message.Payload);
            }
            catch (OperationCanceledException)
            {
            }
        }

        private void Count(byte[] payload)
        {
            try
            {
                using JsonDocument answer = JsonDocument.Parse(payload);
                JsonElement root = answer.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("event_id", out JsonElement id) || id.ValueKind != JsonValueKind.String) return;
                string eventId = id.GetString()!;
                bool refused = root.TryGetProperty("code", out JsonElement code) && code.ValueKind == JsonValueKind.Number && code.GetInt32() != 200;
                if (eventId.StartsWith(FloodMessages.ValidEventPrefix, StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _answers);
                    if (refused) Interlocked.Increment(ref _refusals);
                }
                else if (eventId == Volatile.Read(ref _awaited))
                {
                    Volatile.Read(ref _final)?.TrySetResult(!refused);
                }
            }
            catch (JsonException)
            {
                // Someone else's bytes on the result topic; not an answer to count.
            }
        }
    }
}
