using EdgeNano.EdgeHub;

namespace EdgeNano.Tests.Memory;

public class PayloadRingTests
{
    private static byte[] Payload(byte value, int length) => Enumerable.Repeat(value, length).ToArray();

    private static byte[] Oldest(PayloadRing ring) => ring.Bytes.AsSpan(ring.OldestOffset, ring.OldestLength).ToArray();

    [Fact]
    public void Payloads_come_out_in_the_order_they_went_in_across_the_end_of_the_array()
    {
        var ring = new PayloadRing(capacity: 4, bytes: 10);
        Assert.True(ring.TryAdd(Payload(1, 4), 0, 4) >= 0);
        Assert.True(ring.TryAdd(Payload(2, 4), 0, 4) >= 0);
        ring.RemoveOldest();
        // 2 bytes left at the end: the next payload starts again at 0, before payload 2.
        Assert.True(ring.TryAdd(Payload(3, 4), 0, 4) >= 0);
        Assert.Equal(Payload(2, 4), Oldest(ring));
        ring.RemoveOldest();
        Assert.Equal(Payload(3, 4), Oldest(ring));
        Assert.Equal(0, ring.OldestOffset);
    }

    [Fact]
    public void A_payload_that_does_not_fit_in_the_free_bytes_is_refused_and_nothing_waiting_changes()
    {
        var ring = new PayloadRing(capacity: 8, bytes: 10);
        ring.TryAdd(Payload(1, 6), 0, 6);
        Assert.Equal(-1, ring.TryAdd(Payload(2, 5), 0, 5));
        Assert.Equal(1, ring.Count);
        Assert.Equal(Payload(1, 6), Oldest(ring));
        Assert.Equal(-1, ring.TryAdd(Payload(3, 11), 0, 11));
    }

    [Fact]
    public void A_full_ring_in_places_refuses_even_when_bytes_are_free()
    {
        var ring = new PayloadRing(capacity: 2, bytes: 100);
        ring.TryAdd(Payload(1, 1), 0, 1);
        ring.TryAdd(Payload(2, 1), 0, 1);
        Assert.Equal(-1, ring.TryAdd(Payload(3, 1), 0, 1));
    }

    [Fact]
    public void Against_a_plain_queue_the_ring_never_loses_reorders_or_overwrites_a_waiting_payload()
    {
        var random = new Random(14);
        var ring = new PayloadRing(capacity: 6, bytes: 64);
        var expected = new Queue<byte[]>();
        int usedBytes = 0;
        for (int step = 0; step < 20_000; step++)
        {
            if (random.Next(3) > 0)
            {
                byte[] payload = Payload((byte)step, random.Next(0, 40));
                int place = ring.TryAdd(payload, 0, payload.Length);
                if (place >= 0)
                {
                    expected.Enqueue(payload);
                    usedBytes += payload.Length;
                }
                else
                {
                    // An empty ring takes any payload up to its size.
                    Assert.NotEmpty(expected);
                }
            }
            else if (expected.Count > 0)
            {
                byte[] oldest = expected.Dequeue();
                Assert.Equal(oldest, Oldest(ring));
                usedBytes -= oldest.Length;
                ring.RemoveOldest();
            }
            Assert.Equal(expected.Count, ring.Count);
        }
        // Emptied, the whole array is free again.
        while (ring.Count > 0) ring.RemoveOldest();
        Assert.True(ring.TryAdd(Payload(9, 64), 0, 64) >= 0);
    }
}
