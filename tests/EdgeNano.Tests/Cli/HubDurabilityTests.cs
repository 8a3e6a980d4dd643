using System.Text;
using System.Text.Json;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Cli.Common;
using EdgeNano.Tests.Infrastructure;

namespace EdgeNano.Tests.Cli;

/// <summary>
/// The hub's durability promise (issue 15): a result is published only after the batch holding
/// its change has committed, so whatever a device saw acknowledged survives the hub's process
/// being killed; and a device's results come in the order of its messages.
/// </summary>
public class HubDurabilityTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static string Device(int d) => $"default/crash-{d:D2}";

    private static string Topic(int d) => $"$hw/events/device/{Device(d)}/twin/update";

    private static byte[] Report(int value) => Encoding.UTF8.GetBytes(
        """{"event_id":"V","twin":{"n":{"actual":{"value":"V"},"metadata":{"type":"int"}}}}""".Replace("V", value.ToString()));

    /// <summary>Each device's reports 1..count, one device's in order (each publish acknowledged before the next), devices side by side.</summary>
    private static Task SendAsync(MqttSession session, int devices, int count, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, devices).Select(d => Task.Run(async () =>
        {
            try
            {
                for (int value = 1; value <= count; value++)
                {
                    if (!await session.TryPublishAsync(Topic(d), Report(value), TimeSpan.FromSeconds(5), stop)) return;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }, CancellationToken.None)));

    /// <summary>The device index and acknowledged value of an update/result.</summary>
    private static (int Device, int Value) Acknowledged(Received result)
    {
        string id = result.Topic["$hw/events/device/default/crash-".Length..][..2];
        JsonElement root = JsonDocument.Parse(result.Payload).RootElement;
        Assert.False(root.TryGetProperty("code", out _), Encoding.UTF8.GetString(result.Payload));
        return (int.Parse(id), int.Parse(root.GetProperty("event_id").GetString()!));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_hub_killed_mid_batch_has_after_restart_every_change_whose_result_a_device_received(int partitions)
    {
        const int Devices = 8, PerDevice = 3000;
        using var broker = EmbeddedBroker.Start();
        using var directory = new TempDirectory();
        var address = new BrokerAddress("127.0.0.1", broker.Port, false, null, null);
        string url = $"mqtt://127.0.0.1:{broker.Port}";
        string[] hubArgs = ["hub", "--broker", url, "--db", directory.File("hub.db"), "--partitions", partitions.ToString()];
        var acknowledged = new int[Devices];

        using (var hub = CliProcess.Start(hubArgs))
        {
            await hub.WaitForOutputAsync("subscribed", Wait);
            await using var device = await MqttSession.ConnectAsync(address, "crash-device", Wait, CancellationToken.None);
            await device.SubscribeAsync(["$hw/events/device/default/+/twin/update/result"], CancellationToken.None);
            using var stop = new CancellationTokenSource();
            Task sending = SendAsync(device, Devices, PerDevice, stop.Token);

            // Kill the hub while reports pour in: a third of them acknowledged, the rest on the way.
            using var timeout = new CancellationTokenSource(Wait);
            int results = 0;
            while (results < Devices * PerDevice / 3)
            {
                var (d, value) = Acknowledged(await device.Incoming.ReadAsync(timeout.Token));
                Assert.True(value > acknowledged[d], $"{Device(d)}: result {value} after {acknowledged[d]}");
                acknowledged[d] = value;
                results++;
            }
            hub.Kill();
            stop.Cancel();
            await sending;
            // Results the hub published before it died still arrive: they count as acknowledged too.
            await Task.Delay(500);
            while (device.Incoming.TryRead(out Received late))
            {
                var (d, value) = Acknowledged(late);
                acknowledged[d] = Math.Max(acknowledged[d], value);
                results++;
            }
            Assert.True(results < Devices * PerDevice, "the hub answered everything before it was killed: nothing was mid-batch");
        }

        using (var hub = CliProcess.Start(hubArgs))
        {
            await hub.WaitForOutputAsync("subscribed", Wait);
            Assert.Contains($"{Devices} device(s) loaded", hub.Output);
            for (int d = 0; d < Devices; d++)
            {
                CliRunResult get = await Task.Run(() => HubRig.Run("twin", "get", Device(d), "--broker", url));
                Assert.True(get.ExitCode == 0, get.Error);
                int saved = int.Parse(get.Output.Split("actual=")[1].Split(' ')[0]);
                Assert.True(saved >= acknowledged[d], $"{Device(d)}: result for {acknowledged[d]} received, the restarted hub has {saved}");
            }
        }
    }

    [Fact]
    public async Task A_hub_restarted_on_its_file_gets_what_devices_sent_while_it_was_down()
    {
        // mosquitto keeps the hub's persistent session (its subscriptions and the QoS 1 messages
        // queued for it) while the hub is gone; a clean session would lose them, and the devices,
        // which got no result, would not send them again until their next change.
        MosquittoBroker.RequireInstalled();
        using var broker = MosquittoBroker.Start();
        using var directory = new TempDirectory();
        var address = new BrokerAddress("127.0.0.1", broker.Port, false, null, null);
        string url = $"mqtt://127.0.0.1:{broker.Port}";
        string[] hubArgs = ["hub", "--broker", url, "--db", directory.File("hub.db")];
        await using var device = await MqttSession.ConnectAsync(address, "down-device", Wait, CancellationToken.None);

        using (var hub = CliProcess.Start(hubArgs))
        {
            await hub.WaitForOutputAsync("subscribed", Wait);
            await device.PublishAsync(Topic(0), Report(1), CancellationToken.None);
            await WaitForSavedAsync(url, 1);
            hub.Kill();
        }
        // While no hub runs: the device's next reading, acknowledged by the broker.
        await device.PublishAsync(Topic(0), Report(2), CancellationToken.None);

        using (var hub = CliProcess.Start(hubArgs))
        {
            await hub.WaitForOutputAsync("subscribed", Wait);
            await WaitForSavedAsync(url, 2);
        }
    }

    /// <summary>Waits until the hub answers twin get with the value for device 0; fails after Wait.</summary>
    private static async Task WaitForSavedAsync(string url, int value)
    {
        var deadline = DateTime.UtcNow + Wait;
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            CliRunResult get = await Task.Run(() => HubRig.Run("twin", "get", Device(0), "--broker", url));
            last = get.Output + get.Error;
            if (get.ExitCode == 0 && last.Contains($"actual={value} ")) return;
            await Task.Delay(200);
        }
        Assert.Fail($"{Device(0)} never had actual={value} at the hub; last twin get: {last}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Results_reach_each_device_in_the_order_of_its_reports_while_devices_interleave(int partitions)
    {
        const int Devices = 6, PerDevice = 400;
        await using var rig = new HubRig();
        await rig.StartHubAsync(partitions);
        await using var device = await rig.DeviceAsync("$hw/events/device/default/+/twin/update/result");

        await SendAsync(device, Devices, PerDevice, CancellationToken.None);

        var received = new int[Devices];
        using var timeout = new CancellationTokenSource(Wait);
        for (int i = 0; i < Devices * PerDevice; i++)
        {
            var (d, value) = Acknowledged(await device.Incoming.ReadAsync(timeout.Token));
            Assert.Equal(received[d] + 1, value);
            received[d] = value;
        }
        Assert.All(received, count => Assert.Equal(PerDevice, count));
    }
}
