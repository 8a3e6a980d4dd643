using EdgeNano.Updates.Crypto;

namespace EdgeNano.Tests.Updates.Crypto;

/// <summary>Hex text (keys in configuration) to bytes.</summary>
public class HexTests
{
    [Fact]
    public void Upper_and_lower_case_digits_decode_at_the_offset()
    {
        var output = new byte[6];
        Assert.Equal(4, Hex.TryDecode("00fFa59C", output, 2));
        Assert.Equal(new byte[] { 0, 0, 0x00, 0xFF, 0xA5, 0x9C }, output);
    }

    [Fact]
    public void Every_byte_value_round_trips_through_dotnet_hex_text()
    {
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var output = new byte[256];
        Assert.Equal(256, Hex.TryDecode(Convert.ToHexString(all), output, 0));
        Assert.Equal(all, output);
        Assert.Equal(256, Hex.TryDecode(Convert.ToHexStringLower(all), output, 0));
        Assert.Equal(all, output);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0g")]
    [InlineData("g0")]
    [InlineData(" 00")]
    [InlineData("0x00")]
    [InlineData("0:")]
    [InlineData("@0")]
    [InlineData("`0")]
    [InlineData("G0")]
    public void Text_that_is_not_an_even_run_of_hex_digits_gives_minus_one(string text)
    {
        Assert.Equal(-1, Hex.TryDecode(text, new byte[8], 0));
    }

    [Fact]
    public void Text_that_does_not_fit_or_bad_arguments_give_minus_one()
    {
        Assert.Equal(-1, Hex.TryDecode("000000", new byte[2], 0));
        Assert.Equal(-1, Hex.TryDecode("0000", new byte[2], 1));
        Assert.Equal(-1, Hex.TryDecode("00", new byte[2], -1));
        Assert.Equal(-1, Hex.TryDecode(null!, new byte[2], 0));
        Assert.Equal(-1, Hex.TryDecode("00", null!, 0));
        Assert.Equal(0, Hex.TryDecode("", new byte[0], 0));
    }
}
