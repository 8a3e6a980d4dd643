using System.Security.Cryptography;
using System.Text;
using EdgeNano.Updates.Crypto;

namespace EdgeNano.Tests.Updates.Crypto;

public class Sha256Tests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void The_digest_matches_the_FIPS_180_examples(string text, string expectedHex)
    {
        byte[] data = Encoding.ASCII.GetBytes(text);
        byte[] digest = new byte[32];
        Sha256.Hash(data, 0, data.Length, digest, 0);
        Assert.Equal(expectedHex, Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void Every_length_around_the_block_and_padding_edges_hashes_like_dotnet()
    {
        var random = new Random(7);
        byte[] data = new byte[300];
        random.NextBytes(data);
        byte[] digest = new byte[32];
        for (int length = 0; length < data.Length; length++)
        {
            Sha256.Hash(data, 0, length, digest, 0);
            Assert.Equal(SHA256.HashData(data.AsSpan(0, length)), digest);
        }
    }

    [Fact]
    public void Hashing_in_pieces_of_any_size_gives_the_one_shot_digest()
    {
        var random = new Random(11);
        var hasher = new Sha256();
        byte[] digest = new byte[32];
        for (int round = 0; round < 500; round++)
        {
            byte[] data = new byte[random.Next(0, 5000)];
            random.NextBytes(data);
            int offset = 0;
            while (offset < data.Length)
            {
                int piece = Math.Min(random.Next(0, 200), data.Length - offset);
                hasher.Update(data, offset, piece);
                offset += piece;
            }
            hasher.Final(digest, 0);
            Assert.Equal(SHA256.HashData(data), digest);
        }
    }

    [Fact]
    public void A_million_bytes_fed_in_kilobytes_hash_like_dotnet()
    {
        var hasher = new Sha256();
        byte[] chunk = Encoding.ASCII.GetBytes(new string('a', 1000));
        for (int i = 0; i < 1000; i++) hasher.Update(chunk, 0, chunk.Length);
        byte[] digest = new byte[32];
        hasher.Final(digest, 0);
        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(new string('a', 1_000_000))), digest);
    }

    [Fact]
    public void Hashing_a_stream_of_blocks_allocates_nothing()
    {
        var hasher = new Sha256();
        byte[] block = new byte[4096];
        byte[] digest = new byte[32];
        hasher.Update(block, 0, block.Length);
        hasher.Final(digest, 0);
        // The fewest bytes over three rounds: a per-block allocation shows in every round, while a
        // one-off runtime allocation on this thread under a loaded test run shows in one at most.
        long fewest = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 64; i++) hasher.Update(block, 0, block.Length);
            hasher.Final(digest, 0);
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, fewest);
    }
}
