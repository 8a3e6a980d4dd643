using System.Diagnostics;
using System.Text;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Cli.Common;
using EdgeNano.Cli.Hub;
using EdgeNano.Cli.Twin;
using EdgeNano.Runtime;
using EdgeNano.Tests.Cli;

namespace EdgeNano.Tests.Reliability;

/// <summary>
/// What the flood showed: a board too busy to take a message drops it (counted), and when that
/// message was the owner's last delta nothing would ever send it again. The board asks for its
/// twin again once the drops stop.
/// </summary>
[Collection(FleetCollection.Name)]
public class FloodDroppedDeltaTests
{
    private const string Device = "default/flood-02";

    /// <summary>Holds the board's one dispatcher thread while the test says so: a board busy for a while.</summary>
    private sealed class StallModule() : Module("stall", "test")
    {
        public readonly ManualResetEventSlim Released = new(true);

        public override void Handle(Message message) => Released.Wait(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_delta_dropped_while_the_board_was_busy_is_fetched_again_once_the_drops_stop()
    {
        using var broker = EmbeddedBroker.Start();
        var address = new BrokerAddress(broker.Host, broker.Port, false, null, null);
        using var directory = new TempDirectory();
        await using var hub = HubService.Start(address, directory.File("hub.db"), new HubLimits(), _ => { }, CancellationToken.None);
        await hub.Ready.WaitAsync(HubRig.Wait);
        var stall = new StallModule();
        using var board = new FloodBoard(broker.Host, broker.Port, Device, stall);
        var topics = DeviceTopics.From(Device, false);
        // Every input reported once (the counter's rate after its first window), so no report of the
        // board's own makes the owner send its delta again: only asking for the twin can bring it back.
        await Until(() => board.IsSynced && board.LocalTwinWhenReadable()?.ContainsKey("pulse_rate") == true);
        await using (var owner = await FloodOwnerView.StartAsync(address, Device))
        {
            await Until(async () => (await owner.OwnerTwinAsync(HubRig.Wait)).ContainsKey("pulse_rate"));
        }
        await using var sender = await MqttSession.ConnectAsync(address, "flood-sender", HubRig.Wait, CancellationToken.None);
        string before = board.LocalTwinWhenReadable()?["led"].Actual ?? "false";
        string wanted = before == "true" ? "false" : "true";

        // The board's dispatcher is held; garbage fills its message pool, so what comes next is dropped.
        stall.Released.Reset();
        SendTo(board, "stall");
        long delivered = board.Link.Delivered;
        for (int i = 0; i < 40; i++) await sender.PublishAsync(topics.TwinDelta, Encoding.UTF8.GetBytes("[1,2"), CancellationToken.None);
        await Until(() => board.Link.Delivered >= delivered + 40 && board.Hub.ReceivedDropped > 0);
        delivered = board.Link.Delivered;
        int dropped = board.Hub.ReceivedDropped;
        using (await TwinRequest.SendAsync(address, Device, topics.TwinUpdate, topics.TwinUpdateResult,
            id => TwinPayloads.SetExpected(id, [new("led", wanted)], null), HubRig.Wait, CancellationToken.None))
        {
        }
        // The owner's result and its delta reached the board, and both were dropped.
        await Until(() => board.Link.Delivered >= delivered + 2);
        Assert.Equal(dropped + 2, board.Hub.ReceivedDropped);
        Assert.NotEqual(wanted, board.LocalTwinWhenReadable()?["led"].Expected);

        stall.Released.Set();

        await Until(() => board.LocalTwinWhenReadable() is { } twin && twin["led"].Expected == wanted && twin["led"].Actual == wanted);
        Assert.Equal(1, board.Hub.Refetches);
        Assert.True(board.Log.Contains("twin asked for again"));
    }

    private static void SendTo(FloodBoard board, string module)
    {
        Message message = board.Host.Bus.Rent()!;
        message.Source = "test";
        message.Destination = module;
        Assert.Equal(SendResult.Accepted, board.Host.Bus.Send(message));
    }

    private static Task Until(Func<bool> condition) => Until(() => Task.FromResult(condition()));

    private static async Task Until(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < HubRig.Wait, "condition not met in time");
            await Task.Delay(20);
        }
    }
}
