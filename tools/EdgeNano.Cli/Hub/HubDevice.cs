using EdgeNano.DeviceTwin;
using EdgeNano.Runtime;

namespace EdgeNano.Cli.Hub;

/// <summary>
/// One device the hub owns the twin of: a device-code <see cref="TwinStore"/> holding just this
/// device (index 0), so edgecore's validation and version rules are the very code the board
/// runs, and the snapshot of one device is one database row.
/// </summary>
internal sealed class HubDevice
{
    /// <summary>The store index of the one device a HubDevice holds.</summary>
    public const int Index = 0;

    public HubDevice(string deviceId, HubLimits limits, IClock clock)
    {
        DeviceId = deviceId;
        Store = new TwinStore(new TwinConfig
        {
            MaxDevices = 1,
            PropertiesPerDevice = limits.PropertiesPerDevice,
            ArenaBytes = limits.ArenaBytes,
            ListenerCapacity = 1,
        }, clock);
        Store.RegisterDevice(deviceId);
    }

    /// <summary>"namespace/name", or "name" for devices that use KubeEdge's older single-segment topics.</summary>
    public string DeviceId { get; }

    public TwinStore Store { get; }

    /// <summary>Last state the device reported (online, offline, ok, unknown, unhealthy), or null.</summary>
    public string? State { get; set; }

    public long LastOnlineMs { get; set; }

    /// <summary>Changed since the hub's last commit (listed in its unsaved devices).</summary>
    public bool Unsaved { get; set; }

    /// <summary>Slots of the device's properties that are not deleted, in row order.</summary>
    public IEnumerable<int> LiveSlots()
    {
        for (int row = 0; row < Store.PropertyCount(Index); row++)
        {
            int slot = Store.Slot(Index, row);
            if (!Store.IsDeleted(slot)) yield return slot;
        }
    }
}

/// <summary>Capacities of each device twin the hub keeps (the hub is a PC, so generous).</summary>
public sealed record HubLimits
{
    /// <summary>Property rows per device, deleted ones included. Default 64.</summary>
    public int PropertiesPerDevice { get; init; } = 64;
    /// <summary>Bytes for all keys and values of one device (each piece of text costs 4 more). Default 16 KB.</summary>
    public int ArenaBytes { get; init; } = 16 * 1024;
    /// <summary>Largest payload the hub decodes or writes. Default 64 KB.</summary>
    public int MaxPayload { get; init; } = 64 * 1024;
}
