using EdgeNano.DeviceTwin;

namespace EdgeNano.Tests.DeviceTwin;

/// <summary>
/// KubeEdge's version rule for cloud syncs (kubeedge-twin-protocol.md, "Versions and
/// conflicts"): refused when local.cloud &gt; req.cloud or local.edge &gt; req.edge, else the
/// local pair becomes the request's pair and the value is taken.
/// </summary>
public class TwinVersionRuleTests
{
    public static TheoryData<Pair, Pair, string?> Rows => new()
    {
        // local pair,   request pair,   refusal (null: taken)
        { new(0, 0), new(0, 0), null },
        { new(0, 0), new(1, 0), null },
        { new(2, 3), new(2, 3), null },                                  // equal is not older
        { new(2, 3), new(5, 3), null },
        { new(2, 3), new(2, 9), null },
        { new(2, 3), new(7, 8), null },
        { new(2, 3), new(1, 3), TwinReasons.CloudVersionOlder },        // local.cloud > req.cloud
        { new(2, 3), new(1, 9), TwinReasons.CloudVersionOlder },
        { new(2, 3), new(2, 2), TwinReasons.EdgeVersionConflict },      // local.edge > req.edge
        { new(2, 3), new(9, 0), TwinReasons.EdgeVersionConflict },
        { new(2, 3), new(0, 0), TwinReasons.CloudVersionOlder },        // both older: the cloud check comes first
    };

    /// <summary>Brings the twin's "target" property to the given expected and actual pairs with value "old".</summary>
    private static TwinFixture TwinAt(Pair local)
    {
        var twin = new TwinFixture();
        Assert.Equal(TwinStatus.Ok, twin.Sync("target", expected: "old", expectedVersion: local, actual: "old", actualVersion: local).Status);
        Assert.Equal(local, twin.ExpectedVersion("target"));
        return twin;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_cloud_sync_of_expected_follows_the_version_rule(Pair local, Pair request, string? refusal)
    {
        var twin = TwinAt(local);
        var result = twin.Sync("target", expected: "new", expectedVersion: request);

        Assert.Equal(TwinStatus.Ok, result.Status);
        if (refusal == null)
        {
            Assert.Equal("new", twin.Expected("target"));
            Assert.Equal(request, twin.ExpectedVersion("target"));
            Assert.Equal(1, result.Count);
            Assert.True(result.Has(0, TwinResult.ExpectedChanged));
        }
        else
        {
            Assert.Equal("old", twin.Expected("target"));
            Assert.Equal(local, twin.ExpectedVersion("target"));
            Assert.True(result.Has(0, TwinResult.Rejected));
            Assert.Equal(refusal, result.RejectReason(0));
            // The reply carries the edge's own value and versions: the row as it still is.
            Assert.Equal(twin.Slot("target"), result.Slot(0));
        }
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_cloud_sync_of_actual_follows_the_version_rule(Pair local, Pair request, string? refusal)
    {
        var twin = TwinAt(local);
        var result = twin.Sync("target", actual: "new", actualVersion: request);

        Assert.Equal(refusal == null ? "new" : "old", twin.Actual("target"));
        Assert.Equal(refusal == null ? request : local, twin.ActualVersion("target"));
        Assert.Equal(refusal != null, result.Count == 1 && result.Has(0, TwinResult.Rejected));
    }

    [Fact]
    public void A_cloud_sync_without_a_version_is_refused()
    {
        var twin = TwinAt(new Pair(1, 1));
        var result = twin.Sync("target", expected: "new");
        Assert.True(result.Has(0, TwinResult.Rejected));
        Assert.Equal(TwinReasons.VersionMissing, result.RejectReason(0));
        Assert.Equal("old", twin.Expected("target"));
    }

    [Fact]
    public void A_refused_expected_stops_the_rest_of_that_property()
    {
        var twin = TwinAt(new Pair(2, 2));
        twin.Sync("target", expected: "new", expectedVersion: new Pair(1, 2), actual: "new", actualVersion: new Pair(5, 5), optional: false);
        Assert.Equal("old", twin.Actual("target"));
        Assert.True(twin.Store.Optional(twin.Slot("target")));
    }

    [Fact]
    public void An_edge_report_after_a_sync_must_be_acknowledged_before_the_cloud_can_overwrite_it()
    {
        var twin = TwinAt(new Pair(1, 0));
        twin.Edge("target", expected: "edge-set"); // edge counter 0 -> 1

        var stale = twin.Sync("target", expected: "cloud-set", expectedVersion: new Pair(2, 0));
        Assert.Equal(TwinReasons.EdgeVersionConflict, stale.RejectReason(0));
        Assert.Equal("edge-set", twin.Expected("target"));

        var acknowledged = twin.Sync("target", expected: "cloud-set", expectedVersion: new Pair(2, 1));
        Assert.True(acknowledged.Has(0, TwinResult.ExpectedChanged));
        Assert.Equal("cloud-set", twin.Expected("target"));
    }

    [Fact]
    public void A_sync_of_a_value_that_does_not_fit_the_type_is_skipped_as_edgecore_skips_it()
    {
        var twin = new TwinFixture();
        twin.Sync("n", expected: "1", expectedVersion: new Pair(1, 0), type: "int");
        var result = twin.Sync("n", expected: "one", expectedVersion: new Pair(2, 0));
        Assert.Equal(TwinStatus.Ok, result.Status);
        Assert.True(result.NoChange);
        Assert.Equal("1", twin.Expected("n"));
    }

    [Fact]
    public void A_new_property_from_the_cloud_needs_its_version_pair()
    {
        var twin = new TwinFixture();
        Assert.True(twin.Sync("fan", expected: "on").NoChange);
        Assert.Equal(-1, twin.Slot("fan"));

        var added = twin.Sync("fan", expected: "on", expectedVersion: new Pair(3, 0), type: "string", optional: false);
        Assert.True(added.Has(0, TwinResult.Added));
        Assert.Equal(new Pair(3, 0), twin.ExpectedVersion("fan"));
        Assert.False(twin.Store.Optional(twin.Slot("fan")));
    }

    [Fact]
    public void A_cloud_delete_applies_the_version_rule_and_does_not_bump_the_edge_counter()
    {
        var twin = TwinAt(new Pair(2, 2));
        var stale = twin.Sync("target", type: "deleted", expectedVersion: new Pair(1, 2));
        Assert.True(stale.Has(0, TwinResult.Rejected));
        Assert.False(twin.Store.IsDeleted(twin.Slot("target")));

        var deleted = twin.Sync("target", type: "deleted", expectedVersion: new Pair(3, 2), actualVersion: new Pair(3, 2));
        Assert.True(deleted.Has(0, TwinResult.Deleted));
        Assert.True(twin.Store.IsDeleted(twin.Slot("target")));
        Assert.Equal(new Pair(3, 2), twin.ExpectedVersion("target"));
        Assert.Equal(new Pair(3, 2), twin.ActualVersion("target"));
    }

    [Fact]
    public void A_merge_after_reconnect_takes_versioned_values_by_the_rule_and_plain_expected_values_as_desired_state()
    {
        var twin = TwinAt(new Pair(2, 2));
        twin.Edge("local-only", actual: "5");

        // An edgecore get result carries no versions: expected is the desired state, actual stays the device's.
        var plain = twin.Merge("target", expected: "desired", actual: "cloud-thinks");
        Assert.True(plain.Has(0, TwinResult.ExpectedChanged));
        Assert.Equal("desired", twin.Expected("target"));
        Assert.Equal("old", twin.Actual("target"));
        Assert.Equal(new Pair(2, 2), twin.ExpectedVersion("target"));
        Assert.Equal("5", twin.Actual("local-only"));

        var stale = twin.Merge("target", expected: "older", expectedVersion: new Pair(1, 2));
        Assert.True(stale.Has(0, TwinResult.Rejected));
        Assert.Equal("desired", twin.Expected("target"));
    }

    [Fact]
    public void A_sync_that_only_moves_the_versions_is_recorded_but_changes_no_value()
    {
        var twin = TwinAt(new Pair(1, 1));
        var result = twin.Sync("target", expected: "old", expectedVersion: new Pair(4, 1));
        Assert.Equal(TwinResult.VersionsChanged, result.What(0));
        Assert.Equal(new Pair(4, 1), twin.ExpectedVersion("target"));
    }

    [Fact]
    public void A_merged_value_keeps_the_cloud_side_timestamp_while_a_sync_stamps_the_board_clock_as_edgecore_does()
    {
        var twin = new TwinFixture();
        twin.Clock.NowMs = 5_000;
        twin.Merge("fan", expected: "on", expectedTimestamp: 1_234);
        Assert.Equal(1_234, twin.Store.ExpectedTimestamp(twin.Slot("fan")));

        twin.SyncStamped("fan", "off", new Pair(1, 0), 2_345);
        Assert.Equal(5_000, twin.Store.ExpectedTimestamp(twin.Slot("fan")));
    }
}
