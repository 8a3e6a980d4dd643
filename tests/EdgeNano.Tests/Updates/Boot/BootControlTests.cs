using EdgeNano.Runtime.Storage;
using EdgeNano.Tests.Storage;
using EdgeNano.Updates;

namespace EdgeNano.Tests.Updates.Boot;

/// <summary>Activation, trial, confirm and roll-back across restarts of one board, through a real FileSystemStore.</summary>
public class BootControlTests
{
    [Fact]
    public void A_board_that_never_took_an_update_runs_the_factory_application_confirmed()
    {
        var rig = new BootRig();
        Assert.Equal(BootControl.FactorySlot, rig.Restart());
        Assert.Equal(BootControl.FactorySlot, rig.Control.ActiveSlot);
        Assert.Equal(BootRig.Factory, rig.Control.RunningVersion);
        Assert.False(rig.Control.IsTesting);
        Assert.Null(rig.Control.RolledBackReason);
        Assert.Null(rig.Control.LastProblem);
        Assert.Equal(0, rig.Control.StagingSlot);
        Assert.Empty(rig.Medium.Files); // booting the factory application writes nothing
    }

    [Fact]
    public void An_activated_slot_runs_on_trial_at_the_next_boot_and_stays_once_confirmed()
    {
        var rig = new BootRig();
        rig.Restart();
        Assert.True(rig.Control.Activate(0, "1.4.0"));
        // Activation changes the next boot, not the running one.
        Assert.Equal(BootControl.FactorySlot, rig.Control.ActiveSlot);
        Assert.Equal(0, rig.Control.NextBootSlot);

        Assert.Equal(0, rig.Restart());
        Assert.True(rig.Control.IsTesting);
        Assert.Equal("1.4.0", rig.Control.RunningVersion);
        Assert.Equal(1, rig.Control.StagingSlot);
        Assert.True(rig.Control.Confirm());
        Assert.False(rig.Control.IsTesting);

        for (int boot = 0; boot < 3; boot++)
        {
            Assert.Equal(0, rig.Restart());
            Assert.False(rig.Control.IsTesting);
            Assert.Equal("1.4.0", rig.Control.RunningVersion);
            Assert.Null(rig.Control.RolledBackReason);
        }
    }

    [Fact]
    public void A_trial_that_restarts_before_confirming_returns_to_the_previous_version_and_says_why()
    {
        var rig = new BootRig();
        rig.Restart();
        rig.RunTrial(0, "1.4.0");

        Assert.Equal(BootControl.FactorySlot, rig.Restart());
        Assert.False(rig.Control.IsTesting);
        Assert.Equal(BootRig.Factory, rig.Control.RunningVersion);
        Assert.Equal("not-confirmed: version 1.4.0 restarted before its health check passed", rig.Control.RolledBackReason);

        // Reported once by the boot that rolled back; kept in flash until the next activation.
        Assert.Equal(BootControl.FactorySlot, rig.Restart());
        Assert.Null(rig.Control.RolledBackReason);
        Assert.Equal("not-confirmed: version 1.4.0 restarted before its health check passed", rig.Control.LastRollBackReason);
        Assert.True(rig.Control.Activate(0, "1.4.1"));
        Assert.Null(rig.Control.LastRollBackReason);
    }

    [Fact]
    public void A_trial_that_fails_its_health_check_returns_at_the_next_boot_with_the_trials_own_reason()
    {
        var rig = new BootRig();
        rig.Restart();
        rig.RunTrial(0, "1.4.0");
        Assert.True(rig.Control.Confirm());
        rig.RunTrial(1, "1.5.0");

        Assert.True(rig.Control.RollBack("health-check: no twin resync within 60000 ms"));
        Assert.Equal(0, rig.Control.NextBootSlot);
        Assert.False(rig.Control.Confirm()); // a trial that gave up cannot change its mind

        Assert.Equal(0, rig.Restart());
        Assert.Equal("1.4.0", rig.Control.RunningVersion);
        Assert.False(rig.Control.IsTesting);
        Assert.Equal("health-check: no twin resync within 60000 ms", rig.Control.RolledBackReason);
        Assert.Equal(1, rig.Control.StagingSlot);
        Assert.Equal(0, rig.Restart());
    }

    [Fact]
    public void Updates_alternate_between_the_two_slots_and_each_returns_to_the_one_before()
    {
        var rig = new BootRig();
        rig.Restart();
        string[] versions = ["1.1.0", "1.2.0", "1.3.0", "1.4.0"];
        int running = BootControl.FactorySlot;
        foreach (string version in versions)
        {
            int staging = rig.Control.StagingSlot;
            Assert.NotEqual(running, staging);
            rig.RunTrial(staging, version);
            Assert.True(rig.Control.Confirm());
            running = staging;
        }
        Assert.Equal(1, running);

        rig.RunTrial(0, "1.5.0");
        Assert.Equal(1, rig.Restart()); // not confirmed: back to slot 1
        Assert.Equal("1.4.0", rig.Control.RunningVersion);
    }

    [Fact]
    public void Activation_is_refused_while_a_trial_runs_for_the_running_slot_and_for_a_slot_that_does_not_exist()
    {
        var rig = new BootRig();
        rig.Restart();
        Assert.False(rig.Control.Activate(2, "1.4.0"));
        Assert.False(rig.Control.Activate(BootControl.FactorySlot, "1.4.0"));
        Assert.False(rig.Control.Activate(0, ""));
        Assert.False(rig.Control.Activate(0, new string('9', 33)));
        Assert.Empty(rig.Medium.Files);

        rig.RunTrial(0, "1.4.0");
        Assert.False(rig.Control.Activate(1, "1.5.0"));
        Assert.Contains("on trial", rig.Control.LastProblem);
        Assert.True(rig.Control.Confirm());
        Assert.False(rig.Control.Activate(0, "1.5.0"));
        Assert.Contains("running", rig.Control.LastProblem);
        Assert.True(rig.Control.Activate(1, "1.5.0"));
        Assert.Null(rig.Control.LastProblem);
    }

    [Fact]
    public void Confirm_with_nothing_on_trial_changes_nothing_and_roll_back_of_a_confirmed_version_is_refused()
    {
        var rig = new BootRig();
        rig.Restart();
        Assert.True(rig.Control.Confirm());
        Assert.False(rig.Control.RollBack("health-check: x"));
        Assert.Empty(rig.Medium.Files);
    }

    [Fact]
    public void A_second_activation_before_the_restart_replaces_the_first()
    {
        var rig = new BootRig();
        rig.Restart();
        Assert.True(rig.Control.Activate(0, "1.4.0"));
        Assert.True(rig.Control.Activate(0, "1.4.1"));
        Assert.Equal(0, rig.Restart());
        Assert.Equal("1.4.1", rig.Control.RunningVersion);
    }

    [Fact]
    public void A_corrupt_boot_record_runs_the_factory_application_says_so_and_the_next_activation_replaces_it()
    {
        var rig = new BootRig();
        rig.Restart();
        rig.RunTrial(1, "1.4.0");
        Assert.True(rig.Control.Confirm());
        rig.Medium.Files[BootControl.StoreKey][SnapshotRecord.PayloadOffset + 5] ^= 0x20;

        Assert.Equal(BootControl.FactorySlot, rig.Restart());
        Assert.Equal(BootRig.Factory, rig.Control.RunningVersion);
        Assert.False(rig.Control.IsTesting);
        Assert.Contains("corrupt", rig.Control.LastProblem);

        Assert.True(rig.Control.Activate(0, "1.5.0"));
        Assert.Equal(0, rig.Restart());
        Assert.Null(rig.Control.LastProblem);
        Assert.Equal(BootControl.FactorySlot, rig.Restart()); // the trial was not confirmed: back to factory
    }

    [Fact]
    public void A_record_with_impossible_values_under_a_valid_checksum_is_treated_as_corrupt()
    {
        var rig = new BootRig();
        rig.Restart();
        rig.RunTrial(0, "1.4.0");
        byte[] record = rig.Medium.Files[BootControl.StoreKey];
        record[SnapshotRecord.PayloadOffset] = 7; // "slot 6"
        int payloadLength = record.Length - SnapshotRecord.HeaderSize;
        SnapshotRecord.Seal(record, payloadLength);

        Assert.Equal(BootControl.FactorySlot, rig.Restart());
        Assert.Contains("corrupt", rig.Control.LastProblem);
    }

    [Fact]
    public void A_flash_that_cannot_be_read_at_boot_runs_the_factory_application_and_a_later_boot_finds_the_record_again()
    {
        var rig = new BootRig();
        rig.Restart();
        rig.RunTrial(0, "1.4.0");
        Assert.True(rig.Control.Confirm());

        var failing = rig.Open();
        rig.Flash.Failing = true;
        Assert.Equal(BootControl.FactorySlot, failing.Boot());
        Assert.Contains("failed", failing.LastProblem);

        Assert.Equal(0, rig.Restart()); // the record was left alone
        Assert.Equal("1.4.0", rig.Control.RunningVersion);
    }

    [Fact]
    public void When_the_first_trial_boot_cannot_be_counted_the_previous_version_runs_and_the_trial_waits_for_a_working_flash()
    {
        var rig = new BootRig();
        rig.Restart();
        Assert.True(rig.Control.Activate(0, "1.4.0"));

        // Reads work, writes fail: the flash is full.
        rig.Open(); // mounts this boot's flash
        var control = new BootControl(new ReadOnlyStore(new FileSystemStore(rig.Flash)), BootRig.Factory);
        Assert.Equal(BootControl.FactorySlot, control.Boot());
        Assert.False(control.IsTesting);
        Assert.StartsWith("store-failed: could not count the first boot of version 1.4.0", control.RolledBackReason);

        Assert.Equal(0, rig.Restart());
        Assert.True(rig.Control.IsTesting);
    }

    [Fact]
    public void A_failed_write_leaves_activation_confirmation_and_roll_back_undone_in_memory_and_on_flash()
    {
        var rig = new BootRig();
        rig.Restart();
        rig.Flash.Failing = true;
        Assert.False(rig.Control.Activate(0, "1.4.0"));
        Assert.StartsWith("store-failed", rig.Control.LastProblem);
        Assert.Equal(BootControl.FactorySlot, rig.Control.NextBootSlot);
        Assert.Equal(BootControl.FactorySlot, rig.Restart());

        rig.RunTrial(0, "1.4.0");
        rig.Flash.Failing = true;
        Assert.False(rig.Control.Confirm());
        Assert.True(rig.Control.IsTesting);
        Assert.False(rig.Control.RollBack("health-check: x"));
        Assert.Equal(BootControl.FactorySlot, rig.Restart());
        Assert.StartsWith("not-confirmed", rig.Control.RolledBackReason);
    }

    [Fact]
    public void Boot_runs_once_and_nothing_changes_the_record_before_it()
    {
        var rig = new BootRig();
        var control = rig.Open();
        Assert.Throws<InvalidOperationException>(() => control.Activate(0, "1.4.0"));
        control.Boot();
        Assert.Throws<InvalidOperationException>(() => control.Boot());
    }

    [Fact]
    public void Whatever_the_order_of_activations_confirmations_roll_backs_and_restarts_no_version_runs_twice_unconfirmed()
    {
        for (int seed = 0; seed < 40; seed++)
        {
            var random = new Random(seed);
            var rig = new BootRig();
            rig.Restart();
            var unconfirmedRuns = new Dictionary<string, int>();
            var confirmed = new HashSet<string> { BootRig.Factory };
            int next = 1;
            for (int step = 0; step < 60; step++)
            {
                switch (random.Next(5))
                {
                    case 0:
                        string version = "2.0." + next++;
                        rig.Control.Activate(rig.Control.StagingSlot, version);
                        break;
                    case 1:
                        if (rig.Control.IsTesting && rig.Control.Confirm()) confirmed.Add(rig.Control.RunningVersion);
                        break;
                    case 2:
                        rig.Control.RollBack("health-check: random");
                        break;
                    default:
                        int slot = rig.Restart();
                        Assert.InRange(slot, -1, 1);
                        string running = rig.Control.RunningVersion;
                        Assert.Equal(rig.Control.IsTesting, !confirmed.Contains(running));
                        if (rig.Control.IsTesting)
                        {
                            unconfirmedRuns[running] = unconfirmedRuns.GetValueOrDefault(running) + 1;
                            Assert.True(unconfirmedRuns[running] == 1, $"seed {seed}: {running} ran unconfirmed twice");
                        }
                        break;
                }
            }
        }
    }

    /// <summary>A store whose reads work and whose writes fail, as on a full flash.</summary>
    private sealed class ReadOnlyStore(IStore inner) : IStore
    {
        public StoreResult Read(string key, byte[] buffer, out int length) => inner.Read(key, buffer, out length);
        public StoreResult Replace(string key, byte[] buffer, int count) => StoreResult.Failed;
        public StoreResult Delete(string key) => StoreResult.Failed;
        public StoreResult Size(string key, out int length) => inner.Size(key, out length);
    }
}
