using System.Numerics;
using System.Security.Cryptography;
using EdgeNano.Updates.Crypto;

namespace EdgeNano.Tests.Updates.Crypto;

/// <summary>DER signatures (what OpenSSL writes) into r||s: exactly the DER encodings, nothing else.</summary>
public class DerSignatureTests
{
    /// <summary>The one DER encoding of (r, s): minimal two's complement integers in a SEQUENCE.</summary>
    private static byte[] Encode(BigInteger r, BigInteger s)
    {
        byte[] Integer(BigInteger v)
        {
            var content = v.ToByteArray(isUnsigned: false, isBigEndian: true);
            return [0x02, (byte)content.Length, .. content];
        }
        byte[] body = [.. Integer(r), .. Integer(s)];
        return [0x30, (byte)body.Length, .. body];
    }

    private static (bool Ok, byte[] Output) Decode(byte[] der)
    {
        var output = new byte[64];
        return (DerSignature.ToP1363(der, 0, der.Length, output, 0), output);
    }

    private static byte[] Hex(string text) => Convert.FromHexString(text);

    [Fact]
    public void Dotnet_DER_signatures_decode_to_signatures_both_verifiers_accept()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var q = ecdsa.ExportParameters(false).Q;
        byte[] key = [0x04, .. q.X!, .. q.Y!];
        var verifier = new EcdsaP256Verifier();
        var random = new Random(17);
        for (int i = 0; i < 100; i++)
        {
            var hash = new byte[32];
            random.NextBytes(hash);
            var der = ecdsa.SignHash(hash, DSASignatureFormat.Rfc3279DerSequence);
            var (ok, p1363) = Decode(der);
            Assert.True(ok, Convert.ToHexString(der));
            Assert.True(ecdsa.VerifyHash(hash, p1363));
            Assert.True(verifier.Verify(key, 0, 65, hash, 0, p1363, 0, 64));
        }
    }

    public static TheoryData<string> EdgeNumbers => new()
    {
        "1", "127", "128", "255", "256", "32768",
        "57896044618658097711785492504343953926634992332820282019728792003956564819968",   // 2^255: needs the 0x00 sign byte
        "115792089210356248762697446949407573529996955224135760342422259061068512044368",  // n - 1
        "452312848583266388373324160190187140051835877600158453279131187530910662655", // 2^248 - 1: 31 bytes
    };

    [Theory, MemberData(nameof(EdgeNumbers))]
    public void Numbers_of_every_encoded_length_land_right_aligned_in_32_bytes(string number)
    {
        var value = BigInteger.Parse(number);
        var other = BigInteger.Parse("12345678901234567890");
        var (ok, output) = Decode(Encode(value, other));
        Assert.True(ok);
        Assert.Equal(Big.ToBigEndian(value), output[..32]);
        Assert.Equal(Big.ToBigEndian(other), output[32..]);
        (ok, output) = Decode(Encode(other, value));
        Assert.True(ok);
        Assert.Equal(Big.ToBigEndian(value), output[32..]);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("30", "no length")]
    [InlineData("3106020101020101", "SET, not SEQUENCE")]
    [InlineData("3007020101020101", "SEQUENCE length past the end")]
    [InlineData("3005020101020101", "SEQUENCE length short of the end")]
    [InlineData("308106020101020101", "long-form length for a short SEQUENCE")]
    [InlineData("300602010102010100", "a byte after the SEQUENCE")]
    [InlineData("3007020101020101" + "00", "SEQUENCE holding a byte after s")]
    [InlineData("3009020101020101020101", "three INTEGERs")]
    [InlineData("3003020101", "no s")]
    [InlineData("3006030101020101", "r not an INTEGER")]
    [InlineData("3005020002010101", "empty INTEGER")]
    [InlineData("3006020180020101", "negative r")]
    [InlineData("30060201010201FF", "negative s")]
    [InlineData("300702020001020101", "r with a needless zero byte")]
    [InlineData("30070201010202007F", "s with a needless zero byte")]
    [InlineData("3008020300008002010101", "two leading zero bytes")]
    [InlineData("3006020901020101", "INTEGER length past the SEQUENCE")]
    [InlineData("300702810101020101", "long-form INTEGER length")]
    public void Malformed_DER_is_refused(string hex, string why)
    {
        Assert.False(Decode(Hex(hex)).Ok, why);
    }

    [Fact]
    public void Integers_longer_than_32_bytes_are_refused()
    {
        // 2^256 - 1 with its sign byte is 33 bytes and fine; 2^256 needs 33 significant bytes.
        Assert.True(Decode(Encode((BigInteger.One << 256) - 1, 1)).Ok);
        Assert.False(Decode(Encode(BigInteger.One << 256, 1)).Ok);
        Assert.False(Decode(Encode(1, BigInteger.One << 256)).Ok);
    }

    [Fact]
    public void Any_change_to_a_valid_encoding_is_refused_or_is_again_the_one_encoding_of_what_it_decodes_to()
    {
        // Strictness as a property: whatever the decoder accepts re-encodes to exactly its input,
        // so no signature has a second accepted form.
        var random = new Random(19);
        int accepted = 0;
        for (int i = 0; i < 20000; i++)
        {
            var r = Big.Random(random, BigInteger.One << random.Next(1, 257)) + 1;
            var s = Big.Random(random, BigInteger.One << random.Next(1, 257)) + 1;
            var der = Encode(r, s).ToList();
            switch (random.Next(3))
            {
                case 0: der[random.Next(der.Count)] = (byte)random.Next(256); break;
                case 1: der.Insert(random.Next(der.Count + 1), (byte)random.Next(256)); break;
                default: der.RemoveAt(random.Next(der.Count)); break;
            }
            var (ok, output) = Decode([.. der]);
            if (!ok) continue;
            accepted++;
            var again = Encode(Big.FromBigEndian(output.AsSpan(0, 32)), Big.FromBigEndian(output.AsSpan(32)));
            Assert.Equal([.. der], again);
        }
        Assert.InRange(accepted, 1, 19999);
    }

    [Fact]
    public void Bad_buffers_and_offsets_give_false_and_never_throw()
    {
        var der = Encode(5, 7);
        var output = new byte[64];
        Assert.False(DerSignature.ToP1363(null!, 0, 8, output, 0));
        Assert.False(DerSignature.ToP1363(der, 0, der.Length, null!, 0));
        Assert.False(DerSignature.ToP1363(der, -1, der.Length, output, 0));
        Assert.False(DerSignature.ToP1363(der, 1, der.Length, output, 0));
        Assert.False(DerSignature.ToP1363(der, 0, -1, output, 0));
        Assert.False(DerSignature.ToP1363(der, 0, der.Length, output, 1));
        Assert.False(DerSignature.ToP1363(der, 0, der.Length, new byte[63], 0));
        Assert.False(DerSignature.ToP1363(der, 0, der.Length - 1, output, 0));

        byte[] inside = [9, 9, .. der, 9];
        var wide = new byte[70];
        Assert.True(DerSignature.ToP1363(inside, 2, der.Length, wide, 6));
        Assert.Equal(5, wide[6 + 31]);
        Assert.Equal(7, wide[6 + 63]);
    }
}
