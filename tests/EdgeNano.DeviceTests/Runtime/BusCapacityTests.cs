using EdgeNano.DeviceTests.Support;
using EdgeNano.Runtime;
using nanoFramework.TestFramework;

namespace EdgeNano.DeviceTests.Runtime
{
    /// <summary>
    /// The bus never waits for room: a full ring, an empty pool or an unknown destination fails
    /// the send at once, is counted where an operator can read it, and loses no pooled message.
    /// </summary>
    [TestClass]
    public class BusCapacityTests
    {
        private static RuntimeConfig Small(int ring, int pool)
        {
            RuntimeConfig config = new RuntimeConfig();
            config.RingCapacity = ring;
            config.MessagePoolSize = pool;
            config.MessageContentCapacity = 64;
            config.PendingRequestCapacity = 4;
            return config;
        }

        private static ModuleHost Started(RuntimeConfig config, Module module)
        {
            ModuleHost host = new ModuleHost(config, new TestClock(42000), new SilentLog());
            host.Register(module);
            host.Start();
            return host;
        }

        private static SendResult Send(ModuleHost host, string destination, string text)
        {
            Message message = host.Bus.Rent();
            if (message == null) return SendResult.NoMessage;
            message.Source = "test";
            message.Destination = destination;
            message.Operation = "note";
            message.SetContentAscii(text);
            return host.Bus.Send(message);
        }

        [TestMethod]
        public void A_message_reaches_its_module_with_its_content_when_dispatched()
        {
            CountingModule sink = new CountingModule("sink");
            ModuleHost host = Started(Small(4, 16), sink);

            Assert.AreEqual((int)SendResult.Accepted, (int)Send(host, "sink", "hello"));
            Assert.AreEqual(0, sink.Handled, "nothing runs until the dispatcher does");
            host.RunOnce(8);

            Assert.AreEqual(1, sink.Handled);
            Assert.AreEqual("hello", sink.LastContent);
            Assert.AreEqual(1, host.Counters("sink").Received);
        }

        [TestMethod]
        public void A_full_ring_refuses_the_send_at_once_counts_it_and_returns_the_message_to_the_pool()
        {
            CountingModule sink = new CountingModule("sink");
            ModuleHost host = Started(Small(4, 16), sink);
            for (int i = 0; i < 4; i++) Assert.AreEqual((int)SendResult.Accepted, (int)Send(host, "sink", "m" + i.ToString()));

            Assert.AreEqual((int)SendResult.RingFull, (int)Send(host, "sink", "one too many"));
            Assert.AreEqual((int)SendResult.RingFull, (int)Send(host, "sink", "and another"));

            Assert.AreEqual(2, host.Counters("sink").RingFull);
            Assert.AreEqual(4, host.QueuedFor("sink"));
            Assert.AreEqual(16 - 4, host.Bus.Pool.Available);
        }

        [TestMethod]
        [DataRow(1)]
        [DataRow(3)]
        [DataRow(8)]
        public void A_module_given_its_own_ring_size_holds_exactly_that_many(int capacity)
        {
            RuntimeConfig config = Small(4, 16);
            config.SetRingCapacity("sink", capacity);
            ModuleHost host = Started(config, new CountingModule("sink"));

            for (int i = 0; i < capacity; i++) Assert.AreEqual((int)SendResult.Accepted, (int)Send(host, "sink", "x"));
            Assert.AreEqual((int)SendResult.RingFull, (int)Send(host, "sink", "x"));
            Assert.AreEqual(capacity, host.QueuedFor("sink"));
        }

        [TestMethod]
        public void A_drained_ring_takes_messages_again()
        {
            CountingModule sink = new CountingModule("sink");
            ModuleHost host = Started(Small(2, 8), sink);
            Send(host, "sink", "a");
            Send(host, "sink", "b");
            Assert.AreEqual((int)SendResult.RingFull, (int)Send(host, "sink", "c"));

            host.RunOnce(8);

            Assert.AreEqual(2, sink.Handled);
            Assert.AreEqual((int)SendResult.Accepted, (int)Send(host, "sink", "d"));
            Assert.AreEqual(8 - 1, host.Bus.Pool.Available);
        }

        [TestMethod]
        public void A_send_to_an_unknown_module_fails_and_is_counted()
        {
            ModuleHost host = Started(Small(4, 16), new CountingModule("sink"));

            Assert.AreEqual((int)SendResult.UnknownDestination, (int)Send(host, "nobody", "lost?"));

            Assert.AreEqual(1, host.Bus.UnknownDestinations);
            Assert.AreEqual(16, host.Bus.Pool.Available);
        }

        [TestMethod]
        public void Sends_before_start_are_refused()
        {
            ModuleHost host = new ModuleHost(Small(4, 16), new TestClock(0), new SilentLog());
            host.Register(new CountingModule("sink"));

            Assert.AreEqual((int)SendResult.NotRunning, (int)Send(host, "sink", "early"));
            Assert.AreEqual(16, host.Bus.Pool.Available);
        }

        [TestMethod]
        public void Content_larger_than_a_pooled_message_is_refused_not_truncated()
        {
            ModuleHost host = Started(Small(4, 2), new CountingModule("sink"));
            Message message = host.Bus.Rent();

            Assert.IsFalse(message.SetContent(new byte[65], 0, 65));
            Assert.AreEqual(0, message.ContentLength);
            Assert.IsTrue(message.SetContent(new byte[64], 0, 64));
            MessagePool.Release(message);
        }
    }
}
