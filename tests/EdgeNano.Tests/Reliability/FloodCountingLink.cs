using System.Collections.Concurrent;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Runtime.Network;

namespace EdgeNano.Tests.Reliability;

/// <summary>
/// The board's real MQTT link with a tally in front of its listener: how many messages the
/// broker actually delivered to the device (and the largest), so the device's own counters can
/// be checked against what reached it. Everything else passes straight through.
/// </summary>
public sealed class FloodCountingLink(MqttNetLink inner) : IMqttLink, IDisposable
{
    private long _delivered;
    private long _deliveredBytes;
    private int _largest;
    private readonly ConcurrentDictionary<string, long> _byTopicEnd = new();

    /// <summary>Messages the broker delivered to the device.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    public long DeliveredBytes => Interlocked.Read(ref _deliveredBytes);

    /// <summary>The largest payload delivered.</summary>
    public int Largest => Volatile.Read(ref _largest);

    public MqttNetLink Inner => inner;

    /// <summary>Messages delivered per topic ending (the part after the device ID: twin/update/delta, twin/get/result, ...).</summary>
    public IReadOnlyDictionary<string, long> DeliveredByTopic => _byTopicEnd;

    public bool IsConnected => inner.IsConnected;

    public void SetListener(IMqttLinkListener listener) => inner.SetListener(new Tally(this, listener));

    public int Connect(MqttLinkOptions options) => inner.Connect(options);

    public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain) =>
        inner.Publish(topic, payload, offset, count, qos, retain);

    public int Subscribe(string[] filters, int[] qos) => inner.Subscribe(filters, qos);

    public void Disconnect() => inner.Disconnect();

    public void Dispose() => inner.Dispose();

    private sealed class Tally(FloodCountingLink link, IMqttLinkListener listener) : IMqttLinkListener
    {
        public void MessageReceived(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            // Counted before the device sees it: the device's counters must account for every one.
            Interlocked.Increment(ref link._delivered);
            Interlocked.Add(ref link._deliveredBytes, count);
            if (count > Volatile.Read(ref link._largest)) Volatile.Write(ref link._largest, count);
            int twin = topic.IndexOf("/twin/", StringComparison.Ordinal);
            link._byTopicEnd.AddOrUpdate(twin < 0 ? topic : topic[(twin + 1)..], 1, (_, n) => n + 1);
            listener.MessageReceived(topic, payload, offset, count, qos, retain);
        }

        public void ConnectionLost() => listener.ConnectionLost();
    }
}
