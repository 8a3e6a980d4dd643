using System.Text;
using System.Text.Json;
using EdgeNano.DeviceTwin;
using EdgeNano.DeviceTwin.Wire;

namespace EdgeNano.Tests.DeviceTwin.Module;

/// <summary>
/// Results come on topics every client of a device shares (edgecore answers anyone's twin/update
/// on the device's twin/update/result): the board takes only those that echo one of its own
/// requests' event ids.
/// </summary>
public class OwnerResultTests
{
    private static string EventIdOf(string payload) => JsonDocument.Parse(payload).RootElement.GetProperty("event_id").GetString()!;

    [Fact]
    public void Each_report_carries_an_event_id_of_its_own_from_this_boots_prefix()
    {
        var kit = new TwinModuleKit();
        kit.Send(TwinBus.Update, TwinModuleKit.Report("pulses", "1", "int"));
        kit.Send(TwinBus.Update, TwinModuleKit.Report("pulses", "2", "int"));

        string[] ids = [.. kit.Uplink.Handled.Select(EventIdOf)];

        Assert.Equal(2, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[0-9a-z]{6}-[0-9]+$", id));
        Assert.Equal(ids[0][..7], ids[1][..7]);
    }

    [Fact]
    public void Another_clients_refusal_on_the_devices_result_topic_is_ignored_and_counted_apart()
    {
        var kit = new TwinModuleKit();
        kit.Send(TwinBus.Update, TwinModuleKit.Report("pulses", "1", "int"));

        // What edgecore sent when another client's twin/update for this device was bad.
        kit.Send(TwinBus.OwnerUpdateResult, """{"event_id":"","timestamp":1,"code":400,"reason":"the value is not int"}""", source: "eventbus");
        kit.Send(TwinBus.OwnerUpdateResult, """{"event_id":"4f1c9a","timestamp":1,"code":400,"reason":"the value is not int"}""", source: "eventbus");
        kit.Send(TwinBus.OwnerUpdateResult, """{"timestamp":1,"code":500,"reason":"?"}""", source: "eventbus");

        Assert.Equal(0, kit.Twin.OwnerErrors);
        Assert.Equal(3, kit.Twin.OthersResults);
        Assert.False(kit.Log.Contains("refused a report"), string.Join("\n", kit.Log.Lines));
    }

    [Fact]
    public void A_refusal_of_the_boards_own_report_is_counted_and_logged()
    {
        var kit = new TwinModuleKit();
        kit.Send(TwinBus.Update, TwinModuleKit.Report("pulses", "1", "int"));
        string ours = EventIdOf(kit.Uplink.Handled.Single());

        kit.Send(TwinBus.OwnerUpdateResult, "{\"event_id\":\"" + ours + "\",\"timestamp\":1,\"code\":400,\"reason\":\"the value is not float\"}", source: "eventbus");

        Assert.Equal(1, kit.Twin.OwnerErrors);
        Assert.Equal(0, kit.Twin.OthersResults);
        Assert.True(kit.Log.Contains("twin owner refused a report for default/demo: 400 the value is not float"));
    }

    [Fact]
    public void Reports_the_owner_refused_as_of_an_unknown_device_go_out_again_whole_when_it_next_sends_a_delta()
    {
        // edgecore answers 404 while the Device is not yet made in the cluster; when it is, edgecore
        // sends the board a delta (seen against edgecore v1.23.1), and only then holds its readings.
        var kit = new TwinModuleKit();
        kit.Send(TwinBus.Update, TwinModuleKit.Report("pulses", "7", "int"));
        kit.Send(TwinBus.Update, TwinModuleKit.Report("button", "true", "boolean"));
        string ours = EventIdOf(kit.Uplink.Handled.Last());
        kit.Send(TwinBus.OwnerUpdateResult, "{\"event_id\":\"" + ours + "\",\"timestamp\":1,\"code\":404,\"reason\":\"device default/demo not found\"}", source: "eventbus");
        Assert.True(kit.Log.Contains("404 device default/demo not found (reported again when the owner next sends its twin)"));
        int before = kit.Uplink.Handled.Count;

        kit.Send(TwinBus.OwnerDelta, """{"twin":{"led":{"expected":{"value":"true"},"metadata":{"type":"boolean"}}},"delta":{"led":"true"}}""", source: "eventbus");

        var again = kit.Uplink.Handled.Skip(before).Where(content => content.Length > 0)
            .Select(content => JsonDocument.Parse(content).RootElement)
            .Where(root => root.TryGetProperty("twin", out _))
            .ToList();
        var report = Assert.Single(again);
        Assert.Equal("7", report.GetProperty("twin").GetProperty("pulses").GetProperty("actual").GetProperty("value").GetString());
        Assert.Equal("true", report.GetProperty("twin").GetProperty("button").GetProperty("actual").GetProperty("value").GetString());

        // Once: the next delta brings no second whole report.
        before = kit.Uplink.Handled.Count;
        kit.Send(TwinBus.OwnerDelta, """{"twin":{"led":{"expected":{"value":"false"},"metadata":{"type":"boolean"}}},"delta":{"led":"false"}}""", source: "eventbus");
        Assert.DoesNotContain(kit.Uplink.Handled.Skip(before).Where(c => c.Length > 0).Select(c => JsonDocument.Parse(c).RootElement),
            root => root.TryGetProperty("twin", out JsonElement twin) && twin.TryGetProperty("pulses", out _));
    }

    [Fact]
    public void A_twin_get_result_answering_another_client_is_not_merged_nor_taken_as_the_boards_resync()
    {
        var kit = new TwinModuleKit();
        const string twin = """{"event_id":"","twin":{"mode":{"expected":{"value":"eco"},"metadata":{"type":"string"}}}}""";

        kit.Send(TwinBus.OwnerGetResult, twin.Replace("\"event_id\":\"\"", "\"event_id\":\"cli-7f3e\""), source: "eventbus");
        Assert.Null(kit.Expected("mode"));
        Assert.Empty(kit.Uplink.Handled);
        Assert.Equal(1, kit.Twin.OthersResults);

        kit.AnswerGet(twin);
        Assert.Equal("eco", kit.Expected("mode"));
        Assert.Single(kit.Uplink.Handled); // owner-twin-merged
    }

    [Fact]
    public void An_id_is_recent_for_the_last_window_of_requests_and_only_with_this_boots_prefix()
    {
        var ids = new EventIds(42);
        var other = new EventIds(43);
        string first = Issue(ids);
        for (int i = 1; i < EventIds.Window; i++) Issue(ids);
        string last = Issue(ids);

        Assert.False(Recent(ids, first)); // number 1, Window + 1 requests ago
        Assert.True(Recent(ids, last[..7] + "2")); // the oldest still in the window
        Assert.True(Recent(ids, last));
        Assert.False(Recent(ids, last[..7] + (EventIds.Window + 2))); // not issued yet
        Assert.False(Recent(ids, last[..7] + "0"));
        Assert.False(Recent(ids, last[..7] + "x1"));
        Assert.False(Recent(ids, last[..7] + "99999999999999999999"));
        Assert.False(Recent(ids, last[..7]));
        Assert.False(Recent(other, last));
        Assert.NotEqual(first[..6], Issue(other)[..6]);
    }

    [Fact]
    public void Issuing_an_id_writing_it_into_a_request_and_matching_a_result_allocate_nothing()
    {
        var ids = new EventIds(0);
        var encoder = new TwinEncoder();
        byte[] payload = new byte[256];
        byte[] key = Encoding.UTF8.GetBytes("pulses");
        byte[] value = Encoding.UTF8.GetBytes("17");
        void Once()
        {
            encoder.BeginTwinUpdate(payload, 0, payload.Length, ids.Next(), ids.Length, 1_700_000_000_000);
            encoder.AddActual(key, 0, key.Length, value, 0, value.Length, "int", 1_700_000_000_000);
            Assert.True(encoder.EndTwinUpdate() > 0);
            int length = encoder.EncodeTwinGet(payload, 0, payload.Length, ids.Next(), ids.Length, 1_700_000_000_000);
            // The id sits at byte 13: {"event_id":"
            Assert.True(ids.IsRecent(payload, 13, ids.Length) && length > 0);
        }
        for (int i = 0; i < 100; i++) Once();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) Once();

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static string Issue(EventIds ids) => Encoding.ASCII.GetString(ids.Next(), 0, ids.Length);

    private static bool Recent(EventIds ids, string id)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(id);
        return ids.IsRecent(bytes, 0, bytes.Length);
    }
}
