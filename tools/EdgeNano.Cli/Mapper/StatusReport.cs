using EdgeNano.Cli.Mapper.Dmi;
using EdgeNano.Cli.Sim;

namespace EdgeNano.Cli.Mapper;

// DMI's Twin, not the `edgenano twin` command's namespace.
using Twin = EdgeNano.Cli.Mapper.Dmi.Twin;

/// <summary>
/// A device's twins as the mapper reports them to edgecore: each served property that has a
/// desired value to observe (the Device's, or else the expected value in the board's twin) and
/// a value from the board, with observedDesired = that desired value and reported = the board's
/// actual value. edgecore turns each into a twin update with expected = observedDesired, which
/// must be a value of the property's type (it refuses an empty one and crashes on a missing
/// one). A property with nothing desired (an input, a counter) is left out: an expected value
/// made up for it would come back to the board in the next delta as a desired value its pin
/// cannot take (measured against edgecore v1.23.1: the board logged a refusal per input). Its
/// readings reach edgecore's twin from the board itself, on the same broker the mapper reads.
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
            if (actual == null || desired == null) continue;
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
