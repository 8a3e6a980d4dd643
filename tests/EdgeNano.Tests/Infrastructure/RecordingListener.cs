using System.Collections.Concurrent;
using EdgeNano.Runtime.Network;

namespace EdgeNano.Tests.Infrastructure;

/// <summary>One message as a listener received it, with its payload copied out of the link's buffer.</summary>
public sealed record ReceivedMessage(string Topic, byte[] Payload, int Qos, bool Retain)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Payload);
}

/// <summary>An <see cref="IMqttLinkListener"/> that keeps what it hears and lets a test wait for it.</summary>
public sealed class RecordingListener : IMqttLinkListener
{
    private readonly BlockingCollection<ReceivedMessage> _messages = new();
    private readonly SemaphoreSlim _losses = new(0);
    private int _lossCount;

    public int LossCount => Volatile.Read(ref _lossCount);

    public void MessageReceived(string topic, byte[] payload, int offset, int count, int qos, bool retain)
    {
        _messages.Add(new ReceivedMessage(topic, payload.AsSpan(offset, count).ToArray(), qos, retain));
    }

    public void ConnectionLost()
    {
        Interlocked.Increment(ref _lossCount);
        _losses.Release();
    }

    /// <summary>The next message received, or null when none comes within the timeout.</summary>
    public ReceivedMessage? Next(TimeSpan timeout) => _messages.TryTake(out var message, timeout) ? message : null;

    /// <summary>The next message on topic, skipping others; null when none comes within the timeout.</summary>
    public ReceivedMessage? NextOn(string topic, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return null;
            var message = Next(left);
            if (message == null || message.Topic == topic) return message;
        }
    }

    /// <summary>Messages already received and not yet taken.</summary>
    public ReceivedMessage[] Pending() => _messages.ToArray();

    /// <summary>True when a connection loss is reported within the timeout.</summary>
    public bool WaitForLoss(TimeSpan timeout) => _losses.Wait(timeout);
}
