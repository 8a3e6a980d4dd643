using EdgeNano.Runtime;

namespace EdgeNano.Tests.Runtime;

/// <summary>The pool's few payload-sized arrays: lent to messages that need them, the last kept for the network.</summary>
public class MessagePoolPayloadTests
{
    private const int Own = 128;
    private const int Payload = 1536;

    [Fact]
    public void A_module_made_payload_leaves_the_last_array_for_what_arrives_from_the_network()
    {
        var pool = new MessagePool(8, Own, 3, Payload);
        Message first = pool.RentForPayload()!;
        Message second = pool.RentForPayload()!;
        Assert.Equal(Payload, first.ContentCapacity);
        Assert.Equal(Payload, second.ContentCapacity);

        // A third report is refused and counted; the array left is for the link.
        Assert.Null(pool.RentForPayload());
        Assert.Equal(1, pool.PayloadsExhaustedCount);
        Message inbound = pool.Rent(Payload)!;
        Assert.Equal(Payload, inbound.ContentCapacity);
        Assert.Null(pool.Rent(Payload));
        Assert.Equal(2, pool.PayloadsExhaustedCount);

        // Small messages do not need an array and are still there.
        Assert.Equal(Own, pool.Rent()!.ContentCapacity);

        MessagePool.Release(first);
        Assert.NotNull(pool.Rent(Payload));
    }

    [Fact]
    public void With_a_single_payload_array_a_module_may_take_it()
    {
        var pool = new MessagePool(4, Own, 1, Payload);
        Assert.NotNull(pool.RentForPayload());
        Assert.Null(pool.RentForPayload());
    }
}
