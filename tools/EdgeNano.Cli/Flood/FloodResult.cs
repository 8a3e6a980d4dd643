using System.Text.Json;

namespace EdgeNano.Cli.Flood;

/// <summary>What a flood did, as measured by the sender: per kind sent, the rate achieved, and the owner's answers.</summary>
public sealed record FloodResult
{
    public required string Device { get; init; }
    public required string Broker { get; init; }
    public required string Mix { get; init; }
    public required int Qos { get; init; }
    public required int TargetRate { get; init; }
    public required double TargetSeconds { get; init; }
    public required double ElapsedSeconds { get; init; }
    public required long Sent { get; init; }
    public required double AchievedRate { get; init; }
    /// <summary>Messages sent per kind (valid, invalid, malformed, oversize, other).</summary>
    public required IReadOnlyDictionary<string, long> SentByKind { get; init; }
    /// <summary>Publishes the client library reported as failed.</summary>
    public required long PublishFailures { get; init; }
    /// <summary>twin/update/result answers to the flood's valid updates that reached the flood while it ran (a lower bound: the broker may drop answers to a busy sender).</summary>
    public required long OwnerAnswers { get; init; }
    /// <summary>Of those, error results ({code, reason}).</summary>
    public required long OwnerRefusals { get; init; }
    /// <summary>The last desired value sent for each property: the final marker, which the owner confirmed.</summary>
    public required IReadOnlyDictionary<string, string> FinalValues { get; init; }
    /// <summary>From publishing the final marker to the owner's answer: how far behind the owner was.</summary>
    public required double FinalAnswerMs { get; init; }
    /// <summary>Times the final update was sent before the owner answered (1 unless the owner missed it).</summary>
    public required int FinalAttempts { get; init; }

    public void WriteJson(string path)
    {
        File.WriteAllText(path, JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
    }

    public static FloodResult ReadJson(string path) =>
        JsonSerializer.Deserialize<FloodResult>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase })
        ?? throw new InvalidDataException(path + " is not a flood report");

    /// <summary>The summary a person reads.</summary>
    public IEnumerable<string> SummaryLines()
    {
        yield return $"flood {Device} via {Broker}: {Sent} messages in {ElapsedSeconds:0.0} s = {AchievedRate:0} msg/s achieved " +
            $"(target {TargetRate} msg/s for {TargetSeconds:0.#} s, QoS {Qos})";
        foreach (var (kind, count) in SentByKind) yield return $"  {kind,-10} {count,9}  {count / Math.Max(ElapsedSeconds, 0.001),7:0} msg/s";
        yield return $"  publish failures {PublishFailures}";
        yield return $"  answers heard from the owner: {OwnerAnswers} of {SentByKind["valid"]} valid updates ({OwnerRefusals} refused)";
        yield return $"  final desired values {string.Join(" ", FinalValues.Select(p => p.Key + "=" + p.Value))} answered by the owner in {FinalAnswerMs:0} ms" +
            (FinalAttempts > 1 ? $" (sent {FinalAttempts} times)" : "");
    }
}
