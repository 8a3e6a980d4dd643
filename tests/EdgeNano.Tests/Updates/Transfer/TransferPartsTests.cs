using System.Security.Cryptography;
using EdgeNano.EdgeHub;
using EdgeNano.Runtime.Storage;
using EdgeNano.Updates;

namespace EdgeNano.Tests.Updates.Transfer;

/// <summary>The small parts of the transfer: edgehub's inbox, the bitmap record, the twin form of ota_error.</summary>
public sealed class TransferPartsTests
{
    [Fact]
    public void The_inbox_takes_one_message_at_a_time_and_counts_what_it_cannot_take()
    {
        var inbox = new OtaInbox("default/demo", 100, "updates");
        Assert.Equal(OtaInbox.BlockResult, inbox.KindOf("$hw/events/device/default/demo/ota/block/result"));
        Assert.Equal(OtaInbox.Empty, inbox.KindOf("$hw/events/device/default/other/ota/block/result"));

        Assert.True(inbox.TryFill(OtaInbox.BlockResult, new byte[60], 0, 60));
        Assert.False(inbox.TryFill(OtaInbox.Announce, new byte[10], 0, 10));   // busy: a duplicate
        Assert.False(inbox.TryFill(OtaInbox.Announce, new byte[101], 0, 101)); // larger than the slot
        Assert.Equal((OtaInbox.BlockResult, 60, 1, 1), (inbox.Kind, inbox.Length, inbox.Dropped, inbox.TooLarge));

        inbox.Free();
        Assert.True(inbox.TryFill(OtaInbox.Announce, new byte[10], 0, 10));
        Assert.Equal(OtaInbox.Announce, inbox.Kind);
    }

    [Fact]
    public void A_saved_bitmap_resumes_only_the_same_package_at_the_same_block_size()
    {
        var store = new MemoryStore();
        byte[] id = SHA256.HashData("package"u8.ToArray());
        var progress = new DownloadProgress(store, 100);
        Assert.False(progress.Begin(id, 1024, 50));
        foreach (int block in new[] { 0, 1, 7, 49 }) progress.Mark(block);
        Assert.Equal(StoreResult.Ok, progress.Save());

        var again = new DownloadProgress(store, 100);
        Assert.True(again.Begin(id, 1024, 50));
        Assert.Equal(4, again.Done);
        Assert.Equal(2, again.NextMissing(0));
        Assert.Equal(2, again.NextMissing(49)); // wraps round past the end to the first gap

        Assert.False(new DownloadProgress(store, 100).Begin(id, 2048, 25));                           // other block size
        Assert.False(new DownloadProgress(store, 100).Begin(SHA256.HashData("other"u8.ToArray()), 1024, 50)); // other package
    }

    [Fact]
    public void A_damaged_bitmap_record_starts_the_download_over()
    {
        var store = new MemoryStore();
        byte[] id = SHA256.HashData("package"u8.ToArray());
        var progress = new DownloadProgress(store, 64);
        progress.Begin(id, 1024, 64);
        progress.Mark(3);
        progress.Save();
        byte[] record = new byte[200];
        store.Read(DownloadProgress.StoreKey, record, out int length);
        record[length - 1] ^= 0x10; // a flipped bit in the bitmap
        store.Replace(DownloadProgress.StoreKey, record, length);

        var again = new DownloadProgress(store, 64);
        Assert.False(again.Begin(id, 1024, 64));
        Assert.Equal(0, again.Done);
    }

    [Theory]
    [InlineData("bad-signature: no trusted key verifies the manifest", "bad-signature:no_trusted_key_verifies_the_manifest")]
    [InlineData("stalled: no answer for block 0/17 after 8 retries", "stalled:no_answer_for_block_0/17_after_8_retries")]
    [InlineData("", "")]
    public void Ota_error_is_reported_in_the_characters_a_twin_value_may_hold(string error, string twinValue)
    {
        Assert.Equal(twinValue, OtaReport.AsTwinValue(error));
    }
}
