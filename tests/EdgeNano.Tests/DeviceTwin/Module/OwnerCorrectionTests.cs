using System.Text.Json;
using EdgeNano.DeviceTwin;

namespace EdgeNano.Tests.DeviceTwin.Module;

public class OwnerCorrectionTests
{
    [Fact]
    public void Readings_the_owner_has_wrong_after_a_resync_go_back_in_one_report_not_one_per_property()
    {
        var kit = new TwinModuleKit();
        foreach (var (key, value) in new[] { ("button", "true"), ("led", "false"), ("pulses", "7") })
        {
            kit.Send(TwinBus.Update, TwinModuleKit.Report(key, value, key == "pulses" ? "int" : "boolean"));
        }
        int before = kit.Uplink.Handled.Count;

        // The owner's twin still has older readings of all three.
        kit.AnswerGet("""
            {"event_id":"","timestamp":1700000000000,"twin":{
              "button":{"actual":{"value":"false"},"metadata":{"type":"boolean"}},
              "led":{"actual":{"value":"true"},"metadata":{"type":"boolean"}},
              "pulses":{"actual":{"value":"3"},"metadata":{"type":"int"}}}}
            """);

        var reports = kit.Uplink.Handled.Skip(before)
            .Where(content => content.Length > 0)
            .Select(content => JsonDocument.Parse(content).RootElement.GetProperty("twin"))
            .ToList();
        var report = Assert.Single(reports);
        Assert.Equal("true", report.GetProperty("button").GetProperty("actual").GetProperty("value").GetString());
        Assert.Equal("false", report.GetProperty("led").GetProperty("actual").GetProperty("value").GetString());
        Assert.Equal("7", report.GetProperty("pulses").GetProperty("actual").GetProperty("value").GetString());
    }
}
