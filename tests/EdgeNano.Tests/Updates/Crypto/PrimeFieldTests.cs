using System.Numerics;
using EdgeNano.Updates.Crypto;

namespace EdgeNano.Tests.Updates.Crypto;

/// <summary>
/// The modular arithmetic under the verifier, against System.Numerics.BigInteger: Montgomery
/// form mod p and mod n ("mont p", "mont n"), and the special-form field mod p the curve uses
/// ("p256", plain numbers).
/// </summary>
public class PrimeFieldTests
{
    public static TheoryData<string> Fields => new() { "mont p", "mont n", "p256" };

    private sealed record Field(PrimeField Arithmetic, BigInteger M, BigInteger R)
    {
        /// <summary>How the field holds a.</summary>
        public uint[] Hold(BigInteger a) => Big.ToLimbs(a * R % M);

        /// <summary>What the held limbs mean.</summary>
        public BigInteger Read(uint[] limbs) => Big.FromLimbs(limbs) * BigInteger.ModPow(R, M - 2, M) % M;
    }

    private static Field Make(string which) => which switch
    {
        "mont p" => new(new MontgomeryModulus(P256.Prime), Big.P, Big.R),
        "mont n" => new(new MontgomeryModulus(P256.Order), Big.N, Big.R),
        _ => new(new P256Field(), Big.P, BigInteger.One),
    };

    /// <summary>Edge values (0, 1, 2, m-1, m-2, around 2^255, 2^224 ...) and seeded random ones, all below m.</summary>
    private static List<BigInteger> Values(BigInteger m, int randomCount)
    {
        var values = new List<BigInteger>
        {
            0, 1, 2, 3, m - 1, m - 2, m - 3, (m - 1) / 2, (m + 1) / 2,
            BigInteger.One << 255, (BigInteger.One << 255) - 1, (BigInteger.One << 224) - 1, BigInteger.One << 224,
            uint.MaxValue, ulong.MaxValue, BigInteger.One << 32, Big.R - m, Big.R % m * (Big.R % m) % m,
        };
        var random = new Random(256);
        for (int i = 0; i < randomCount; i++) values.Add(Big.Random(random, m));
        // Numbers whose limbs are mostly all-ones or all-zeros stress the carries and the word sums.
        for (int i = 0; i < 8; i++)
        {
            values.Add(Big.Mod((BigInteger.One << (32 * i + 31)) - 1, m));
            values.Add(Big.Mod(m - (BigInteger.One << (32 * i)), m));
            values.Add(Big.Mod(Big.R - 1 - (BigInteger.One << (32 * i + 5)), m));
        }
        return values.Where(v => v >= 0 && v < m).ToList();
    }

    [Theory, MemberData(nameof(Fields))]
    public void Products_of_every_edge_pair_match_BigInteger(string which)
    {
        var f = Make(which);
        var values = Values(f.M, 40);
        var result = new uint[8];
        foreach (var a in values)
        {
            foreach (var b in values)
            {
                f.Arithmetic.Multiply(f.Hold(a), f.Hold(b), result);
                Assert.Equal(f.Hold(a * b % f.M), result);
            }
        }
    }

    [Theory, MemberData(nameof(Fields))]
    public void Squares_match_BigInteger_even_when_the_result_array_is_the_input(string which)
    {
        var f = Make(which);
        foreach (var a in Values(f.M, 400))
        {
            var limbs = f.Hold(a);
            f.Arithmetic.Square(limbs, limbs);
            Assert.Equal(f.Hold(a * a % f.M), limbs);
        }
    }

    [Theory, MemberData(nameof(Fields))]
    public void Sums_and_differences_wrap_at_the_modulus(string which)
    {
        var f = Make(which);
        var values = Values(f.M, 20);
        var result = new uint[8];
        foreach (var a in values)
        {
            foreach (var b in values)
            {
                f.Arithmetic.Add(Big.ToLimbs(a), Big.ToLimbs(b), result);
                Assert.Equal((a + b) % f.M, Big.FromLimbs(result));
                f.Arithmetic.Subtract(Big.ToLimbs(a), Big.ToLimbs(b), result);
                Assert.Equal(Big.Mod(a - b, f.M), Big.FromLimbs(result));
            }
        }
    }

    [Theory, MemberData(nameof(Fields))]
    public void Inverses_times_the_number_give_one(string which)
    {
        var f = Make(which);
        var inverse = new uint[8];
        foreach (var a in Values(f.M, 10).Where(v => !v.IsZero))
        {
            f.Arithmetic.Invert(f.Hold(a), inverse);
            Assert.Equal(BigInteger.ModPow(a, f.M - 2, f.M), f.Read(inverse));
            f.Arithmetic.Multiply(inverse, f.Hold(a), inverse);
            Assert.Equal(f.Arithmetic.One, inverse);
        }
        Assert.Equal(BigInteger.One, f.Read(f.Arithmetic.One));
    }

    [Theory]
    [InlineData("mont p")]
    [InlineData("mont n")]
    public void Numbers_go_into_Montgomery_form_and_back_unchanged(string which)
    {
        var f = Make(which);
        var modulus = (MontgomeryModulus)f.Arithmetic;
        var mont = new uint[8];
        var back = new uint[8];
        foreach (var a in Values(f.M, 50))
        {
            modulus.ToMontgomery(Big.ToLimbs(a), mont);
            Assert.Equal(f.Hold(a), mont);
            modulus.FromMontgomery(mont, back);
            Assert.Equal(a, Big.FromLimbs(back));
        }
    }

    [Fact]
    public void The_special_form_field_agrees_with_BigInteger_on_thousands_of_random_products()
    {
        var field = new P256Field();
        var random = new Random(2024);
        var result = new uint[8];
        for (int i = 0; i < 5000; i++)
        {
            var a = Big.Random(random, Big.P);
            var b = i % 2 == 0 ? Big.Random(random, Big.P) : Big.P - 1 - Big.Random(random, BigInteger.One << random.Next(1, 64));
            field.Multiply(Big.ToLimbs(a), Big.ToLimbs(b), result);
            Assert.Equal(a * b % Big.P, Big.FromLimbs(result));
        }
    }

    [Fact]
    public void The_curve_constants_are_the_ones_dotnet_uses_for_nistP256()
    {
        using var ecdsa = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var explicitCurve = ecdsa.ExportExplicitParameters(false).Curve;
        Assert.Equal(Big.FromBigEndian(explicitCurve.Prime), Big.P);
        Assert.Equal(Big.FromBigEndian(explicitCurve.Order), Big.N);
        Assert.Equal(Big.FromBigEndian(explicitCurve.B), Big.FromLimbs(P256.B));
        Assert.Equal(Big.FromBigEndian(explicitCurve.A), Big.P - 3);
        Assert.Equal(Big.FromBigEndian(explicitCurve.G.X), Big.FromLimbs(P256.GX));
        Assert.Equal(Big.FromBigEndian(explicitCurve.G.Y), Big.FromLimbs(P256.GY));
    }
}
