using EdgeNano.DeviceTwin;

namespace EdgeNano.Tests.DeviceTwin;

/// <summary>Full tables and a full value storage are clear 500 results, and the store keeps working.</summary>
public class TwinCapacityTests
{
    [Fact]
    public void A_device_with_every_row_taken_refuses_a_new_property_with_500_and_keeps_updating_the_others()
    {
        var twin = new TwinFixture(new TwinConfig { PropertiesPerDevice = 4 });
        for (int i = 0; i < 4; i++) Assert.Equal(TwinStatus.Ok, twin.Edge($"p{i}", actual: "1").Status);

        var refused = twin.Edge("p4", actual: "1");
        Assert.Equal(TwinStatus.InternalError, refused.Status);
        Assert.Equal(TwinReasons.TooManyProperties, refused.Reason);
        Assert.Equal(1, twin.Store.TableFullCount);

        Assert.Equal(TwinStatus.Ok, twin.Edge("p2", actual: "2").Status);
        Assert.Equal("2", twin.Actual("p2"));
    }

    [Fact]
    public void An_update_with_more_changes_than_a_device_has_rows_is_refused()
    {
        var twin = new TwinFixture(new TwinConfig { PropertiesPerDevice = 2 });
        var update = new TwinUpdate(3);
        for (int i = 0; i < 3; i++) update.SetActual(update.Add($"k{i}"), "1");
        var result = twin.Store.ApplyEdgeUpdate(twin.Device, update);
        Assert.Equal(TwinStatus.InternalError, result.Status);
        Assert.Equal(-1, twin.Slot("k0"));
    }

    [Fact]
    public void Registering_more_devices_than_configured_fails_and_is_counted()
    {
        var store = new TwinStore(new TwinConfig { MaxDevices = 2 }, new ManualClock());
        Assert.Equal(0, store.RegisterDevice("default/a"));
        Assert.Equal(1, store.RegisterDevice("default/b"));
        Assert.Equal(0, store.RegisterDevice("default/a")); // already there
        Assert.Equal(-1, store.RegisterDevice("default/c"));
        Assert.Equal(1, store.TableFullCount);
    }

    [Fact]
    public void A_full_value_storage_refuses_the_update_with_500_and_applies_none_of_it()
    {
        var twin = new TwinFixture(new TwinConfig { ArenaBytes = 64 });
        Assert.Equal(TwinStatus.Ok, twin.Edge("a", actual: new string('1', 20)).Status); // 1+4 + 20+4 = 29 bytes

        var refused = twin.Edge("b", actual: new string('2', 40));
        Assert.Equal(TwinStatus.InternalError, refused.Status);
        Assert.Equal(TwinReasons.StorageFull, refused.Reason);
        Assert.Equal(1, twin.Store.StorageFullCount);
        Assert.Equal(-1, twin.Slot("b"));

        Assert.Equal(TwinStatus.Ok, twin.Edge("b", actual: "2").Status);
        Assert.Equal("2", twin.Actual("b"));
    }

    [Fact]
    public void Values_that_keep_changing_length_reuse_the_storage_through_compaction()
    {
        var twin = new TwinFixture(new TwinConfig { ArenaBytes = 1024 });
        for (int i = 0; i < 4; i++) twin.Edge($"k{i}", actual: "0");
        for (int round = 0; round < 500; round++)
        {
            string key = $"k{round % 4}";
            string value = new('v', 1 + round % 97);
            Assert.Equal(TwinStatus.Ok, twin.Edge(key, actual: value).Status);
            Assert.Equal(value, twin.Actual(key));
        }
        Assert.True(twin.Store.Arena.Compactions > 0);
        for (int i = 0; i < 4; i++) Assert.Equal($"k{i}", twin.Key(twin.Slot($"k{i}")));
        Assert.True(twin.Store.Arena.LiveBytes <= 1024);
    }
}
