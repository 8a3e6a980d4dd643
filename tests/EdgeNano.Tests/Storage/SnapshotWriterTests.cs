using EdgeNano.Runtime;
using EdgeNano.Runtime.Storage;

namespace EdgeNano.Tests.Storage;

public class SnapshotWriterTests
{
    private const int Interval = 5_000;

    private readonly FlashMedium _medium = new();
    private readonly PowerCutFlash _flash;
    private readonly ManualClock _clock = new();
    private readonly OwnerState _owner = new();
    private readonly SnapshotWriter _writer;

    public SnapshotWriterTests()
    {
        _flash = new PowerCutFlash(_medium);
        _writer = new SnapshotWriter(new FileSystemStore(_flash), "twin", _owner, _clock, 256, Interval);
    }

    private byte[] Reloaded()
    {
        var rebooted = new SnapshotWriter(new FileSystemStore(new PowerCutFlash(_medium)), "twin", new OwnerState(), new ManualClock(), 256, Interval);
        Assert.Equal(StoreResult.Ok, rebooted.Load(out int length));
        return rebooted.Buffer.AsSpan(SnapshotRecord.PayloadOffset, length).ToArray();
    }

    [Fact]
    public void A_burst_of_100_changes_costs_one_write_of_the_last_state()
    {
        for (int change = 1; change <= 100; change++)
        {
            _owner.Bytes = OwnerState.Snapshot(change, 10 + change);
            _writer.MarkDirty();
            _clock.Advance(10);
            _writer.Poll();
        }
        _clock.Advance(Interval);
        Assert.True(_writer.Poll());

        Assert.Equal(1, _writer.Writes);
        Assert.Equal(1, _flash.FilesWritten);
        Assert.Equal(99, _writer.CoalescedChanges);
        Assert.Equal(OwnerState.Snapshot(100, 110), Reloaded());
    }

    [Fact]
    public void A_change_is_written_only_after_the_minimum_interval_and_writes_stay_that_far_apart()
    {
        _owner.Bytes = OwnerState.Snapshot(1, 20);
        _writer.MarkDirty();
        _clock.Advance(Interval - 1);
        Assert.False(_writer.Poll());
        Assert.Equal(0, _flash.FilesWritten);

        _clock.Advance(1);
        Assert.True(_writer.Poll());
        Assert.Equal(1, _writer.Writes);

        // A change right after a write waits a whole interval again.
        _owner.Bytes = OwnerState.Snapshot(2, 30);
        _writer.MarkDirty();
        _clock.Advance(Interval - 1);
        Assert.False(_writer.Poll());
        Assert.Equal(1, _writer.Writes);
        _clock.Advance(1);
        Assert.True(_writer.Poll());
        Assert.Equal(2, _writer.Writes);
        Assert.Equal(OwnerState.Snapshot(2, 30), Reloaded());
    }

    [Fact]
    public void A_clock_stepped_back_delays_the_write_by_one_interval_not_until_it_catches_up()
    {
        _owner.Bytes = OwnerState.Snapshot(1, 20);
        _writer.MarkDirty();
        _clock.Advance(-3_600_000);
        Assert.False(_writer.Poll());
        _clock.Advance(Interval);
        Assert.True(_writer.Poll());
        Assert.Equal(1, _writer.Writes);
    }

    [Fact]
    public void Flush_writes_pending_changes_at_once()
    {
        _owner.Bytes = OwnerState.Snapshot(1, 40);
        _writer.MarkDirty();

        Assert.Equal(StoreResult.Ok, _writer.Flush());

        Assert.Equal(1, _writer.Writes);
        Assert.False(_writer.IsDirty);
        Assert.Equal(OwnerState.Snapshot(1, 40), Reloaded());
    }

    [Fact]
    public void Nothing_is_written_while_the_state_is_clean()
    {
        _clock.Advance(10 * Interval);
        Assert.False(_writer.Poll());
        Assert.Equal(StoreResult.Ok, _writer.Flush());

        Assert.Equal(0, _writer.Writes);
        Assert.Equal(0, _owner.SnapshotsTaken);
        Assert.Equal(0, _flash.FilesWritten);
        Assert.Empty(_medium.Files);
    }

    [Fact]
    public void Once_written_the_state_is_not_written_again_until_it_changes()
    {
        _owner.Bytes = OwnerState.Snapshot(1, 40);
        _writer.MarkDirty();
        _writer.Flush();
        for (int i = 0; i < 5; i++)
        {
            _clock.Advance(Interval);
            Assert.False(_writer.Poll());
        }
        Assert.Equal(1, _flash.FilesWritten);
    }

    [Fact]
    public void A_failed_write_is_counted_keeps_the_old_snapshot_and_is_retried_after_the_interval()
    {
        _owner.Bytes = OwnerState.Snapshot(1, 40);
        _writer.MarkDirty();
        _writer.Flush();
        _owner.Bytes = OwnerState.Snapshot(2, 50);
        _writer.MarkDirty();
        _flash.Failing = true;

        Assert.Equal(StoreResult.Failed, _writer.Flush());
        Assert.Equal(1, _writer.Failures);
        Assert.Equal(StoreResult.Failed, _writer.LastResult);
        Assert.True(_writer.IsDirty);
        _flash.Failing = false;
        Assert.False(_writer.Poll()); // not hammered: the retry waits an interval
        Assert.Equal(OwnerState.Snapshot(1, 40), Reloaded());

        _clock.Advance(Interval);
        Assert.True(_writer.Poll());
        Assert.Equal(2, _writer.Writes);
        Assert.Equal(OwnerState.Snapshot(2, 50), Reloaded());
    }

    [Fact]
    public void A_snapshot_larger_than_the_buffer_is_a_counted_failure_reported_too_large()
    {
        _owner.Bytes = OwnerState.Snapshot(1, _writer.PayloadCapacity + 1);
        _writer.MarkDirty();

        Assert.Equal(StoreResult.TooLarge, _writer.Flush());
        Assert.Equal(1, _writer.Failures);
        Assert.Equal(0, _flash.FilesWritten);
    }

    [Fact]
    public void A_device_that_never_saved_loads_missing_and_keeps_its_defaults()
    {
        Assert.Equal(StoreResult.Missing, _writer.Load(out int length));
        Assert.Equal(0, length);
    }

    [Fact]
    public void A_writer_that_borrows_its_buffer_from_the_pool_writes_the_same_record_and_keeps_none_of_its_own()
    {
        var pool = new MessagePool(4, 32, 1, 512);
        var writer = new SnapshotWriter(new FileSystemStore(_flash), "twin", _owner, _clock, pool, 256, Interval);
        Assert.Null(writer.Buffer);
        _owner.Bytes = OwnerState.Snapshot(7, 40);
        writer.MarkDirty();
        _clock.Advance(Interval);
        Assert.True(writer.Poll());
        Assert.Equal(1, writer.Writes);
        Assert.Equal(OwnerState.Snapshot(7, 40), Reloaded());
        // The array went back to the pool.
        Assert.Equal(1, pool.PayloadsAvailable);
    }

    [Fact]
    public void A_borrowing_writer_that_finds_no_buffer_free_counts_it_and_writes_after_the_next_interval()
    {
        var pool = new MessagePool(4, 32, 1, 512);
        var writer = new SnapshotWriter(new FileSystemStore(_flash), "twin", _owner, _clock, pool, 256, Interval);
        Message held = pool.Rent(512)!;
        _owner.Bytes = OwnerState.Snapshot(3, 30);
        writer.MarkDirty();
        _clock.Advance(Interval);
        Assert.True(writer.Poll());
        Assert.Equal((0, 1, 1), (writer.Writes, writer.NoBuffer, writer.Failures));
        Assert.True(writer.IsDirty);

        MessagePool.Release(held);
        _clock.Advance(Interval);
        Assert.True(writer.Poll());
        Assert.Equal(1, writer.Writes);
        Assert.Equal(OwnerState.Snapshot(3, 30), Reloaded());
    }

    [Fact]
    public void A_pool_whose_messages_cannot_hold_the_record_is_refused_as_a_lender()
    {
        var pool = new MessagePool(4, 32, 1, 256);
        Assert.False(SnapshotWriter.CanBorrow(pool, 256));
        Assert.Throws<ArgumentException>(() => new SnapshotWriter(new FileSystemStore(_flash), "twin", _owner, _clock, pool, 256, Interval));
    }
}
