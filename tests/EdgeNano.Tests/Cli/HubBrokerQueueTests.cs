using System.Text;
using EdgeNano.Cli.Common;
using EdgeNano.Cli.Hub;
using EdgeNano.Tests.Infrastructure;

namespace EdgeNano.Tests.Cli;

/// <summary>
/// A broker holds only so many QoS 1 messages for one client: mosquitto sends 20 unacknowledged
/// and queues 1,000 more by default, and drops the rest. The sim's in-process hub (a clean
/// session) takes the whole fleet's reports on one session, and at 10,000 boards against a
/// default mosquitto the start-up burst went over that: 25 boards' reports were dropped and they
/// never converged. Its subscription is QoS 0 now (with a clean session, messages in flight are
/// lost with the connection at either QoS), which those limits do not apply to.
/// </summary>
public sealed class HubBrokerQueueTests
{
    private const int Reports = 300;

    [SkippableFact]
    public async Task A_burst_of_reports_far_over_the_brokers_per_client_queue_reaches_a_clean_session_hub_whole()
    {
        // 2 in flight and 10 queued per client: the burst is 25 times what the broker would hold for QoS 1.
        using var broker = MosquittoBroker.Start(new MosquittoSettings { ClientQueue = (2, 10) });
        var address = new BrokerAddress(broker.Host, broker.Port, false, null, null);
        using var directory = new TempDirectory();
        await using var hub = HubService.Start(address, directory.File("hub.db"), new HubLimits(), _ => { }, CancellationToken.None);
        await hub.Ready.WaitAsync(HubRig.Wait);
        await using var devices = await MqttSession.ConnectAsync(address, "burst", HubRig.Wait, CancellationToken.None);

        // All at once, each a new device's first report (QoS 1 into the broker, so none is lost on the way in).
        await Task.WhenAll(Enumerable.Range(0, Reports).Select(i => devices.PublishAsync($"$hw/events/device/default/burst-{i:000}/twin/update",
            Encoding.UTF8.GetBytes("{\"event_id\":\"b" + i + "\",\"twin\":{\"n\":{\"actual\":{\"value\":\"" + i + "\"},\"metadata\":{\"type\":\"int\"}}}}"), CancellationToken.None)));

        var deadline = DateTime.UtcNow + HubRig.Wait;
        while (hub.Counts.Answered < Reports && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(Reports, hub.Counts.Answered);
        Assert.Equal(Reports, hub.DeviceIds.Count);
    }
}
