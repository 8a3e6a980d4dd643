using System.Text;
using EdgeNano.Runtime.Storage;

namespace EdgeNano.Tests.Storage;

public class Crc32Tests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xE8B7BE43u)]
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void The_checksum_matches_the_published_CRC32_check_values(string text, uint expected)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        Assert.Equal(expected, Crc32.Compute(bytes, 0, bytes.Length));
    }

    [Fact]
    public void A_checksum_fed_in_pieces_equals_the_checksum_of_the_whole()
    {
        byte[] bytes = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog");
        for (int split = 0; split <= bytes.Length; split++)
        {
            uint running = Crc32.Update(Crc32.Start, bytes, 0, split);
            running = Crc32.Update(running, bytes, split, bytes.Length - split);
            Assert.Equal(Crc32.Compute(bytes, 0, bytes.Length), Crc32.Finish(running));
        }
    }
}
