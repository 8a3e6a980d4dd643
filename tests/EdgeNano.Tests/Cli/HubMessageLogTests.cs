using System.Text;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Cli.Common;
using EdgeNano.Cli.Hub;

namespace EdgeNano.Tests.Cli;

/// <summary>
/// `edgenano hub` printed a line for every update it applied: thousands a second for a fleet,
/// burying its status lines. Its per-message lines now pass at most --log-lines a second; the
/// rest are counted in one line, and every message is still answered and counted.
/// </summary>
public sealed class HubMessageLogTests
{
    [Fact]
    public async Task A_burst_of_new_devices_is_answered_whole_while_its_log_lines_are_held_to_the_limit_and_counted()
    {
        using var broker = EmbeddedBroker.Start();
        var address = new BrokerAddress(broker.Host, broker.Port, false, null, null);
        using var directory = new TempDirectory();
        var lines = new List<string>();
        void Log(string line)
        {
            lock (lines) lines.Add(line);
        }
        // 5 a second, a burst of 20: 200 devices' first updates make 200 lines without the limit.
        await using var hub = HubService.Start(address, directory.File("hub.db"), new HubLimits(), Log, CancellationToken.None, messageLinesPerSecond: 5);
        await hub.Ready.WaitAsync(HubRig.Wait);
        await using var devices = await MqttSession.ConnectAsync(address, "burst", HubRig.Wait, CancellationToken.None);

        for (int i = 0; i < 200; i++) await devices.PublishAsync(Update(i), Report(i), CancellationToken.None);
        await Until(() => hub.Counts.Answered >= 200);
        int burstLines;
        lock (lines) burstLines = lines.Count(l => l.Contains("new device"));
        // One more device a second and a half later: its line passes, after the count of those held back.
        await Task.Delay(1500);
        await devices.PublishAsync(Update(200), Report(200), CancellationToken.None);
        await Until(() => { lock (lines) return lines.Any(l => l.Contains("burst-200")); });

        Assert.Equal(201, hub.Counts.Answered);
        Assert.Equal(201, hub.DeviceIds.Count);
        Assert.InRange(burstLines, 1, 30);
        lock (lines)
        {
            string held = Assert.Single(lines, l => l.Contains("lines suppressed"));
            Assert.Contains("twin hub: ", held);
            Assert.True(lines.IndexOf(held) < lines.FindIndex(l => l.Contains("burst-200")), string.Join("\n", lines));
        }
    }

    private static string Update(int i) => $"$hw/events/device/default/burst-{i:000}/twin/update";

    private static byte[] Report(int i) =>
        Encoding.UTF8.GetBytes("{\"event_id\":\"b" + i + "\",\"twin\":{\"n\":{\"actual\":{\"value\":\"" + i + "\"},\"metadata\":{\"type\":\"int\"}}}}");

    private static async Task Until(Func<bool> done)
    {
        var deadline = DateTime.UtcNow + HubRig.Wait;
        while (!done())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("timed out");
            await Task.Delay(20);
        }
    }
}
