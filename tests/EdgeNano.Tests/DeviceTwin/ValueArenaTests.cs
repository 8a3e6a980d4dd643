using EdgeNano.DeviceTwin;

namespace EdgeNano.Tests.DeviceTwin;

public class ValueArenaTests
{
    private static string Read(ValueArena arena, int handle) =>
        TwinFixture.Ascii(arena.Bytes, arena.Offset(handle), arena.Length(handle));

    [Fact]
    public void Compaction_slides_live_text_down_and_every_handle_still_reads_its_own_text()
    {
        var arena = new ValueArena(64, 8);
        Assert.True(arena.Store(0, "aaaa"));
        Assert.True(arena.Store(1, "bbbbbbbb"));
        Assert.True(arena.Store(2, "cc"));
        arena.Free(1);
        Assert.True(arena.Store(3, new string('d', 20)));
        Assert.True(arena.Store(4, new string('e', 14))); // only fits after compaction
        Assert.Equal(1, arena.Compactions);
        Assert.Equal("aaaa", Read(arena, 0));
        Assert.False(arena.Has(1));
        Assert.Equal("cc", Read(arena, 2));
        Assert.Equal(new string('d', 20), Read(arena, 3));
        Assert.Equal(new string('e', 14), Read(arena, 4));
        Assert.Equal(4 * ValueArena.HeaderBytes + 4 + 2 + 20 + 14, arena.LiveBytes);
    }

    [Fact]
    public void Text_that_cannot_fit_even_after_compaction_is_refused_and_the_rest_is_kept()
    {
        var arena = new ValueArena(32, 4);
        Assert.True(arena.Store(0, new string('a', 20)));
        Assert.False(arena.Store(1, new string('b', 10)));
        Assert.False(arena.Has(1));
        Assert.Equal(new string('a', 20), Read(arena, 0));
    }

    [Fact]
    public void A_moved_block_survives_compaction_under_its_new_handle()
    {
        var arena = new ValueArena(40, 4);
        arena.Store(0, "gone");
        arena.Store(1, "kept");
        arena.Move(1, 3);
        arena.Free(0);
        arena.Compact();
        Assert.False(arena.Has(1));
        Assert.Equal("kept", Read(arena, 3));
        Assert.Equal(0, arena.Offset(3) - ValueArena.HeaderBytes);
    }
}
