using EdgeNano.DeviceTwin;
using EdgeNano.Runtime.Storage;
using EdgeNano.Tests.Storage;

namespace EdgeNano.Tests.DeviceTwin.Module;

/// <summary>
/// The devicetwin module on a flash that loses power at every possible step of a scenario:
/// two coalesced saves of different twin states, then a shutdown flush. Every reboot must
/// find the twin as it was before the interrupted save or after it — never half of each.
/// </summary>
public class TwinPowerCutTests
{
    private static readonly (string? Pulses, string? Led) Empty = (null, null);
    private static readonly (string? Pulses, string? Led) First = ("1", "true");
    private static readonly (string? Pulses, string? Led) Second = ("22", "false");

    /// <summary>Runs the scenario on the flash; returns the flash steps taken when the first save had completed.</summary>
    private static long Scenario(PowerCutFlash flash)
    {
        var kit = new TwinModuleKit(new FileSystemStore(flash));
        long firstSaved = -1;
        kit.Send(TwinBus.Update, TwinModuleKit.Report("pulses", "1", "int"));
        kit.Send(TwinBus.OwnerDelta, """{"twin":{"led":{"expected":{"value":"true"},"metadata":{"type":"boolean"}}}}""", source: "eventbus");
        kit.Clock.Advance(1000);
        kit.Host.RunOnce(8); // the coalesced save of the first state
        if (kit.Twin.Persistence!.LastResult == StoreResult.Ok) firstSaved = flash.Steps;
        kit.Send(TwinBus.Update, TwinModuleKit.Report("pulses", "22", "int"));
        kit.Send(TwinBus.OwnerDelta, """{"twin":{"led":{"expected":{"value":"false"}}}}""", source: "eventbus");
        kit.Host.Stop(); // shutdown flushes the second state
        return firstSaved;
    }

    private static (string? Pulses, string? Led) AfterReboot(FlashMedium medium)
    {
        var kit = new TwinModuleKit(new FileSystemStore(new PowerCutFlash(medium)));
        return (kit.Actual("pulses"), kit.Expected("led"));
    }

    [Fact]
    public void Every_power_cut_while_the_twin_is_saved_leaves_the_previous_or_the_next_twin_never_a_mix()
    {
        var dryMedium = new FlashMedium();
        var dry = new PowerCutFlash(dryMedium);
        long firstSaved = Scenario(dry);
        long cutPoints = dry.Steps;
        Assert.True(firstSaved > 0 && cutPoints > firstSaved + 10, $"scenario too small: {firstSaved} / {cutPoints}");
        Assert.Equal(Second, AfterReboot(dryMedium));

        var seen = new HashSet<(string?, string?)>();
        for (long cut = 0; cut < cutPoints; cut++)
        {
            var medium = new FlashMedium();
            Scenario(new PowerCutFlash(medium, cut));

            var twin = AfterReboot(medium);

            if (cut < firstSaved) Assert.True(twin == Empty || twin == First, $"cut at step {cut}: {twin}");
            else Assert.True(twin == First || twin == Second, $"cut at step {cut} after the first save: {twin}");
            seen.Add(twin);
        }
        Assert.Contains(First, seen);
        Assert.Contains(Empty, seen);
    }
}
