using System.Diagnostics;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.DeviceTwin;
using EdgeNano.Runtime;
using EdgeNano.Tests.Cli;

namespace EdgeNano.Tests.Reliability;

/// <summary>
/// What the 10,000 msg/s flood showed next: devicetwin took the owner's last desired value, but its
/// note to gpio found no message free, so the output was never driven and the board sat with
/// expected ≠ actual. devicetwin now tells its subscribers again shortly after such a failure —
/// and, the same way, reports a device's current values again after a report found no message free.
/// </summary>
[Collection(FleetCollection.Name)]
public class FloodDroppedNoteTests
{
    [Fact]
    public async Task An_output_whose_note_to_gpio_found_no_free_message_is_driven_once_a_message_is_free_again()
    {
        using var broker = EmbeddedBroker.Start();
        using var board = new FloodBoard(broker.Host, broker.Port, "default/flood-03");
        await Until(() => board.IsSynced && board.LocalTwinWhenReadable()?.ContainsKey("pulse_rate") == true);
        string wanted = board.LocalTwinWhenReadable()!["led"].Actual == "true" ? "false" : "true";
        MessagePool pool = board.Host.Bus.Pool;
        int failures = board.Twin.DeliveryFailures;

        // The owner's delta reaches devicetwin while every other pooled message is taken.
        Message delta = pool.Rent()!;
        delta.SetContentAscii("{\"event_id\":\"d-1\",\"timestamp\":1700000000000,\"twin\":{\"led\":{\"expected\":{\"value\":\"" + wanted +
            "\"}}},\"delta\":{\"led\":\"" + wanted + "\"}}");
        delta.Source = "test";
        delta.Destination = TwinBus.Module;
        delta.Operation = TwinBus.OwnerDelta;
        delta.Resource = "default/flood-03";
        var held = new List<Message>();
        for (Message? m = pool.Rent(); m != null; m = pool.Rent()) held.Add(m);
        Assert.Equal(SendResult.Accepted, board.Host.Bus.Send(delta));
        await Until(() => board.Twin.DeliveryFailures > failures);
        Assert.Equal(wanted, board.LocalTwinWhenReadable()?["led"].Expected);
        foreach (Message m in held) MessagePool.Release(m);

        await Until(() => board.LocalTwinWhenReadable()?["led"].Actual == wanted);
        Assert.True(board.Twin.Renotifications >= 1);
    }

    [Fact]
    public async Task A_reading_whose_report_found_no_free_message_reaches_edgehub_once_a_message_is_free_again()
    {
        using var broker = EmbeddedBroker.Start();
        using var board = new FloodBoard(broker.Host, broker.Port, "default/flood-04");
        await Until(() => board.IsSynced && board.LocalTwinWhenReadable()?.ContainsKey("pulse_rate") == true);
        MessagePool pool = board.Host.Bus.Pool;
        int failures = board.Twin.DeliveryFailures;

        // A reading reaches devicetwin while every other pooled message is taken: its report cannot be made.
        Message reading = pool.Rent()!;
        reading.SetContentAscii("{\"event_id\":\"r-1\",\"timestamp\":1700000000000,\"twin\":{\"door\":{\"actual\":{\"value\":\"open\"},\"metadata\":{\"type\":\"string\"}}}}");
        reading.Source = "test";
        reading.Destination = TwinBus.Module;
        reading.Operation = TwinBus.Update;
        reading.Resource = "default/flood-04";
        var held = new List<Message>();
        for (Message? m = pool.Rent(); m != null; m = pool.Rent()) held.Add(m);
        int reportsBefore = board.Hub.ReportsDirect + board.Hub.ReportsDeferred;
        Assert.Equal(SendResult.Accepted, board.Host.Bus.Send(reading));
        await Until(() => board.Twin.DeliveryFailures > failures);
        Assert.Equal("open", board.LocalTwinWhenReadable()?["door"].Actual);
        Assert.Equal(reportsBefore, board.Hub.ReportsDirect + board.Hub.ReportsDeferred);
        foreach (Message m in held) MessagePool.Release(m);

        await Until(() => board.Hub.ReportsDirect + board.Hub.ReportsDeferred > reportsBefore);
        Assert.True(board.Twin.ReportRetries >= 1);
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < HubRig.Wait, "condition not met in time");
            await Task.Delay(20);
        }
    }
}
