using EdgeNano.Boards.Host.Storage;
using EdgeNano.Runtime.Storage;

namespace EdgeNano.Tests.Storage;

/// <summary>What every IStore promises, checked on the host FileStore and on FileSystemStore (the device's) over flash and over a sim board's memory flash.</summary>
public sealed class StoreContractTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "edgenano-store-" + Guid.NewGuid().ToString("N"));

    public static TheoryData<string> Stores => new() { "file", "flash", "memory" };

    // The simulated fleet's flash: one per test, so a store opened again sees what the last one wrote.
    private readonly MemoryFlashFileSystem _memory = new();

    private IStore Open(string kind) => kind switch
    {
        "file" => new FileStore(_folder),
        "memory" => new FileSystemStore(_memory),
        _ => new FileSystemStore(new PowerCutFlash(new FlashMedium())),
    };

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void A_replaced_value_reads_back_and_a_second_replace_of_another_size_wins(string kind)
    {
        IStore store = Open(kind);
        byte[] buffer = new byte[400];

        Assert.Equal(StoreResult.Ok, store.Replace("twin", OwnerState.Snapshot(1, 300), 300));
        Assert.Equal(StoreResult.Ok, store.Read("twin", buffer, out int length));
        Assert.Equal(OwnerState.Snapshot(1, 300), buffer[..length]);

        Assert.Equal(StoreResult.Ok, store.Replace("twin", OwnerState.Snapshot(2, 12), 12));
        Assert.Equal(StoreResult.Ok, store.Read("twin", buffer, out length));
        Assert.Equal(OwnerState.Snapshot(2, 12), buffer[..length]);
        Assert.Equal(StoreResult.Ok, store.Size("twin", out int size));
        Assert.Equal(12, size);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Keys_are_independent(string kind)
    {
        IStore store = Open(kind);
        store.Replace("twin", OwnerState.Snapshot(1, 10), 10);
        store.Replace("ota-state", OwnerState.Snapshot(2, 20), 20);
        byte[] buffer = new byte[64];

        Assert.Equal(StoreResult.Ok, store.Read("twin", buffer, out int length));
        Assert.Equal(OwnerState.Snapshot(1, 10), buffer[..length]);
        Assert.Equal(StoreResult.Ok, store.Read("ota-state", buffer, out length));
        Assert.Equal(OwnerState.Snapshot(2, 20), buffer[..length]);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void An_empty_value_is_a_value_not_a_missing_key(string kind)
    {
        IStore store = Open(kind);
        Assert.Equal(StoreResult.Ok, store.Replace("twin", [], 0));
        Assert.Equal(StoreResult.Ok, store.Read("twin", new byte[4], out int length));
        Assert.Equal(0, length);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Reading_a_key_never_written_reports_missing(string kind)
    {
        IStore store = Open(kind);
        Assert.Equal(StoreResult.Missing, store.Read("twin", new byte[16], out int length));
        Assert.Equal(0, length);
        Assert.Equal(StoreResult.Missing, store.Size("twin", out _));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void A_value_larger_than_the_buffer_reports_too_large_with_its_size(string kind)
    {
        IStore store = Open(kind);
        store.Replace("twin", OwnerState.Snapshot(1, 100), 100);

        Assert.Equal(StoreResult.TooLarge, store.Read("twin", new byte[99], out int length));
        Assert.Equal(100, length);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void A_deleted_key_reads_missing_and_deleting_it_again_reports_missing(string kind)
    {
        IStore store = Open(kind);
        store.Replace("twin", OwnerState.Snapshot(1, 10), 10);

        Assert.Equal(StoreResult.Ok, store.Delete("twin"));
        Assert.Equal(StoreResult.Missing, store.Read("twin", new byte[16], out _));
        Assert.Equal(StoreResult.Missing, store.Delete("twin"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Keys_that_are_not_short_plain_names_are_refused(string kind)
    {
        IStore store = Open(kind);
        foreach (string key in new[] { "", "twin.tmp", "../twin", "a/b", "twin state", "Twin", new string('k', StoreKey.MaxLength + 1) })
        {
            Assert.Equal(StoreResult.InvalidKey, store.Replace(key, new byte[1], 1));
            Assert.Equal(StoreResult.InvalidKey, store.Read(key, new byte[1], out _));
            Assert.Equal(StoreResult.InvalidKey, store.Delete(key));
            Assert.Equal(StoreResult.InvalidKey, store.Size(key, out _));
        }
    }
}
