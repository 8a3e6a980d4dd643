using EdgeNano.DeviceTwin;
using EdgeNano.Tests.DeviceTwin.Module;

namespace EdgeNano.Tests.Reliability;

/// <summary>
/// Found by the chaos scenario: a board that lost power before its last twin write reached the
/// flash restarts from an older snapshot. Its first readings then match that snapshot and go
/// unreported, while the owner still holds what the previous life reported. The twin the owner
/// sends after the reconnect is where the device can see the difference and correct it.
/// </summary>
public class ChaosOwnerReadingTests
{
    private static string OwnerTwin(string key, string? actual) =>
        "{\"event_id\":\"\",\"twin\":{\"" + key + "\":{" + (actual == null ? "" : "\"actual\":{\"value\":\"" + actual + "\"},") +
        "\"metadata\":{\"type\":\"boolean\"}}}}";

    private static List<string> Reports(TwinModuleKit kit) => [.. kit.Uplink.Handled.Where(h => h.Contains("\"twin\"") && h.Contains("actual"))];

    [Fact]
    public void A_reading_the_owner_holds_differently_after_a_reconnect_is_reported_again()
    {
        var kit = new TwinModuleKit();
        kit.Send(TwinBus.Update, TwinModuleKit.Report("led", "false", "boolean"));
        int before = Reports(kit).Count;

        kit.AnswerGet(OwnerTwin("led", "true"));

        List<string> reports = Reports(kit);
        Assert.Equal(before + 1, reports.Count);
        Assert.Contains("\"led\"", reports[^1]);
        Assert.Contains("\"value\":\"false\"", reports[^1]);
        Assert.Equal("false", kit.Actual("led")); // the device's own reading stays: it is the source of it
    }

    [Fact]
    public void A_reading_the_owner_lacks_is_reported_and_one_it_holds_alike_is_not()
    {
        var kit = new TwinModuleKit();
        kit.Send(TwinBus.Update, TwinModuleKit.Report("led", "true", "boolean"));
        kit.Send(TwinBus.Update, TwinModuleKit.Report("button", "false", "boolean"));
        int before = Reports(kit).Count;

        kit.AnswerGet(OwnerTwin("led", "true"));
        Assert.Equal(before, Reports(kit).Count);

        kit.AnswerGet(OwnerTwin("button", null));
        Assert.Equal(before + 1, Reports(kit).Count);
        Assert.Contains("\"button\"", Reports(kit)[^1]);
    }
}
