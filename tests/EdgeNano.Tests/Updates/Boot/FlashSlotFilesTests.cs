using EdgeNano.Runtime.Storage;

namespace EdgeNano.Tests.Updates.Boot;

/// <summary>boards/NanoFramework/FlashSlotFiles.cs, compiled for .NET, over a temporary folder standing in for I:\.</summary>
public sealed class FlashSlotFilesTests : IDisposable
{
    private const int Capacity = 64 * 1024;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "edgenano-slots-" + Guid.NewGuid().ToString("N"));

    internal static ISlotFiles Open(string root, int capacity) =>
        (ISlotFiles)Activator.CreateInstance(NanoAdaptersOnHost.FlashSlotFiles, root, capacity)!;

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static byte[] Block(int seed, int size)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void Blocks_written_out_of_order_read_back_whole_and_a_gap_not_yet_written_reads_as_zeros()
    {
        ISlotFiles slots = Open(_root, Capacity);
        byte[] first = Block(1, 4096), third = Block(3, 1000);
        Assert.True(slots.WriteAt(1, "EdgeNano.App.pe", 8192, third, 0, third.Length));
        Assert.Equal(8192 + 1000, slots.Length(1, "EdgeNano.App.pe"));
        Assert.True(slots.WriteAt(1, "EdgeNano.App.pe", 0, first, 0, first.Length));

        byte[] read = new byte[9192];
        Assert.Equal(9192, slots.ReadAt(1, "EdgeNano.App.pe", 0, read, 0, read.Length));
        Assert.Equal(first, read[..4096]);
        Assert.All(read[4096..8192], b => Assert.Equal(0, b));
        Assert.Equal(third, read[8192..]);
        Assert.True(File.Exists(Path.Combine(_root, "slot1", "EdgeNano.App.pe")));
    }

    [Fact]
    public void A_block_written_again_after_a_resume_replaces_only_its_own_bytes()
    {
        ISlotFiles slots = Open(_root, Capacity);
        byte[] whole = Block(4, 3000);
        Assert.True(slots.WriteAt(0, "a.pe", 0, whole, 0, whole.Length));
        byte[] again = Block(5, 3000);
        Assert.True(slots.WriteAt(0, "a.pe", 1000, again, 1000, 1000));

        byte[] read = new byte[3000];
        Assert.Equal(3000, slots.ReadAt(0, "a.pe", 0, read, 0, 3000));
        Assert.Equal(whole[..1000], read[..1000]);
        Assert.Equal(again[1000..2000], read[1000..2000]);
        Assert.Equal(whole[2000..], read[2000..]);
    }

    [Fact]
    public void Reads_report_a_missing_file_as_minus_one_and_the_end_of_a_file_as_zero_bytes()
    {
        ISlotFiles slots = Open(_root, Capacity);
        byte[] buffer = new byte[10];
        Assert.Equal(-1, slots.Length(0, "none.pe"));
        Assert.Equal(-1, slots.ReadAt(0, "none.pe", 0, buffer, 0, 10));
        Assert.True(slots.WriteAt(0, "x.pe", 0, [1, 2, 3], 0, 3));
        Assert.Equal(0, slots.ReadAt(0, "x.pe", 3, buffer, 0, 10));
        Assert.Equal(0, slots.ReadAt(0, "x.pe", 50, buffer, 0, 10));
        Assert.Equal(2, slots.ReadAt(0, "x.pe", 1, buffer, 4, 6));
        Assert.Equal([2, 3], buffer[4..6]);
        Assert.True(slots.WriteAt(0, "empty.json", 0, [], 0, 0));
        Assert.Equal(0, slots.Length(0, "empty.json"));
    }

    [Theory]
    [InlineData("..\\board.json")]
    [InlineData("../board.json")]
    [InlineData("slot1\\a.pe")]
    [InlineData("I:a.pe")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    public void A_name_that_is_a_path_is_refused_and_nothing_lands_outside_the_slot(string name)
    {
        ISlotFiles slots = Open(_root, Capacity);
        Assert.False(slots.WriteAt(0, name, 0, [1, 2, 3], 0, 3));
        Assert.Equal(-1, slots.Length(0, name));
        Assert.Equal(-1, slots.ReadAt(0, name, 0, new byte[3], 0, 3));
        Assert.True(!Directory.Exists(_root) || Directory.GetFiles(_root, "*", SearchOption.AllDirectories).Length == 0);
    }

    [Fact]
    public void Writes_past_the_slot_capacity_to_a_slot_that_does_not_exist_or_from_outside_the_buffer_are_refused()
    {
        ISlotFiles slots = Open(_root, 1000);
        Assert.Equal(1000, slots.SlotCapacity);
        byte[] block = Block(6, 600);
        Assert.True(slots.WriteAt(0, "a.pe", 400, block, 0, 600));
        Assert.False(slots.WriteAt(0, "a.pe", 401, block, 0, 600));
        Assert.False(slots.WriteAt(2, "a.pe", 0, block, 0, 10));
        Assert.False(slots.WriteAt(-1, "a.pe", 0, block, 0, 10));
        Assert.False(slots.WriteAt(0, "a.pe", -1, block, 0, 10));
        Assert.False(slots.WriteAt(0, "a.pe", 0, block, 590, 20));
        Assert.Equal(1000, slots.Length(0, "a.pe"));
    }

    [Fact]
    public void Erasing_a_slot_deletes_its_files_and_leaves_the_other_slot_alone()
    {
        ISlotFiles slots = Open(_root, Capacity);
        Assert.True(slots.Erase(0)); // nothing there yet
        Assert.True(slots.WriteAt(0, "a.pe", 0, [1], 0, 1));
        Assert.True(slots.WriteAt(0, "board.json", 0, [2], 0, 1));
        Assert.True(slots.WriteAt(1, "a.pe", 0, [3], 0, 1));

        Assert.True(slots.Erase(0));
        Assert.Equal(-1, slots.Length(0, "a.pe"));
        Assert.Equal(-1, slots.Length(0, "board.json"));
        Assert.Equal(1, slots.Length(1, "a.pe"));
        Assert.False(slots.Erase(2));
    }
}
