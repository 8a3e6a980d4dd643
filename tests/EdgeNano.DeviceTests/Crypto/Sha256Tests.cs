using EdgeNano.DeviceTests.Support;
using EdgeNano.Updates.Crypto;
using nanoFramework.TestFramework;

namespace EdgeNano.DeviceTests.Crypto
{
    /// <summary>SHA-256 in device code (firmware packages are hash-checked with it), against FIPS 180 examples.</summary>
    [TestClass]
    public class Sha256Tests
    {
        private const string TwoBlockMessage = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

        private static string Digest(string ascii)
        {
            byte[] data = TestBytes.Ascii(ascii);
            byte[] digest = new byte[Sha256.HashSize];
            Sha256.Hash(data, 0, data.Length, digest, 0);
            return TestBytes.Hex(digest);
        }

        [TestMethod]
        [DataRow("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
        [DataRow("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
        [DataRow(TwoBlockMessage, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
        [DataRow("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")]
        public void The_digest_matches_the_FIPS_180_example(string message, string digest)
        {
            Assert.AreEqual(digest, Digest(message));
        }

        [TestMethod]
        [DataRow(1)]
        [DataRow(7)]
        [DataRow(55)]
        [DataRow(64)]
        public void Hashing_in_pieces_gives_the_one_shot_digest(int piece)
        {
            byte[] data = TestBytes.Ascii(TwoBlockMessage);
            Sha256 sha = new Sha256();
            for (int at = 0; at < data.Length; at += piece)
            {
                int count = data.Length - at < piece ? data.Length - at : piece;
                sha.Update(data, at, count);
            }
            byte[] digest = new byte[Sha256.HashSize];
            sha.Final(digest, 0);

            Assert.AreEqual("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", TestBytes.Hex(digest));
        }

        [TestMethod]
        public void A_hasher_after_Reset_hashes_the_next_message_from_scratch()
        {
            Sha256 sha = new Sha256();
            byte[] junk = TestBytes.Ascii("junk");
            sha.Update(junk, 0, junk.Length);

            sha.Reset();
            byte[] abc = TestBytes.Ascii("abc");
            sha.Update(abc, 0, abc.Length);
            byte[] digest = new byte[Sha256.HashSize + 3];
            sha.Final(digest, 3);

            Assert.AreEqual("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", TestBytes.Hex(digest, 3, Sha256.HashSize));
        }

        [TestMethod]
        public void Every_length_around_the_padding_edge_gives_a_different_digest()
        {
            // 55 bytes fit the length in one block, 56 need a second: both paths must differ from their neighbours.
            string previous = "";
            for (int length = 54; length <= 65; length++)
            {
                string digest = Digest(new string('a', length));
                Assert.AreNotEqual(previous, digest, "length " + length.ToString());
                previous = digest;
            }
            Assert.AreEqual("9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318", Digest(new string('a', 55)));
            Assert.AreEqual("b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a", Digest(new string('a', 56)));
        }
    }
}
