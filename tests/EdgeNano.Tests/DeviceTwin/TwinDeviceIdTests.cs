using System.Text;
using EdgeNano.DeviceTwin;

namespace EdgeNano.Tests.DeviceTwin;

/// <summary>
/// Device ids are kept as the string registered and as its UTF-8, made once: messages name a
/// device by string (compared whole), payloads and snapshots by bytes.
/// </summary>
public class TwinDeviceIdTests
{
    [Theory]
    [InlineData("default/thermo-01")]
    [InlineData("default/café")]
    [InlineData("default/温度-🌡")]
    public void A_device_is_found_by_its_id_as_a_string_and_as_UTF_8_bytes(string id)
    {
        var store = new TwinStore(new TwinConfig(), new ManualClock());
        store.RegisterDevice("default/other");
        int device = store.RegisterDevice(id);
        byte[] utf8 = Encoding.UTF8.GetBytes("xx" + id);
        Assert.Equal(device, store.FindDevice(id));
        Assert.Equal(device, store.FindDevice(new string(id.ToCharArray())));
        Assert.Equal(device, store.FindDevice(TwinText.Of(utf8, 2, utf8.Length - 2)));
        Assert.Equal(-1, store.FindDevice(id + "x"));
        Assert.Equal(-1, store.FindDevice(TwinText.Of(utf8, 2, utf8.Length - 3)));
    }

    [Fact]
    public void A_device_id_beyond_ASCII_is_written_to_a_snapshot_as_UTF_8_and_found_again_on_load()
    {
        const string id = "default/𝄞-🌡";
        var clock = new ManualClock();
        var original = new TwinStore(new TwinConfig(), clock);
        int device = original.RegisterDevice(id);
        Assert.Equal(TwinStatus.Ok, original.SetActual(device, "temp", "21.5"));
        byte[] snapshot = TwinSnapshotTests.Snapshot(original);
        Assert.True(snapshot.AsSpan().IndexOf(Encoding.UTF8.GetBytes(id)) >= 0);

        var restored = new TwinStore(new TwinConfig(), clock);
        int again = restored.RegisterDevice(id);
        Assert.Equal(SnapshotStatus.Loaded, restored.LoadSnapshot(snapshot, snapshot.Length));
        Assert.True(restored.ActualIs(restored.FindProperty(again, "temp"), "21.5"));
    }
}
