using EdgeNano.Runtime.Storage;

namespace EdgeNano.Tests.Storage;

/// <summary>
/// Power is cut at every step of a run of snapshot writes — every byte of every write, every
/// rename, every delete — and the device is "rebooted" (new store and writer over what survived
/// on the flash). Each reboot must find the snapshot before the interrupted write or the one it
/// was writing: never a mix, never a corrupt record, never nothing once something was saved.
/// </summary>
public class PowerCutTests
{
    private const string Key = "twin";
    private const int Capacity = 512;
    private const int Interval = 1_000;
    private static readonly int[] Sizes = [40, 300, 5, 120, 0, 64];

    private static SnapshotWriter Boot(IFlashFileSystem flash, OwnerState owner, ManualClock clock) =>
        new(new FileSystemStore(flash), Key, owner, clock, Capacity, Interval);

    private static byte[] Snapshot(int number, int[] sizes) => OwnerState.Snapshot(number, sizes[number - 1]);

    /// <summary>Boots, loads, then saves snapshots 1..n in turn; returns how many saves completed before the power went.</summary>
    private static int SaveSnapshots(IFlashFileSystem flash, int[] sizes, int firstNumber = 1)
    {
        var clock = new ManualClock();
        var owner = new OwnerState();
        var writer = Boot(flash, owner, clock);
        writer.Load(out _);
        int completed = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            owner.Bytes = OwnerState.Snapshot(firstNumber + i, sizes[i]);
            writer.MarkDirty();
            writer.MarkDirty();
            if (i == sizes.Length - 1)
            {
                writer.Flush(); // the last one as at shutdown
            }
            else
            {
                clock.Advance(Interval);
                writer.Poll();
            }
            if (writer.LastResult != StoreResult.Ok) return completed;
            completed++;
        }
        return completed;
    }

    /// <summary>What a fresh boot over the medium loads: the payload, or null when nothing is stored.</summary>
    private static byte[]? LoadAfterReboot(FlashMedium medium)
    {
        var writer = Boot(new PowerCutFlash(medium), new OwnerState(), new ManualClock());
        StoreResult result = writer.Load(out int length);
        if (result == StoreResult.Missing) return null;
        Assert.True(result == StoreResult.Ok, $"reboot found {StoreResults.Name(result)}");
        return writer.Buffer.AsSpan(SnapshotRecord.PayloadOffset, length).ToArray();
    }

    private static long CutPoints(int[] sizes, FlashMedium? start = null, int firstNumber = 1)
    {
        var dry = new PowerCutFlash(start ?? new FlashMedium());
        Assert.Equal(sizes.Length, SaveSnapshots(dry, sizes, firstNumber));
        return dry.Steps;
    }

    private static FlashMedium Copy(FlashMedium medium)
    {
        var copy = new FlashMedium();
        foreach (var (name, bytes) in medium.Files) copy.Files[name] = (byte[])bytes.Clone();
        return copy;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_power_cut_during_successive_snapshot_writes_leaves_the_old_or_the_new_snapshot_never_a_mix_or_a_corrupt_one(bool keepTornBytes)
    {
        long cutPoints = CutPoints(Sizes);
        // Every byte of every record is a cut point, plus the renames and deletes around them.
        Assert.True(cutPoints > Sizes.Sum() + Sizes.Length * SnapshotRecord.HeaderSize, $"only {cutPoints} cut points");
        int foundOld = 0, foundNew = 0;

        for (long cut = 0; cut < cutPoints; cut++)
        {
            var medium = new FlashMedium();
            var flash = new PowerCutFlash(medium, cut, keepTornBytes);
            int completed = SaveSnapshots(flash, Sizes);
            Assert.True(flash.PowerLost, $"cut {cut}: the power never went");

            byte[]? found = LoadAfterReboot(medium);
            byte[]? old = completed == 0 ? null : Snapshot(completed, Sizes);
            byte[] inFlight = Snapshot(completed + 1, Sizes);
            if (Same(found, old)) foundOld++;
            else if (Same(found, inFlight)) foundNew++;
            else Assert.Fail($"cut {cut} while saving snapshot {completed + 1}: found neither the old nor the new snapshot");

            // The rebooted device saves again, and leaves no helper files behind.
            var again = new PowerCutFlash(medium);
            Assert.Equal(1, SaveSnapshots(again, [17], firstNumber: 99));
            Assert.Equal(OwnerState.Snapshot(99, 17), LoadAfterReboot(medium));
            Assert.Equal([Key], medium.Files.Keys);
        }

        // Both outcomes occur: cuts before a commit keep the old snapshot, cuts after it the new.
        Assert.True(foundOld > 0 && foundNew > 0, $"old {foundOld}, new {foundNew}");
    }

    [Fact]
    public void A_second_power_cut_during_the_recovery_from_the_first_still_leaves_a_whole_snapshot()
    {
        int[] before = [30, 60];
        int[] after = [45];
        long firstCuts = CutPoints(before);
        long runs = 0;

        for (long first = 0; first < firstCuts; first++)
        {
            var medium = new FlashMedium();
            SaveSnapshots(new PowerCutFlash(medium, first), before);
            // What a clean reboot would find; the interrupted recovery must find that or the next save.
            byte[]? settled = LoadAfterReboot(Copy(medium));

            long secondCuts = CutPoints(after, Copy(medium), firstNumber: 3);
            for (long second = 0; second < secondCuts; second++)
            {
                var twice = Copy(medium);
                SaveSnapshots(new PowerCutFlash(twice, second), after, firstNumber: 3);
                byte[]? found = LoadAfterReboot(twice);
                Assert.True(Same(found, settled) || Same(found, OwnerState.Snapshot(3, 45)),
                    $"cuts {first} then {second}: found neither the recovered nor the new snapshot");
                runs++;
            }
        }
        Assert.True(runs > firstCuts, $"only {runs} double cuts");
    }

    [Fact]
    public void A_cut_between_moving_the_old_value_aside_and_committing_the_new_one_restores_the_old_value()
    {
        var medium = new FlashMedium();
        var store = new FileSystemStore(new PowerCutFlash(medium));
        store.Replace(Key, OwnerState.Snapshot(1, 20), 20);
        // The state that cut leaves: the old value renamed aside, the new one complete in .tmp.
        medium.Files[Key + ".old"] = medium.Files[Key];
        medium.Files.Remove(Key);
        medium.Files[Key + ".tmp"] = OwnerState.Snapshot(2, 30);

        var rebooted = new FileSystemStore(new PowerCutFlash(medium));
        byte[] buffer = new byte[64];
        Assert.Equal(StoreResult.Ok, rebooted.Read(Key, buffer, out int length));
        Assert.Equal(OwnerState.Snapshot(1, 20), buffer[..length]);
        Assert.Equal([Key], medium.Files.Keys);
    }

    private static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);
}
