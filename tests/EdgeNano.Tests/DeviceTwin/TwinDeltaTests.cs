using EdgeNano.DeviceTwin;

namespace EdgeNano.Tests.DeviceTwin;

/// <summary>
/// The delta (kubeedge-twin-protocol.md): over non-deleted properties with a non-empty expected
/// value, delta[key] = expected whenever expected differs from actual (a missing actual is "");
/// published only when non-empty.
/// </summary>
public class TwinDeltaTests
{
    public static TheoryData<string?, string?, bool> Rows => new()
    {
        // expected, actual, in the delta
        { "on", "off", true },
        { "on", "on", false },
        { "on", null, true },      // missing actual counts as ""
        { "on", "", true },
        { "", "off", false },      // empty expected: never in the delta
        { "", "", false },
        { null, "off", false },    // no expected at all
        { "10", "10.0", true },    // compared as text, not as numbers
        { "On", "on", true },      // case matters
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_property_is_in_the_delta_exactly_when_its_non_empty_expected_differs_from_actual(string? expected, string? actual, bool inDelta)
    {
        var twin = new TwinFixture();
        var result = twin.Edge("p", expected: expected, actual: actual);

        Assert.Equal(inDelta, twin.Store.InDelta(twin.Slot("p")));
        Assert.Equal(inDelta ? new List<string> { "p" } : [], twin.DeltaKeys(result));
    }

    [Fact]
    public void The_delta_covers_every_property_of_the_device_not_just_the_ones_an_update_touched()
    {
        var twin = new TwinFixture();
        twin.Edge("a", expected: "1", actual: "0");
        twin.Edge("b", expected: "x", actual: "x");
        var result = twin.Edge("c", actual: "9");
        Assert.Equal(["a"], twin.DeltaKeys(result));
    }

    [Fact]
    public void A_deleted_property_leaves_the_delta()
    {
        var twin = new TwinFixture();
        twin.Edge("a", expected: "1");
        var result = twin.Edge("a", delete: true);
        Assert.Empty(twin.DeltaKeys(result));
        Assert.False(twin.Store.InDeltaTwin(twin.Slot("a")));
    }

    [Fact]
    public void Reaching_the_expected_value_empties_the_delta_so_nothing_is_published()
    {
        var twin = new TwinFixture();
        Assert.Equal(["valve"], twin.DeltaKeys(twin.Sync("valve", expected: "open", expectedVersion: new Pair(1, 0))));
        var reached = twin.Edge("valve", actual: "open");
        Assert.Equal(0, reached.DeltaCount);
    }
}
