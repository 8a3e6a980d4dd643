using EdgeNano.DeviceTwin;

namespace EdgeNano.Tests.DeviceTwin;

/// <summary>Edge-originated updates (twin/update from the device, and the local Set* calls).</summary>
public class TwinEdgeUpdateTests
{
    [Fact]
    public void A_first_report_creates_the_property_as_a_string_with_edge_version_one()
    {
        var twin = new TwinFixture();
        twin.Clock.NowMs = 1234;
        var result = twin.Edge("state", actual: "stop");

        Assert.Equal(TwinStatus.Ok, result.Status);
        Assert.Equal(1, result.Count);
        Assert.True(result.Has(0, TwinResult.Added));
        Assert.False(result.LastPresent(0)); // document last is null for a new property
        Assert.Equal("stop", twin.Actual("state"));
        Assert.Null(twin.Expected("state"));
        Assert.Equal("string", twin.Type("state"));
        Assert.True(twin.Store.Optional(twin.Slot("state")));
        Assert.Equal(new Pair(0, 1), twin.ActualVersion("state"));
        Assert.False(twin.Store.HasExpectedVersion(twin.Slot("state")));
        Assert.Equal(1234, twin.Store.ActualTimestamp(twin.Slot("state")));
    }

    [Fact]
    public void Each_changed_value_bumps_the_edge_counter_of_its_own_pair()
    {
        var twin = new TwinFixture();
        twin.Edge("level", actual: "1", type: "int");
        twin.Edge("level", actual: "2");
        twin.Edge("level", expected: "5");
        twin.Edge("level", actual: "3", expected: "6");

        Assert.Equal(new Pair(0, 3), twin.ActualVersion("level"));
        Assert.Equal(new Pair(0, 2), twin.ExpectedVersion("level"));
    }

    [Fact]
    public void An_unchanged_report_bumps_nothing_and_reports_no_change()
    {
        var twin = new TwinFixture();
        twin.Clock.NowMs = 100;
        twin.Edge("temp", actual: "21", type: "int");
        int sequence = twin.Store.ChangeSequence(twin.Slot("temp"));
        twin.Clock.NowMs = 200;

        var result = twin.Edge("temp", actual: "21");

        Assert.Equal(TwinStatus.Ok, result.Status);
        Assert.True(result.NoChange);
        Assert.Equal(new Pair(0, 1), twin.ActualVersion("temp"));
        Assert.Equal(100, twin.Store.ActualTimestamp(twin.Slot("temp")));
        Assert.Equal(sequence, twin.Store.ChangeSequence(twin.Slot("temp")));
    }

    [Fact]
    public void A_changed_report_lists_the_key_with_its_last_and_current_values_for_the_document()
    {
        var twin = new TwinFixture();
        twin.Clock.NowMs = 100;
        twin.Edge("temp", actual: "21", type: "int");
        twin.Clock.NowMs = 200;

        var result = twin.Edge("temp", actual: "22");

        Assert.Equal(1, result.Count);
        Assert.True(result.Has(0, TwinResult.ActualChanged));
        Assert.False(result.Has(0, TwinResult.ExpectedChanged));
        Assert.True(result.LastPresent(0));
        Assert.Equal("21", TwinFixture.Ascii(result.ArenaBytes, result.LastActualOffset(0), result.LastActualLength(0)));
        Assert.Equal(100, result.LastActualTimestamp(0));
        Assert.Equal(1, result.LastActualEdgeVersion(0));
        Assert.Equal("22", twin.Actual("temp"));
        Assert.Equal(200, twin.Store.ActualTimestamp(result.Slot(0)));
    }

    [Fact]
    public void An_update_of_several_keys_lists_only_the_ones_that_changed()
    {
        var twin = new TwinFixture();
        twin.Store.ApplyEdgeUpdate(twin.Device, twin.Many(
            (u, _) => TwinFixture.Put(u, "a", actual: "1"),
            (u, _) => TwinFixture.Put(u, "b", actual: "1")));

        var result = twin.Store.ApplyEdgeUpdate(twin.Device, twin.Many(
            (u, _) => TwinFixture.Put(u, "a", actual: "1"),
            (u, _) => TwinFixture.Put(u, "b", actual: "2")));

        Assert.Equal(1, result.Count);
        Assert.Equal("b", twin.Key(result.Slot(0)));
    }

    [Fact]
    public void The_type_comes_from_the_first_message_and_cannot_change_until_the_property_is_deleted()
    {
        var twin = new TwinFixture();
        twin.Edge("speed", actual: "3", type: "int");

        var asFloat = twin.Edge("speed", actual: "3.5", type: "float");
        Assert.Equal(TwinStatus.BadRequest, asFloat.Status);
        Assert.Equal(TwinReasons.NotInt, asFloat.Reason);
        Assert.Equal("3", twin.Actual("speed"));

        var sameValueOtherType = twin.Edge("speed", actual: "4", type: "float");
        Assert.Equal(TwinStatus.Ok, sameValueOtherType.Status);
        Assert.Equal("int", twin.Type("speed")); // the message's type is ignored, as edgecore ignores it

        twin.Edge("speed", delete: true);
        var revived = twin.Edge("speed", actual: "3.5", type: "float");
        Assert.Equal(TwinStatus.Ok, revived.Status);
        Assert.Equal("float", twin.Type("speed"));
        Assert.True(revived.Has(0, TwinResult.TypeChanged));
        Assert.False(revived.LastPresent(0)); // a deleted property's document last is null
    }

    [Fact]
    public void A_deleted_property_brought_back_without_metadata_becomes_a_string()
    {
        var twin = new TwinFixture();
        twin.Edge("mode", actual: "1", type: "int");
        twin.Edge("mode", delete: true);
        twin.Edge("mode", actual: "eco");
        Assert.Equal("string", twin.Type("mode"));
    }

    [Fact]
    public void Optional_defaults_to_true_and_only_ever_goes_from_true_to_false()
    {
        var twin = new TwinFixture();
        twin.Edge("door", actual: "open");
        Assert.True(twin.Store.Optional(twin.Slot("door")));

        var toFalse = twin.Edge("door", optional: false);
        Assert.True(toFalse.Has(0, TwinResult.OptionalChanged));
        Assert.False(twin.Store.Optional(twin.Slot("door")));

        var backToTrue = twin.Edge("door", optional: true);
        Assert.True(backToTrue.NoChange);
        Assert.False(twin.Store.Optional(twin.Slot("door")));
    }

    [Fact]
    public void A_new_property_may_start_as_not_optional()
    {
        var twin = new TwinFixture();
        twin.Edge("serial", actual: "A1", optional: false);
        Assert.False(twin.Store.Optional(twin.Slot("serial")));
    }

    [Fact]
    public void Deleting_a_non_optional_property_is_refused_and_changes_nothing()
    {
        var twin = new TwinFixture();
        twin.Edge("serial", actual: "A1", optional: false);

        var result = twin.Edge("serial", delete: true);

        Assert.Equal(TwinStatus.BadRequest, result.Status);
        Assert.Equal(TwinReasons.NotOptional, result.Reason);
        Assert.False(twin.Store.IsDeleted(twin.Slot("serial")));
        Assert.Equal("A1", twin.Actual("serial"));
    }

    [Fact]
    public void Deleting_keeps_the_row_as_deleted_clears_the_values_and_bumps_the_counters()
    {
        var twin = new TwinFixture();
        twin.Edge("lamp", expected: "on", actual: "off");

        var result = twin.Edge("lamp", delete: true);

        Assert.Equal(TwinStatus.Ok, result.Status);
        Assert.True(result.Has(0, TwinResult.Deleted));
        Assert.True(result.LastPresent(0));
        Assert.Equal("on", TwinFixture.Ascii(result.ArenaBytes, result.LastExpectedOffset(0), result.LastExpectedLength(0)));
        int slot = twin.Slot("lamp");
        Assert.True(twin.Store.IsDeleted(slot));
        Assert.Equal("deleted", twin.Type("lamp"));
        Assert.Null(twin.Expected("lamp"));
        Assert.Null(twin.Actual("lamp"));
        Assert.Equal(new Pair(0, 2), twin.ExpectedVersion("lamp"));
        Assert.Equal(new Pair(0, 2), twin.ActualVersion("lamp"));

        Assert.True(twin.Edge("lamp", delete: true).NoChange); // deleting again changes nothing
    }

    [Fact]
    public void Deleting_a_key_the_device_does_not_have_is_a_bad_request()
    {
        var twin = new TwinFixture();
        var result = twin.Edge("ghost", delete: true);
        Assert.Equal(TwinStatus.BadRequest, result.Status);
        Assert.Equal(TwinReasons.BodyWrong, result.Reason);
    }

    [Fact]
    public void An_update_with_one_bad_property_applies_none_of_its_properties()
    {
        var twin = new TwinFixture();
        twin.Edge("count", actual: "1", type: "int");

        var result = twin.Store.ApplyEdgeUpdate(twin.Device, twin.Many(
            (u, _) => TwinFixture.Put(u, "fresh", actual: "x"),
            (u, _) => TwinFixture.Put(u, "count", actual: "many")));

        Assert.Equal(TwinStatus.BadRequest, result.Status);
        Assert.Equal(1, result.FailedChange);
        Assert.Equal(-1, twin.Slot("fresh"));
        Assert.Equal("1", twin.Actual("count"));
    }

    [Fact]
    public void An_update_naming_a_key_twice_is_refused()
    {
        var twin = new TwinFixture();
        var result = twin.Store.ApplyEdgeUpdate(twin.Device, twin.Many(
            (u, _) => TwinFixture.Put(u, "k", actual: "1"),
            (u, _) => TwinFixture.Put(u, "k", actual: "2")));
        Assert.Equal(TwinStatus.BadRequest, result.Status);
        Assert.Equal(TwinReasons.DuplicateKey, result.Reason);
    }

    [Fact]
    public void An_update_for_an_unregistered_device_is_not_found()
    {
        var twin = new TwinFixture();
        var result = twin.Store.ApplyEdgeUpdate(twin.Device + 1, twin.One("k", null, "1", null, null, false, null, null));
        Assert.Equal(TwinStatus.NotFound, result.Status);
        Assert.Equal(TwinReasons.DeviceMissing, result.Reason);
        Assert.Equal(-1, twin.Store.FindDevice("default/other"));
    }

    [Fact]
    public void A_device_edge_cannot_create_a_deleted_row()
    {
        var twin = new TwinFixture();
        var result = twin.Edge("k", actual: "1", type: "deleted");
        Assert.Equal(TwinStatus.BadRequest, result.Status);
        Assert.Equal(-1, twin.Slot("k"));
    }

    [Fact]
    public void Other_modules_read_and_set_values_through_the_property_interface()
    {
        var twin = new TwinFixture();
        ITwinProperties twinProperties = twin.Store;
        int device = twinProperties.FindDevice(TwinFixture.DeviceId);

        Assert.Equal(TwinStatus.Ok, twinProperties.SetActual(device, "relay", "off"));
        Assert.Equal(TwinStatus.Ok, twinProperties.SetExpected(device, "relay", "on"));
        int slot = twinProperties.FindProperty(device, "relay");
        Assert.True(twinProperties.ExpectedIs(slot, "on"));
        Assert.True(twinProperties.ActualIs(slot, "off"));
        var buffer = new byte[8];
        Assert.Equal(2, twinProperties.CopyExpected(slot, buffer, 1));
        Assert.Equal("on", TwinFixture.Ascii(buffer, 1, 2));
        Assert.Equal(-1, twinProperties.CopyActual(slot, buffer, 6)); // "off" does not fit at 6
        Assert.Equal(TwinStatus.BadRequest, twinProperties.SetActual(device, "relay", "half on"));
    }
}
