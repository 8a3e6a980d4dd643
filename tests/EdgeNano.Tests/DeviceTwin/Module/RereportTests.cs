using System.Text.Json;
using EdgeNano.DeviceTwin;

namespace EdgeNano.Tests.DeviceTwin.Module;

/// <summary>edgehub's re-report asks after a reconnect: the keys it lists come back together.</summary>
public class RereportTests
{
    [Fact]
    public void An_ask_listing_several_keys_comes_back_as_one_report_of_exactly_those_keys()
    {
        var kit = new TwinModuleKit();
        foreach (var (key, value) in new[] { ("button", "true"), ("led", "false"), ("pulses", "7") })
        {
            kit.Send(TwinBus.Update, TwinModuleKit.Report(key, value, key == "pulses" ? "int" : "boolean"));
        }
        int before = kit.Uplink.Handled.Count;

        // A key the device does not have is passed over; the rest go out in one twin/update.
        kit.Send(TwinBus.Rereport, "button\nno-such-key\npulses", source: "edgehub");

        var reports = kit.Uplink.Handled.Skip(before)
            .Where(content => content.Length > 0)
            .Select(content => JsonDocument.Parse(content).RootElement.GetProperty("twin"))
            .ToList();
        var report = Assert.Single(reports);
        Assert.Equal(["button", "pulses"], report.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("7", report.GetProperty("pulses").GetProperty("actual").GetProperty("value").GetString());
    }
}
