using System.Collections.Concurrent;
using System.Diagnostics;

namespace EdgeNano.Boards.Host.Mqtt;

/// <summary>
/// The MQTT keep-alive of every connected <see cref="MqttNetLink"/> in the process, on one timer:
/// once a second each link whose connection has sent nothing for three quarters of its period
/// sends a PINGREQ, and a ping left unanswered within the link's operation timeout drops the
/// connection (the link reports it lost, as MQTTnet's own keep-alive would). One timer for a
/// fleet where MQTTnet ran a 250 ms loop per client.
/// </summary>
internal static class KeepAlivePings
{
    private static readonly ConcurrentDictionary<MqttNetLink, byte> Links = new();
    private static readonly Stopwatch Clock = Stopwatch.StartNew();
    private static readonly Timer Ticker = new(_ => Tick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

    // Links' first use starts Ticker too: the type's static fields are set up together.
    public static void Add(MqttNetLink link) => Links[link] = 0;

    public static void Remove(MqttNetLink link) => Links.TryRemove(link, out _);

    private static void Tick()
    {
        long now = Clock.ElapsedMilliseconds;
        foreach (MqttNetLink link in Links.Keys) link.KeepAliveTick(now);
    }
}
