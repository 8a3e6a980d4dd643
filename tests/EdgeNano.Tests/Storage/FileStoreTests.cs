using EdgeNano.Boards.Host.Storage;
using EdgeNano.Runtime.Storage;

namespace EdgeNano.Tests.Storage;

/// <summary>The host board's store against a real temporary folder.</summary>
public sealed class FileStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "edgenano-filestore-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void A_value_replaced_before_the_store_is_closed_is_there_when_it_is_reopened()
    {
        var first = new FileStore(_folder);
        first.Replace("twin", OwnerState.Snapshot(1, 50), 50);
        first.Replace("twin", OwnerState.Snapshot(2, 70), 70);

        var reopened = new FileStore(_folder);
        byte[] buffer = new byte[100];
        Assert.Equal(StoreResult.Ok, reopened.Read("twin", buffer, out int length));
        Assert.Equal(OwnerState.Snapshot(2, 70), buffer[..length]);
    }

    [Fact]
    public void A_replace_leaves_only_the_value_file_behind()
    {
        var store = new FileStore(_folder);
        store.Replace("twin", OwnerState.Snapshot(1, 50), 50);
        store.Replace("twin", OwnerState.Snapshot(2, 20), 20);

        Assert.Equal(["twin"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Temporary_files_left_by_a_cut_are_removed_when_the_store_opens_and_the_value_survives()
    {
        var store = new FileStore(_folder);
        store.Replace("twin", OwnerState.Snapshot(1, 50), 50);
        File.WriteAllBytes(Path.Combine(_folder, "twin.tmp"), OwnerState.Snapshot(2, 13));
        File.WriteAllBytes(Path.Combine(_folder, "ota.tmp"), [1, 2, 3]);

        var reopened = new FileStore(_folder);

        Assert.Equal(2, reopened.RemovedTempFiles);
        Assert.Equal(["twin"], Directory.GetFiles(_folder).Select(Path.GetFileName));
        byte[] buffer = new byte[100];
        Assert.Equal(StoreResult.Ok, reopened.Read("twin", buffer, out int length));
        Assert.Equal(OwnerState.Snapshot(1, 50), buffer[..length]);
    }

    [Fact]
    public void A_replace_the_file_system_refuses_reports_failed_with_the_reason_and_keeps_the_old_value()
    {
        var store = new FileStore(_folder);
        store.Replace("twin", OwnerState.Snapshot(1, 50), 50);
        // A folder where the temporary file must go: the file system refuses to create it.
        Directory.CreateDirectory(Path.Combine(_folder, "twin.tmp"));

        Assert.Equal(StoreResult.Failed, store.Replace("twin", OwnerState.Snapshot(2, 20), 20));
        Assert.False(string.IsNullOrEmpty(store.LastError));
        byte[] buffer = new byte[100];
        Assert.Equal(StoreResult.Ok, store.Read("twin", buffer, out int length));
        Assert.Equal(OwnerState.Snapshot(1, 50), buffer[..length]);
    }

    [Fact]
    public void A_snapshot_writer_over_the_file_store_survives_a_restart()
    {
        var clock = new ManualClock();
        var owner = new OwnerState { Bytes = OwnerState.Snapshot(9, 120) };
        var writer = new SnapshotWriter(new FileStore(_folder), "twin", owner, clock, 256, 1000);
        writer.MarkDirty();
        clock.Advance(1000);
        Assert.True(writer.Poll());

        var restarted = new SnapshotWriter(new FileStore(_folder), "twin", new OwnerState(), clock, 256, 1000);
        Assert.Equal(StoreResult.Ok, restarted.Load(out int length));
        Assert.Equal(OwnerState.Snapshot(9, 120), restarted.Buffer.AsSpan(SnapshotRecord.PayloadOffset, length).ToArray());
    }
}
