using EdgeNano.Runtime;
using nanoFramework.TestFramework;

namespace EdgeNano.DeviceTests.Runtime
{
    /// <summary>Every message is allocated at start-up; an empty pool is counted, and nothing blocks.</summary>
    [TestClass]
    public class MessagePoolTests
    {
        [TestMethod]
        [DataRow(1)]
        [DataRow(3)]
        [DataRow(32)]
        public void A_pool_lends_exactly_its_size_then_gives_null_and_counts_each_miss(int size)
        {
            MessagePool pool = new MessagePool(size, 16);
            for (int i = 0; i < size; i++) Assert.IsNotNull(pool.Rent());

            Assert.IsNull(pool.Rent());
            Assert.IsNull(pool.Rent());

            Assert.AreEqual(0, pool.Available);
            Assert.AreEqual(2, pool.ExhaustedCount);
        }

        [TestMethod]
        public void A_released_message_can_be_rented_again_cleared()
        {
            MessagePool pool = new MessagePool(1, 16);
            Message message = pool.Rent();
            message.Destination = "sink";
            message.SetContentAscii("payload");

            MessagePool.Release(message);
            Message again = pool.Rent();

            Assert.AreEqual(1, pool.Size);
            Assert.IsNotNull(again);
            Assert.IsNull(again.Destination);
            Assert.AreEqual(0, again.ContentLength);
        }

        [TestMethod]
        public void A_ring_is_first_in_first_out_and_refuses_an_add_when_full()
        {
            MessagePool pool = new MessagePool(4, 4);
            MessageRing ring = new MessageRing(3);
            Message first = pool.Rent();
            Message second = pool.Rent();
            Message third = pool.Rent();

            Assert.IsTrue(ring.TryAdd(first));
            Assert.IsTrue(ring.TryAdd(second));
            Assert.IsTrue(ring.TryAdd(third));
            Assert.IsFalse(ring.TryAdd(pool.Rent()));

            Assert.AreEqual(3, ring.Count);
            Assert.AreSame(first, ring.TryTake());
            Assert.IsTrue(ring.TryAdd(first), "a taken slot is free again");
            Assert.AreSame(second, ring.TryTake());
            Assert.AreSame(third, ring.TryTake());
            Assert.AreSame(first, ring.TryTake());
            Assert.IsNull(ring.TryTake());
        }
    }
}
