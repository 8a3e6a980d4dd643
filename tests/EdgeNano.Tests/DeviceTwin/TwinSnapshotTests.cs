using CsCheck;
using EdgeNano.DeviceTwin;

namespace EdgeNano.Tests.DeviceTwin;

/// <summary>The twin state as a versioned binary snapshot, for persistence across reboots.</summary>
public class TwinSnapshotTests
{
    /// <summary>A twin with every kind of row: typed, not optional, cloud versions, empty value, deleted.</summary>
    private static TwinFixture Populated()
    {
        var twin = new TwinFixture();
        twin.Clock.NowMs = 111;
        twin.Edge("temp", actual: "21.5", type: "float");
        twin.Clock.NowMs = 222;
        twin.Sync("mode", expected: "eco", expectedVersion: new Pair(7, 3), type: "string", optional: false);
        twin.Edge("mode", actual: "");
        twin.Edge("count", actual: "5", type: "integer");
        twin.Edge("count", delete: true);
        twin.Edge("flag", expected: "true", type: "boolean");
        return twin;
    }

    internal static byte[] Snapshot(TwinStore store)
    {
        var buffer = new byte[store.SnapshotSize()];
        Assert.Equal(buffer.Length, store.WriteSnapshot(buffer));
        return buffer;
    }

    /// <summary>Everything a row holds, as text, in row order.</summary>
    internal static List<string> Rows(TwinFixture twin)
    {
        var rows = new List<string>();
        var store = twin.Store;
        for (int r = 0; r < store.PropertyCount(twin.Device); r++)
        {
            int s = store.Slot(twin.Device, r);
            rows.Add(string.Join("|", twin.Key(s), TwinType.Name(store.Type(s)), store.Optional(s),
                store.HasExpected(s) ? TwinFixture.Ascii(store.ArenaBytes, store.ExpectedOffset(s), store.ExpectedLength(s)) : "<none>",
                store.HasActual(s) ? TwinFixture.Ascii(store.ArenaBytes, store.ActualOffset(s), store.ActualLength(s)) : "<none>",
                store.ExpectedTimestamp(s), store.ActualTimestamp(s),
                store.HasExpectedVersion(s), store.ExpectedCloudVersion(s), store.ExpectedEdgeVersion(s),
                store.HasActualVersion(s), store.ActualCloudVersion(s), store.ActualEdgeVersion(s)));
        }
        return rows;
    }

    [Fact]
    public void A_snapshot_loaded_into_a_fresh_store_gives_back_every_value_type_flag_version_and_timestamp()
    {
        var original = Populated();
        var bytes = Snapshot(original.Store);

        var restored = new TwinFixture();
        Assert.Equal(SnapshotStatus.Loaded, restored.Store.LoadSnapshot(bytes, bytes.Length));

        Assert.Equal(Rows(original), Rows(restored));
        Assert.Equal(5, Rows(restored).Count + 1); // temp, mode, count (deleted), flag
        Assert.True(restored.Store.IsDeleted(restored.Slot("count")));
        // The restored twin goes on by the same rules.
        Assert.True(restored.Edge("temp", actual: "21.5").NoChange);
        Assert.Equal(TwinStatus.BadRequest, restored.Edge("temp", actual: "warm").Status);
    }

    [Fact]
    public void A_snapshot_replaces_what_the_store_held_before()
    {
        var bytes = Snapshot(Populated().Store);
        var restored = new TwinFixture();
        restored.Edge("stale", actual: "1");
        Assert.Equal(SnapshotStatus.Loaded, restored.Store.LoadSnapshot(bytes, bytes.Length));
        Assert.Equal(-1, restored.Slot("stale"));
    }

    [Fact]
    public void Writing_into_a_buffer_that_is_too_small_returns_minus_one()
    {
        var twin = Populated();
        Assert.Equal(-1, twin.Store.WriteSnapshot(new byte[twin.Store.SnapshotSize() - 1]));
    }

    [Fact]
    public void Any_corrupted_byte_or_truncation_is_rejected_and_leaves_the_store_untouched()
    {
        var bytes = Snapshot(Populated().Store);
        var target = new TwinFixture();
        target.Edge("mine", actual: "keep");
        var before = Rows(target);

        Gen.Int[0, bytes.Length - 1].Select(Gen.Byte[1, 255]).Sample((index, flip) =>
        {
            var damaged = (byte[])bytes.Clone();
            damaged[index] ^= flip;
            Assert.Equal(SnapshotStatus.Corrupt, target.Store.LoadSnapshot(damaged, damaged.Length));
        }, iter: 500);
        for (int length = 0; length < bytes.Length; length += 7)
            Assert.Equal(SnapshotStatus.Corrupt, target.Store.LoadSnapshot(bytes, length));
        Assert.Equal(SnapshotStatus.Corrupt, target.Store.LoadSnapshot(new byte[40], 40));

        Assert.Equal(before, Rows(target));
    }

    [Fact]
    public void A_snapshot_bigger_than_the_store_is_refused_as_too_large_and_leaves_the_store_untouched()
    {
        var bytes = Snapshot(Populated().Store);
        var small = new TwinFixture(new TwinConfig { PropertiesPerDevice = 2 });
        small.Edge("mine", actual: "keep");
        Assert.Equal(SnapshotStatus.TooLarge, small.Store.LoadSnapshot(bytes, bytes.Length));
        Assert.Equal("keep", small.Actual("mine"));

        var tight = new TwinFixture(new TwinConfig { ArenaBytes = 40 });
        Assert.Equal(SnapshotStatus.TooLarge, tight.Store.LoadSnapshot(bytes, bytes.Length));
    }

    [Fact]
    public void Devices_no_longer_registered_are_skipped_when_loading()
    {
        var bytes = Snapshot(Populated().Store);
        var other = new TwinStore(new TwinConfig(), new ManualClock());
        int device = other.RegisterDevice("default/someone-else");
        Assert.Equal(SnapshotStatus.Loaded, other.LoadSnapshot(bytes, bytes.Length));
        Assert.Equal(0, other.PropertyCount(device));
    }

    [Fact]
    public void A_damaged_snapshot_whose_checksum_was_recomputed_never_throws_and_never_breaks_the_store()
    {
        // Beyond the checksum: the structure checks alone must keep any bytes from crashing the load.
        var original = Populated();
        var bytes = Snapshot(original.Store);
        Gen.Int[5, bytes.Length - 5].Array[1, 4].Select(Gen.Byte.Array[4]).Sample((indexes, values) =>
        {
            var damaged = (byte[])bytes.Clone();
            for (int i = 0; i < indexes.Length; i++) damaged[indexes[i]] = values[i];
            Reseal(damaged);
            var target = new TwinFixture(new TwinConfig { PropertiesPerDevice = 6, ArenaBytes = 512 });
            int status = target.Store.LoadSnapshot(damaged, damaged.Length);
            Assert.InRange(status, SnapshotStatus.Loaded, SnapshotStatus.TooLarge);
            Assert.Equal(TwinStatus.Ok, target.Edge("after", actual: "1").Status);
        }, iter: 2000);
    }

    [Fact]
    public void A_snapshot_naming_a_device_twice_cannot_overflow_its_rows()
    {
        var store = new TwinStore(new TwinConfig { PropertiesPerDevice = 3 }, new ManualClock());
        int device = store.RegisterDevice(TwinFixture.DeviceId);
        for (int i = 0; i < 3; i++) store.SetActual(device, $"k{i}", "1");
        var bytes = Snapshot(store);
        // Repeat the one device entry: header (7 bytes) | entry | checksum (4).
        var entry = bytes[7..^4];
        var doubled = bytes[..5].Concat(new byte[] { 2, 0 }).Concat(entry).Concat(entry).Concat(new byte[4]).ToArray();
        Reseal(doubled);

        var target = new TwinStore(new TwinConfig { PropertiesPerDevice = 3 }, new ManualClock());
        target.RegisterDevice(TwinFixture.DeviceId);
        Assert.Equal(SnapshotStatus.TooLarge, target.LoadSnapshot(doubled, doubled.Length));
    }

    /// <summary>Rewrites the trailing FNV-1a 32 checksum so only the structure checks can object.</summary>
    private static void Reseal(byte[] snapshot)
    {
        uint hash = 2166136261;
        for (int i = 0; i < snapshot.Length - 4; i++) hash = (hash ^ snapshot[i]) * 16777619;
        BitConverter.TryWriteBytes(snapshot.AsSpan(snapshot.Length - 4), hash);
    }
}
