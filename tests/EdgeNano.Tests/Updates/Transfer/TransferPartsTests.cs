using System.Security.Cryptography;
using EdgeNano.EdgeHub;
using EdgeNano.Runtime;
using EdgeNano.Tests.Runtime;
using EdgeNano.Runtime.Storage;
using EdgeNano.Updates;

namespace EdgeNano.Tests.Updates.Transfer;

/// <summary>The small parts of the transfer: edgehub's inbox, the bitmap record, the twin form of ota_error.</summary>
public sealed class TransferPartsTests
{
    [Fact]
    public void The_inbox_passes_OTA_messages_on_in_pooled_messages_and_counts_what_the_pool_cannot_carry()
    {
        // One payload array of 200 bytes: a message of 201 bytes cannot travel; 100 do, once.
        var host = new ModuleHost(new RuntimeConfig { MessagePoolSize = 4, RingCapacity = 4, MessageContentCapacity = 32, PayloadArrays = 1, PayloadCapacity = 200 },
            new ManualClock(), new ListLog());
        var updates = new Holder("updates");
        host.Register(updates);
        host.Start();
        var inbox = new OtaInbox("default/demo", "updates");
        string block = "$hw/events/device/default/demo/ota/block/result";
        Assert.Equal(OtaInbox.BlockResult, inbox.KindOf(block));
        Assert.Equal(block, inbox.TopicOf(OtaInbox.BlockResult));
        Assert.Equal(OtaInbox.Empty, inbox.KindOf("$hw/events/device/default/other/ota/block/result"));
        Assert.False(inbox.Deliver(host.Bus, "edgehub", "$hw/events/device/default/demo/twin/update/delta", new byte[10], 0, 10));

        Assert.True(inbox.Deliver(host.Bus, "edgehub", block, Enumerable.Repeat((byte)7, 100).ToArray(), 0, 100));
        Assert.True(inbox.Deliver(host.Bus, "edgehub", block, new byte[100], 0, 100));   // the payload array is still held
        Assert.True(inbox.Deliver(host.Bus, "edgehub", block, new byte[201], 0, 201));   // larger than any payload array
        while (host.RunOnce(8)) { }

        Assert.Equal((1, 1), (inbox.Dropped, inbox.TooLargeCount));
        Assert.Equal([OtaInbox.Received + " 100 bytes of 7", OtaInbox.TooLarge + " 0 bytes"], updates.Seen);
    }

    /// <summary>Keeps every message it is handed (as the updates module keeps a manifest result), and notes what it saw.</summary>
    private sealed class Holder(string name) : Module(name, "updates")
    {
        public readonly List<string> Seen = [];

        public override void Handle(Message message)
        {
            Context.Bus.Keep(message);
            bool sevens = message.ContentLength > 0 && message.Content.AsSpan(0, message.ContentLength).IndexOfAnyExcept((byte)7) < 0;
            Seen.Add($"{message.Operation} {message.ContentLength} bytes" + (sevens ? " of 7" : ""));
        }
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
