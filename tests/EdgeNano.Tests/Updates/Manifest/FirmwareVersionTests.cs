using CsCheck;
using EdgeNano.Updates;

namespace EdgeNano.Tests.Updates.Manifest;

public class FirmwareVersionTests
{
    private static long Packed(long major, long minor, long patch) => (major << 32) | (minor << 16) | patch;

    [Theory]
    [InlineData("0.0.0", 0, 0, 0)]
    [InlineData("1.4.0", 1, 4, 0)]
    [InlineData("10.20.30", 10, 20, 30)]
    [InlineData("65535.65535.65535", 65535, 65535, 65535)]
    public void A_version_packs_its_three_parts(string text, int major, int minor, int patch)
    {
        Assert.Equal(Packed(major, minor, patch), FirmwareVersion.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1.2")]
    [InlineData("1.2.3.4")]
    [InlineData("1.2.")]
    [InlineData(".1.2")]
    [InlineData("1..3")]
    [InlineData("01.2.3")]
    [InlineData("1.02.3")]
    [InlineData("1.2.00")]
    [InlineData("65536.0.0")]
    [InlineData("0.0.65536")]
    [InlineData("100000.0.0")]
    [InlineData("99999999999999999999.0.0")]
    [InlineData("+1.2.3")]
    [InlineData("-1.2.3")]
    [InlineData("1.-2.3")]
    [InlineData(" 1.2.3")]
    [InlineData("1.2.3 ")]
    [InlineData("1. 2.3")]
    [InlineData("1.2.3\n")]
    [InlineData("1.2.3-beta")]
    [InlineData("v1.2.3")]
    [InlineData("1.2.x")]
    [InlineData("١.٢.٣")]
    public void Anything_but_three_plain_parts_up_to_65535_is_not_a_version(string? text)
    {
        Assert.Equal(-1, FirmwareVersion.Parse(text!));
        Assert.False(FirmwareVersion.IsValid(text!));
    }

    [Fact]
    public void Packed_order_is_major_then_minor_then_patch_order()
    {
        var part = Gen.OneOf(Gen.Int[0, 65535], Gen.Int[0, 3], Gen.Int[65530, 65535]);
        var version = Gen.Select(part, part, part);
        Gen.Select(version, version).Sample((a, b) =>
        {
            long left = FirmwareVersion.Parse($"{a.Item1}.{a.Item2}.{a.Item3}");
            long right = FirmwareVersion.Parse($"{b.Item1}.{b.Item2}.{b.Item3}");
            int expected = Math.Sign(a.CompareTo(b));
            return left >= 0 && right >= 0 && Math.Sign(left.CompareTo(right)) == expected
                && Math.Sign(FirmwareVersion.Compare($"{a.Item1}.{a.Item2}.{a.Item3}", $"{b.Item1}.{b.Item2}.{b.Item3}")) == expected;
        }, iter: 5000);
    }

    [Fact]
    public void Parts_compare_as_numbers_not_as_text()
    {
        Assert.True(FirmwareVersion.Compare("1.10.0", "1.9.0") > 0);
        Assert.True(FirmwareVersion.Compare("2.0.0", "10.0.0") < 0);
        Assert.Equal(0, FirmwareVersion.Compare("1.4.0", "1.4.0"));
    }

    [Fact]
    public void An_unreadable_version_is_older_than_every_readable_one()
    {
        Assert.True(FirmwareVersion.Compare("garbage", "0.0.0") < 0);
        Assert.True(FirmwareVersion.Compare("0.0.0", null!) > 0);
        Assert.Equal(0, FirmwareVersion.Compare("garbage", ""));
    }
}
