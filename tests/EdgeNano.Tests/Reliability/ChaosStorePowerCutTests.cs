using EdgeNano.Boards.Host.Storage;
using EdgeNano.Runtime.Storage;
using EdgeNano.Tests.Cli;

namespace EdgeNano.Tests.Reliability;

/// <summary>
/// The sim's storePowerCut fault: a board's store (the device's FileSystemStore over a folder on
/// the PC's disk) loses power in the middle of a replace. The next life, mounting the same
/// folder, must read the old value or the new one, whole, wherever the cut landed.
/// </summary>
public class ChaosStorePowerCutTests
{
    private static readonly byte[] Old = [.. Enumerable.Range(0, 300).Select(i => (byte)i)];
    private static readonly byte[] New = [.. Enumerable.Range(0, 400).Select(i => (byte)(255 - i % 256))];

    private static byte[]? ReadBack(string folder)
    {
        var store = new FileSystemStore(new HostFlashFileSystem(folder));
        var buffer = new byte[1024];
        return store.Read("twin", buffer, out int length) == StoreResult.Ok ? buffer[..length] : null;
    }

    [Fact]
    public void Wherever_the_cut_lands_in_a_replace_the_next_life_reads_the_old_value_or_the_new_one_whole()
    {
        var seen = new Dictionary<PowerCutFileSystem.CutPoint, int>();
        for (int seed = 0; seed < 40; seed++)
        {
            using var directory = new TempDirectory();
            string folder = directory.File("flash");
            var flash = new PowerCutFileSystem(new HostFlashFileSystem(folder));
            var store = new FileSystemStore(flash);
            Assert.Equal(StoreResult.Ok, store.Replace("twin", Old, Old.Length));
            int lost = 0;
            flash.PowerLost += _ => lost++;

            Assert.True(flash.Arm(seed));
            // A replace over an existing value has a write and three changes after it: every cut point lands in it.
            StoreResult cut = store.Replace("twin", New, New.Length);

            Assert.Equal(StoreResult.Failed, cut);
            Assert.Equal(1, lost);
            Assert.True(flash.IsPowerLost);
            Assert.Equal(StoreResult.Failed, store.Read("twin", new byte[1024], out _)); // nothing after the cut reaches the flash
            PowerCutFileSystem.CutPoint point = flash.Cut!.Value;
            seen[point] = seen.GetValueOrDefault(point) + 1;

            byte[]? after = ReadBack(folder);
            Assert.NotNull(after);
            Assert.True(after.SequenceEqual(Old) || after.SequenceEqual(New), $"seed {seed}, cut {point}: {after.Length} bytes, neither value");
            if (point == PowerCutFileSystem.CutPoint.TornWrite) Assert.Equal(Old, after);
            Assert.DoesNotContain(Directory.GetFiles(folder), f => f.EndsWith(".tmp") || f.EndsWith(".old"));
        }
        Assert.Equal(4, seen.Count); // every cut point was exercised
    }

    [Fact]
    public void A_cut_before_the_rename_leaves_the_temporary_file_which_the_next_life_clears()
    {
        for (int seed = 0; seed < 40; seed++)
        {
            using var directory = new TempDirectory();
            string folder = directory.File("flash");
            var flash = new PowerCutFileSystem(new HostFlashFileSystem(folder));
            var store = new FileSystemStore(flash);
            Assert.Equal(StoreResult.Ok, store.Replace("twin", Old, Old.Length));
            flash.Arm(seed);
            store.Replace("twin", New, New.Length);
            if (flash.Cut != PowerCutFileSystem.CutPoint.BeforeFirstRename) continue;

            Assert.True(File.Exists(Path.Combine(folder, "twin.tmp")));
            Assert.Equal(Old, ReadBack(folder));
            Assert.False(File.Exists(Path.Combine(folder, "twin.tmp")));
            return;
        }
        Assert.Fail("no seed cut before the first rename");
    }

    [Fact]
    public void A_disarmed_cut_never_fires_and_the_write_lands()
    {
        using var directory = new TempDirectory();
        string folder = directory.File("flash");
        var flash = new PowerCutFileSystem(new HostFlashFileSystem(folder));
        var store = new FileSystemStore(flash);

        Assert.True(flash.Arm(1));
        Assert.True(flash.Disarm());
        Assert.Equal(StoreResult.Ok, store.Replace("twin", New, New.Length));

        Assert.False(flash.IsPowerLost);
        Assert.False(flash.Disarm());
        Assert.Equal(New, ReadBack(folder));
    }

    [Fact]
    public void The_host_flash_refuses_a_rename_onto_an_existing_file_as_the_device_flash_does()
    {
        using var directory = new TempDirectory();
        var flash = new HostFlashFileSystem(directory.File("flash"));
        flash.Write("a", Old, Old.Length);
        flash.Write("b", New, New.Length);

        Assert.Throws<IOException>(() => flash.Rename("a", "b"));

        var buffer = new byte[1024];
        Assert.Equal(New.Length, flash.Read("b", buffer, buffer.Length));
        Assert.Equal(-1, flash.Length("missing"));
    }
}
