using CsCheck;
using EdgeNano.Runtime.Storage;

namespace EdgeNano.Tests.Storage;

public class SnapshotRecordTests
{
    private static byte[] SealedRecord(byte[] payload, out int length)
    {
        var record = new byte[SnapshotRecord.HeaderSize + payload.Length];
        payload.CopyTo(record, SnapshotRecord.PayloadOffset);
        length = SnapshotRecord.Seal(record, payload.Length);
        return record;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(300)]
    public void A_sealed_record_opens_to_the_same_payload(int size)
    {
        byte[] payload = OwnerState.Snapshot(7, size);
        byte[] record = SealedRecord(payload, out int length);

        Assert.Equal(SnapshotRecord.HeaderSize + size, length);
        Assert.Equal(StoreResult.Ok, SnapshotRecord.Open(record, length, out int payloadLength));
        Assert.Equal(payload, record.AsSpan(SnapshotRecord.PayloadOffset, payloadLength).ToArray());
    }

    [Fact]
    public void Every_truncation_of_a_record_is_reported_corrupt()
    {
        byte[] record = SealedRecord(OwnerState.Snapshot(3, 64), out int length);
        for (int torn = 0; torn < length; torn++)
        {
            Assert.Equal(StoreResult.Corrupt, SnapshotRecord.Open(record, torn, out int payloadLength));
            Assert.Equal(0, payloadLength);
        }
    }

    [Fact]
    public void Every_single_flipped_bit_of_a_record_is_detected()
    {
        byte[] record = SealedRecord(OwnerState.Snapshot(5, 48), out int length);
        for (int bit = 0; bit < length * 8; bit++)
        {
            byte[] damaged = (byte[])record.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            StoreResult result = SnapshotRecord.Open(damaged, length, out _);
            Assert.True(result is StoreResult.Corrupt or StoreResult.UnknownVersion, $"bit {bit}: {result}");
        }
    }

    [Fact]
    public void Bytes_appended_after_a_record_make_it_corrupt()
    {
        byte[] payload = OwnerState.Snapshot(2, 20);
        var record = new byte[SnapshotRecord.HeaderSize + payload.Length + 4];
        payload.CopyTo(record, SnapshotRecord.PayloadOffset);
        int length = SnapshotRecord.Seal(record, payload.Length);

        Assert.Equal(StoreResult.Corrupt, SnapshotRecord.Open(record, length + 4, out _));
    }

    [Fact]
    public void A_record_written_by_a_newer_format_is_reported_as_unknown_version()
    {
        byte[] record = SealedRecord(OwnerState.Snapshot(1, 10), out int length);
        record[4] = SnapshotRecord.FormatVersion + 1;

        Assert.Equal(StoreResult.UnknownVersion, SnapshotRecord.Open(record, length, out _));
    }

    [Fact]
    public void Random_bytes_are_never_taken_for_a_record_and_never_throw()
    {
        Gen.Byte.Array[0, 200].Sample(bytes =>
            SnapshotRecord.Open(bytes, bytes.Length, out _) != StoreResult.Ok, iter: 2000);
    }

    [Fact]
    public void Random_bytes_behind_a_valid_looking_header_are_reported_corrupt()
    {
        Gen.Byte.Array[0, 100].Sample(payload =>
        {
            byte[] record = SealedRecord(payload, out int length);
            // Keep magic, version and length, scramble the checksum: what a torn header update looks like.
            record[10] ^= 0x5A;
            return SnapshotRecord.Open(record, length, out _) == StoreResult.Corrupt;
        }, iter: 500);
    }

    [Fact]
    public void Loading_a_key_never_written_reports_missing()
    {
        var store = new FileSystemStore(new PowerCutFlash(new FlashMedium()));
        Assert.Equal(StoreResult.Missing, SnapshotRecord.Load(store, "twin", new byte[64], out _));
    }

    [Fact]
    public void Loading_a_torn_record_from_a_store_reports_corrupt()
    {
        var store = new FileSystemStore(new PowerCutFlash(new FlashMedium()));
        byte[] record = SealedRecord(OwnerState.Snapshot(4, 40), out int length);
        Assert.Equal(StoreResult.Ok, store.Replace("twin", record, length - 1));

        Assert.Equal(StoreResult.Corrupt, SnapshotRecord.Load(store, "twin", new byte[128], out _));
    }

    [Fact]
    public void Loading_a_record_larger_than_the_buffer_reports_too_large()
    {
        var store = new FileSystemStore(new PowerCutFlash(new FlashMedium()));
        byte[] record = SealedRecord(OwnerState.Snapshot(4, 40), out int length);
        Assert.Equal(StoreResult.Ok, store.Replace("twin", record, length));

        Assert.Equal(StoreResult.TooLarge, SnapshotRecord.Load(store, "twin", new byte[length - 1], out _));
    }
}
