using EdgeNano.DeviceTwin;

namespace EdgeNano.Tests.DeviceTwin;

/// <summary>No allocation per message in steady state: everything the store uses is allocated at start-up.</summary>
public class TwinAllocationTests
{
    private sealed class Counter : ITwinExpectedListener
    {
        public int Calls;
        public void ExpectedChanged(ITwinProperties twin, int device, int slot) => Calls++;
    }

    [Fact]
    public void A_steady_state_edge_update_allocates_nothing()
    {
        var twin = new TwinFixture(new TwinConfig { ArenaBytes = 2048 });
        var counter = new Counter();
        twin.Store.AddExpectedListener(counter);
        // A received payload: values are byte ranges of it, as the codec hands them over.
        byte[] payload = "temperature20.121.322.4setpoint"u8.ToArray();
        var key = TwinText.Of(payload, 0, 11);
        var setpointKey = TwinText.Of(payload, 23, 8);
        var values = new[] { TwinText.Of(payload, 11, 4), TwinText.Of(payload, 15, 4), TwinText.Of(payload, 19, 4) };
        var update = new TwinUpdate(4);
        int failures = 0;
        void Report(int i)
        {
            update.Clear();
            int c = update.Add(key);
            update.SetActual(c, values[i % 3]);
            update.SetType(c, "float");
            int s = update.Add(setpointKey);
            update.SetExpected(s, values[(i + 1) % 3]);
            if (twin.Store.ApplyEdgeUpdate(twin.Device, update).Status != TwinStatus.Ok) failures++;
        }
        for (int i = 0; i < 50; i++) Report(i); // warm up: JIT, first rows

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) Report(i);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, failures);
        Assert.Equal(0, allocated);
        Assert.Equal(1050, counter.Calls);
        Assert.True(twin.Store.Arena.Compactions > 0); // the steady state includes compactions
    }
}
