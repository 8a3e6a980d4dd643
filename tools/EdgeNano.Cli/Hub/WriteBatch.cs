using System.Diagnostics;

namespace EdgeNano.Cli.Hub;

/// <summary>
/// Messages the hub has handled since its last commit, and their replies held back until the
/// commit: the hub's durability promise in one place. Every reply (results, documents, deltas)
/// leaves only after the transaction holding its change has committed, in the order the
/// messages arrived, so a device never sees acknowledged what a crash could lose; what a crash
/// loses is the batch not yet committed, whose senders got no answer and ask again.
/// </summary>
internal sealed class WriteBatch(TwinHub hub, HubBatchOptions options)
{
    private readonly List<HubPublish> _replies = [];
    private long _startedTicks;

    /// <summary>Messages handled since the last commit.</summary>
    public int Count { get; private set; }

    /// <summary>Handles one message; its replies wait for <see cref="Commit"/>.</summary>
    public void Add(string topic, ReadOnlySpan<byte> payload)
    {
        if (Count == 0) _startedTicks = Stopwatch.GetTimestamp();
        _replies.AddRange(hub.Handle(topic, payload));
        Count++;
    }

    /// <summary>
    /// True when the batch should commit now: it holds <see cref="HubBatchOptions.MaxMessages"/>,
    /// its first message waited <see cref="HubBatchOptions.MaxDelay"/>, or no other message is
    /// waiting (an idle hub answers at once rather than waiting for company).
    /// </summary>
    public bool IsDue(bool moreWaiting) =>
        Count > 0 && (!moreWaiting || Count >= options.MaxMessages || Stopwatch.GetElapsedTime(_startedTicks) >= options.MaxDelay);

    /// <summary>Writes the batch's changes in one transaction, then returns its replies to publish, in order.</summary>
    public List<HubPublish> Commit()
    {
        var replies = new List<HubPublish>(_replies);
        _replies.Clear();
        Count = 0;
        // Replies are dropped when the commit throws: what was not written is not acknowledged.
        hub.Commit();
        return replies;
    }
}

/// <summary>How many messages, and how long, the hub gathers into one SQLite transaction, and how many sessions carry its replies.</summary>
public sealed record HubBatchOptions
{
    /// <summary>MQTT sessions the replies go out on, a device's always on the same one (<see cref="HubOutput"/>). Default 16.</summary>
    public int ReplySessions { get; init; } = 16;

    /// <summary>Messages per transaction at most. Default 256; 1 is one transaction per change (the hub before batching).</summary>
    public int MaxMessages { get; init; } = 256;

    /// <summary>Longest a handled message waits for its batch to commit while more keep arriving. Default 20 ms.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(20);
}
