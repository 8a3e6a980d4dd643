using EdgeNano.DeviceTwin;
using EdgeNano.Runtime;

namespace EdgeNano.Tests.DeviceTwin;

/// <summary>A version pair as tests write it.</summary>
public readonly record struct Pair(long Cloud, long Edge)
{
    public override string ToString() => $"{{cloud {Cloud}, edge {Edge}}}";
}

/// <summary>
/// A store with one registered device and short ways to send it updates: one property per
/// call, fields left null are absent from the message (as omitted JSON fields are).
/// </summary>
internal sealed class TwinFixture
{
    public const string DeviceId = "default/thermo-01";
    public readonly ManualClock Clock = new();
    public readonly TwinStore Store;
    public readonly int Device;
    private readonly TwinUpdate _update;

    public TwinFixture(TwinConfig? config = null)
    {
        config ??= new TwinConfig();
        Store = new TwinStore(config, Clock);
        Device = Store.RegisterDevice(DeviceId);
        _update = new TwinUpdate(config.PropertiesPerDevice);
    }

    public TwinResult Edge(string key, string? expected = null, string? actual = null, string? type = null,
        bool? optional = null, bool delete = false) =>
        Store.ApplyEdgeUpdate(Device, One(key, expected, actual, type, optional, delete, null, null));

    public TwinResult Sync(string key, string? expected = null, Pair? expectedVersion = null, string? actual = null,
        Pair? actualVersion = null, string? type = null, bool? optional = null, bool delete = false) =>
        Store.ApplyCloudSync(Device, One(key, expected, actual, type, optional, delete, expectedVersion, actualVersion));

    public TwinResult Merge(string key, string? expected = null, Pair? expectedVersion = null, string? actual = null,
        Pair? actualVersion = null, string? type = null, long? expectedTimestamp = null)
    {
        var update = One(key, expected, actual, type, null, false, expectedVersion, actualVersion);
        if (expectedTimestamp is long ts) update.SetExpectedTimestamp(0, ts);
        return Store.MergeCloudTwin(Device, update);
    }

    public TwinResult SyncStamped(string key, string expected, Pair expectedVersion, long expectedTimestamp)
    {
        var update = One(key, expected, null, null, null, false, expectedVersion, null);
        update.SetExpectedTimestamp(0, expectedTimestamp);
        return Store.ApplyCloudSync(Device, update);
    }

    /// <summary>An update of several properties, each described by a setter.</summary>
    public TwinUpdate Many(params Action<TwinUpdate, int>[] changes)
    {
        _update.Clear();
        foreach (var change in changes) change(_update, -1);
        return _update;
    }

    public TwinUpdate One(string key, string? expected, string? actual, string? type, bool? optional, bool delete,
        Pair? expectedVersion, Pair? actualVersion)
    {
        _update.Clear();
        Put(_update, key, expected, actual, type, optional, delete, expectedVersion, actualVersion);
        return _update;
    }

    public static void Put(TwinUpdate update, string key, string? expected = null, string? actual = null, string? type = null,
        bool? optional = null, bool delete = false, Pair? expectedVersion = null, Pair? actualVersion = null)
    {
        int c = update.Add(key);
        if (delete) update.SetDelete(c);
        if (expected != null) update.SetExpected(c, expected);
        if (actual != null) update.SetActual(c, actual);
        if (type != null) update.SetType(c, type);
        if (optional != null) update.SetOptional(c, optional.Value);
        if (expectedVersion is Pair e) update.SetExpectedVersion(c, e.Cloud, e.Edge);
        if (actualVersion is Pair a) update.SetActualVersion(c, a.Cloud, a.Edge);
    }

    public int Slot(string key) => Store.FindProperty(Device, key);

    public string? Expected(string key)
    {
        int slot = Slot(key);
        return slot < 0 || !Store.HasExpected(slot) ? null : Ascii(Store.ArenaBytes, Store.ExpectedOffset(slot), Store.ExpectedLength(slot));
    }

    public string? Actual(string key)
    {
        int slot = Slot(key);
        return slot < 0 || !Store.HasActual(slot) ? null : Ascii(Store.ArenaBytes, Store.ActualOffset(slot), Store.ActualLength(slot));
    }

    public string Type(string key) => TwinType.Name(Store.Type(Slot(key)));
    public Pair ExpectedVersion(string key) => new(Store.ExpectedCloudVersion(Slot(key)), Store.ExpectedEdgeVersion(Slot(key)));
    public Pair ActualVersion(string key) => new(Store.ActualCloudVersion(Slot(key)), Store.ActualEdgeVersion(Slot(key)));

    public static string Ascii(byte[] bytes, int offset, int length) => System.Text.Encoding.ASCII.GetString(bytes, offset, length);

    /// <summary>The keys of the result's delta, in row order.</summary>
    public List<string> DeltaKeys(TwinResult result) =>
        Enumerable.Range(0, result.DeltaCount).Select(i => Key(result.DeltaSlot(i))).ToList();

    public string Key(int slot) => Ascii(Store.ArenaBytes, Store.KeyOffset(slot), Store.KeyLength(slot));
}
