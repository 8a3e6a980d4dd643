using EdgeNano.Updates;

namespace EdgeNano.Tests.Updates.Boot;

/// <summary>
/// Power is cut at every flash step (every byte written, every rename, every delete) of each
/// boot-record change: Activate, the first Boot of a trial, Confirm, RollBack, and the Boot that
/// returns from an unconfirmed trial. After each cut the board restarts (a fresh BootControl over
/// what survived on the flash) a few times without confirming anything, and every boot must run
/// the old slot or the new trial — never another slot, never the trial unconfirmed twice, and
/// in the end a settled, confirmed version.
/// </summary>
public class BootPowerCutTests
{
    private const string Old = "1.3.0";
    private const string New = "1.4.0";

    /// <param name="Setup">Brings the board to the state before the change, on a flash without cuts.</param>
    /// <param name="Session">What the boot under test does after its Boot, on the flash that loses power.</param>
    private sealed record Scenario(string Name, Action<BootRig> Setup, Action<BootControl> Session, int OldSlot, string OldVersion, int NewSlot);

    private static void Factory(BootRig rig) => rig.Restart();

    private static void ConfirmedSlot0(BootRig rig)
    {
        rig.Restart();
        rig.RunTrial(0, Old);
        Assert.True(rig.Control.Confirm());
        rig.Restart();
    }

    private static void Activated(BootRig rig)
    {
        ConfirmedSlot0(rig);
        Assert.True(rig.Control.Activate(1, New));
    }

    private static void TrialBooted(BootRig rig)
    {
        ConfirmedSlot0(rig);
        rig.RunTrial(1, New);
    }

    private static readonly Scenario[] All =
    [
        new("activate from the factory application", Factory, c => c.Activate(0, New), BootControl.FactorySlot, BootRig.Factory, 0),
        new("activate from a confirmed slot", ConfirmedSlot0, c => c.Activate(1, New), 0, Old, 1),
        new("first boot of the trial", Activated, _ => { }, 0, Old, 1),
        new("confirm", Activated, c => c.Confirm(), 0, Old, 1),
        new("roll back", Activated, c => c.RollBack("health-check: no twin resync within 60000 ms"), 0, Old, 1),
        new("return from an unconfirmed trial", TrialBooted, _ => { }, 0, Old, 1),
    ];

    public static TheoryData<string> Scenarios => new(All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Every_power_cut_ends_in_the_old_slot_or_the_new_trial_and_the_trial_never_runs_twice_unconfirmed(string name)
    {
        Scenario scenario = All.Single(s => s.Name == name);
        long steps = CountSteps(scenario);
        Assert.True(steps > Wire.MinRecordBytes, $"{scenario.Name}: only {steps} flash steps");
        int endedOld = 0, endedNew = 0, trialRan = 0;

        for (long cut = 0; cut < steps; cut++)
        {
            var rig = new BootRig();
            scenario.Setup(rig);
            var control = rig.Open(cut);
            int slot = control.Boot();
            // A Boot the cut interrupted ran nothing: the power was gone before the application started.
            bool bootCompleted = !rig.Flash.PowerLost;
            scenario.Session(control);
            Assert.True(rig.Flash.PowerLost, $"{scenario.Name}, cut {cut}: the power never went");

            int unconfirmedRuns = 0;
            if (bootCompleted) unconfirmedRuns += Check(scenario, cut, slot, control);
            for (int restart = 0; restart < 3; restart++)
            {
                slot = rig.Restart();
                unconfirmedRuns += Check(scenario, cut, slot, rig.Control);
                Assert.True(unconfirmedRuns <= 1, $"{scenario.Name}, cut {cut}: {New} booted unconfirmed {unconfirmedRuns} times");
            }
            trialRan += unconfirmedRuns;

            // Settled: a confirmed version that stays.
            Assert.False(rig.Control.IsTesting, $"{scenario.Name}, cut {cut}: still on trial");
            Assert.Equal(slot, rig.Restart());
            if (slot == scenario.NewSlot) endedNew++;
            else endedOld++;
        }

        // The cuts fall on both sides of the commit: some keep the old decision, some take the new.
        bool confirms = scenario.Name == "confirm";
        Assert.True(endedOld > 0, $"{scenario.Name}: no cut kept the old version");
        if (confirms) Assert.True(endedNew > 0, $"{scenario.Name}: no cut kept the confirmation");
        else Assert.Equal(0, endedNew);
        if (scenario.Name.StartsWith("activate")) Assert.True(trialRan > 0 && trialRan < steps, $"{scenario.Name}: the trial ran after {trialRan} of {steps} cuts");
    }

    [Fact]
    public void Random_updates_with_power_cuts_at_random_steps_never_run_a_version_unconfirmed_twice_nor_an_unconfirmed_one_as_confirmed()
    {
        for (int seed = 0; seed < 150; seed++)
        {
            var random = new Random(seed);
            var rig = new BootRig();
            var activatedInto = new Dictionary<string, int> { [BootRig.Factory] = BootControl.FactorySlot };
            var confirmAttempted = new HashSet<string> { BootRig.Factory };
            var unconfirmedRuns = new Dictionary<string, int>();
            int next = 1;
            for (int session = 0; session < 30; session++)
            {
                // One power-on: the flash may lose power at some step of this session.
                long cut = random.Next(3) == 0 ? random.Next(0, 120) : -1;
                BootControl control = rig.Open(cut);
                int slot = control.Boot();
                if (rig.Flash.PowerLost) continue; // died during Boot: nothing ran
                string running = control.RunningVersion;
                Assert.True(activatedInto.TryGetValue(running, out int home) && home == slot, $"seed {seed}: {running} in slot {slot}");
                if (control.IsTesting)
                {
                    int runs = unconfirmedRuns.GetValueOrDefault(running) + 1;
                    unconfirmedRuns[running] = runs;
                    Assert.True(runs == 1, $"seed {seed}: {running} booted unconfirmed {runs} times");
                }
                else
                {
                    Assert.True(confirmAttempted.Contains(running), $"seed {seed}: {running} runs as confirmed without a Confirm");
                }
                for (int op = random.Next(4); op > 0 && !rig.Flash.PowerLost; op--)
                {
                    switch (random.Next(3))
                    {
                        case 0:
                            string version = "2.0." + next++;
                            int staging = control.StagingSlot;
                            activatedInto[version] = staging;
                            control.Activate(staging, version);
                            break;
                        case 1:
                            if (control.IsTesting) confirmAttempted.Add(control.RunningVersion);
                            control.Confirm();
                            break;
                        default:
                            control.RollBack("health-check: random");
                            break;
                    }
                }
            }
        }
    }

    /// <summary>Checks one boot's choice; 1 when it runs the new version unconfirmed.</summary>
    private static int Check(Scenario scenario, long cut, int slot, BootControl control)
    {
        Assert.True(slot == scenario.OldSlot || slot == scenario.NewSlot, $"{scenario.Name}, cut {cut}: booted slot {slot}");
        Assert.Equal(slot, control.ActiveSlot);
        Assert.Equal(slot == scenario.NewSlot ? New : scenario.OldVersion, control.RunningVersion);
        if (slot == scenario.OldSlot) Assert.False(control.IsTesting);
        if (control.RolledBackReason is { } reason)
            Assert.True(reason.StartsWith("not-confirmed:") || reason.StartsWith("health-check:") || reason.StartsWith("store-failed:"), reason);
        return control.IsTesting ? 1 : 0;
    }

    private static long CountSteps(Scenario scenario)
    {
        var rig = new BootRig();
        scenario.Setup(rig);
        var control = rig.Open();
        control.Boot();
        scenario.Session(control);
        Assert.False(rig.Flash.PowerLost);
        return rig.Flash.Steps;
    }

    private static class Wire
    {
        /// <summary>Header plus the fixed fields and two short versions: every replace writes at least this.</summary>
        public const int MinRecordBytes = 14 + 4 + 3 + 5;
    }
}
