using EdgeNano.Cli.Mapper.Dmi;
using EdgeNano.Cli.Sim;

namespace EdgeNano.Cli.Mapper;

// DMI's Twin, not the `edgenano twin` command's namespace.
using Twin = EdgeNano.Cli.Mapper.Dmi.Twin;

/// <summary>
/// A device's twins as the mapper reports them to edgecore: each served property whose board has
/// reached its desired value (the Device's, or else the expected value in the board's twin), as
/// observedDesired = reported = that value. edgecore turns each report into a twin update of both
/// expected and actual in the same twin the board reports to, so the mapper reports only what it
/// has seen the board confirm: a reading of its own, a moment old, would overwrite a newer one
/// from the board (seen against edgecore v1.23.1: a report carrying led=false landed just after
/// the board's led=true, and the board, whose own value had not changed, never said it again).
/// A property with nothing desired (an input, a counter) is left out too: an expected value made
/// up for it comes back to the board in the next delta as a desired value its pin cannot take.
/// Those readings, and a board still on its way to a desired value, reach edgecore's twin from the
/// board itself on the same broker. Values are typed and never empty (edgecore refuses an empty
/// expected value and crashes on a missing one).
/// </summary>
internal static class StatusReport
{
    public static DeviceStatus Of(MappedDevice device, HubView view)
    {
        var status = new DeviceStatus { ReportToCloud = true, ReportCycle = (long)device.ReportCycle.TotalMilliseconds };
        string now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (MappedProperty property in device.Properties)
        {
            string? actual = view.Actual(device.Id, property.Name);
            string? desired = property.Desired ?? view.Expected(device.Id, property.Name);
            if (actual == null || desired == null || actual != desired) continue;
            status.Twins.Add(new Twin
            {
                PropertyName = property.Name,
                ObservedDesired = Value(desired, property.TwinType, now),
                Reported = Value(actual, property.TwinType, now),
            });
        }
        return status;
    }

    private static TwinProperty Value(string value, string type, string timestamp) => new()
    {
        Value = value,
        Metadata = { ["type"] = type, ["timestamp"] = timestamp },
    };
}
