using EdgeNano.DeviceTwin;

namespace EdgeNano.Tests.DeviceTwin;

/// <summary>Other modules (gpio outputs) hear about expected-value changes, and only about those.</summary>
public class TwinListenerTests
{
    private sealed class Recorder : ITwinExpectedListener
    {
        public readonly List<string> Heard = [];
        public Func<ITwinProperties, int, int>? Reaction;
        public int ReactionStatus;

        public void ExpectedChanged(ITwinProperties twin, int device, int slot)
        {
            var store = (TwinStore)twin;
            string key = TwinFixture.Ascii(store.ArenaBytes, store.KeyOffset(slot), store.KeyLength(slot));
            string value = store.HasExpected(slot)
                ? TwinFixture.Ascii(store.ArenaBytes, store.ExpectedOffset(slot), store.ExpectedLength(slot))
                : "<cleared>";
            Heard.Add($"{key}={value}");
            if (Reaction != null) ReactionStatus = Reaction(twin, device);
        }
    }

    private static (TwinFixture twin, Recorder recorder) Listening()
    {
        var twin = new TwinFixture();
        var recorder = new Recorder();
        Assert.True(twin.Store.AddExpectedListener(recorder));
        return (twin, recorder);
    }

    [Fact]
    public void The_listener_hears_each_change_of_an_expected_value_exactly_once_whoever_made_it()
    {
        var (twin, recorder) = Listening();
        twin.Sync("relay", expected: "on", expectedVersion: new Pair(1, 0));   // cloud sets
        twin.Sync("relay", expected: "on", expectedVersion: new Pair(2, 0));   // same value: versions only
        twin.Edge("relay", actual: "on");                                       // actual: not an expected change
        twin.Edge("relay", expected: "off");                                    // edge sets
        twin.Edge("relay", expected: "off");                                    // unchanged
        twin.Merge("relay", expected: "on");                                    // merge after reconnect
        twin.Sync("relay", expected: "x", expectedVersion: new Pair(0, 0));     // refused by the version rule
        twin.Edge("relay", delete: true);                                       // cleared

        Assert.Equal(["relay=on", "relay=off", "relay=on", "relay=<cleared>"], recorder.Heard);
    }

    [Fact]
    public void A_refused_update_is_not_heard()
    {
        var (twin, recorder) = Listening();
        twin.Edge("level", expected: "1", type: "int");
        twin.Edge("level", expected: "high");
        Assert.Equal(["level=1"], recorder.Heard);
    }

    [Fact]
    public void A_listener_that_changes_the_twin_from_inside_the_call_is_refused_and_the_result_being_heard_stays_intact()
    {
        var (twin, recorder) = Listening();
        recorder.Reaction = (t, device) => t.SetActual(device, "relay", "on");

        var result = twin.Edge("relay", expected: "on");

        Assert.Equal(TwinStatus.InternalError, recorder.ReactionStatus);
        Assert.Equal(TwinStatus.Ok, result.Status);
        Assert.Equal(1, result.Count);
        Assert.Null(twin.Actual("relay"));
        Assert.Equal(TwinStatus.Ok, twin.Store.SetActual(twin.Device, "relay", "on")); // fine once outside

        var snapshot = new byte[twin.Store.SnapshotSize()];
        twin.Store.WriteSnapshot(snapshot);
        recorder.Reaction = (t, _) => ((TwinStore)t).LoadSnapshot(snapshot, snapshot.Length);
        twin.Edge("relay", expected: "off");
        Assert.Equal(SnapshotStatus.Refused, recorder.ReactionStatus);
        Assert.Equal("off", twin.Expected("relay"));
    }

    [Fact]
    public void A_listener_that_throws_does_not_stop_the_others_and_is_counted()
    {
        var (twin, recorder) = Listening();
        var thrower = new Recorder { Reaction = (_, _) => throw new InvalidOperationException("broken output") };
        var twinStore = twin.Store;
        var second = new Recorder();
        twinStore.AddExpectedListener(thrower);
        twinStore.AddExpectedListener(second);

        twin.Edge("relay", expected: "on");

        Assert.Single(recorder.Heard);
        Assert.Single(second.Heard);
        Assert.Equal(1, twinStore.ListenerFailureCount);
    }

    [Fact]
    public void Listener_places_are_fixed_by_the_configuration()
    {
        var twin = new TwinFixture(new TwinConfig { ListenerCapacity = 1 });
        Assert.True(twin.Store.AddExpectedListener(new Recorder()));
        Assert.False(twin.Store.AddExpectedListener(new Recorder()));
    }
}
