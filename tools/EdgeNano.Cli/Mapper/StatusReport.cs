using EdgeNano.Cli.Mapper.Dmi;
using EdgeNano.Cli.Sim;

namespace EdgeNano.Cli.Mapper;

// DMI's Twin, not the `edgenano twin` command's namespace.
using Twin = EdgeNano.Cli.Mapper.Dmi.Twin;

/// <summary>
/// A device's twins as the mapper reports them to edgecore: for each served property the board
/// has a value of, reported = the board's actual value and observedDesired = the Device's
/// desired value (or, without one, the twin's expected value, else the actual value). edgecore
/// turns each into a twin update with expected = observedDesired, checked against the
/// property's type, so both are always a value of that type, never empty.
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
            if (actual == null) continue;
            string desired = property.Desired ?? view.Expected(device.Id, property.Name) ?? actual;
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
