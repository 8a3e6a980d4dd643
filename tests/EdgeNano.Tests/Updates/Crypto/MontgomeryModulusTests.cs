using System.Numerics;
using EdgeNano.Updates.Crypto;

namespace EdgeNano.Tests.Updates.Crypto;

/// <summary>The modular arithmetic under the verifier, against System.Numerics.BigInteger, for p and n.</summary>
public class MontgomeryModulusTests
{
    public static TheoryData<string> Moduli => new() { "p", "n" };

    private static (MontgomeryModulus Modulus, BigInteger M) Make(string which) =>
        which == "p" ? (new MontgomeryModulus(P256.Prime), Big.P) : (new MontgomeryModulus(P256.Order), Big.N);

    /// <summary>Edge values (0, 1, 2, m-1, m-2, around 2^255, 2^224 ...) and seeded random ones, all below m.</summary>
    private static List<BigInteger> Values(BigInteger m, int randomCount)
    {
        var values = new List<BigInteger>
        {
            0, 1, 2, 3, m - 1, m - 2, m - 3, (m - 1) / 2, (m + 1) / 2,
            BigInteger.One << 255, (BigInteger.One << 255) - 1, (BigInteger.One << 224) - 1, BigInteger.One << 224,
            uint.MaxValue, (BigInteger)ulong.MaxValue, (BigInteger.One << 32), Big.R - m, Big.R % m * (Big.R % m) % m,
        };
        var random = new Random(256);
        for (int i = 0; i < randomCount; i++) values.Add(Big.Random(random, m));
        // Numbers whose limbs are mostly all-ones or all-zeros stress the carries.
        for (int i = 0; i < 8; i++)
        {
            values.Add(Big.Mod((BigInteger.One << (32 * i + 31)) - 1, m));
            values.Add(Big.Mod(m - (BigInteger.One << (32 * i)), m));
        }
        return values.Where(v => v >= 0 && v < m).ToList();
    }

    private BigInteger ToMont(BigInteger a, BigInteger m) => a * Big.R % m;

    [Theory, MemberData(nameof(Moduli))]
    public void Products_of_every_edge_pair_match_BigInteger(string which)
    {
        var (modulus, m) = Make(which);
        var rInverse = BigInteger.ModPow(Big.R, m - 2, m);
        var values = Values(m, 40);
        var result = new uint[8];
        foreach (var a in values)
        {
            foreach (var b in values)
            {
                modulus.Multiply(Big.ToLimbs(a), Big.ToLimbs(b), result);
                Assert.Equal(a * b * rInverse % m, Big.FromLimbs(result));
            }
        }
    }

    [Theory, MemberData(nameof(Moduli))]
    public void Sums_and_differences_wrap_at_the_modulus(string which)
    {
        var (modulus, m) = Make(which);
        var values = Values(m, 20);
        var result = new uint[8];
        foreach (var a in values)
        {
            foreach (var b in values)
            {
                modulus.Add(Big.ToLimbs(a), Big.ToLimbs(b), result);
                Assert.Equal((a + b) % m, Big.FromLimbs(result));
                modulus.Subtract(Big.ToLimbs(a), Big.ToLimbs(b), result);
                Assert.Equal(Big.Mod(a - b, m), Big.FromLimbs(result));
            }
        }
    }

    [Theory, MemberData(nameof(Moduli))]
    public void Numbers_go_into_Montgomery_form_and_back_unchanged(string which)
    {
        var (modulus, m) = Make(which);
        var mont = new uint[8];
        var back = new uint[8];
        foreach (var a in Values(m, 50))
        {
            modulus.ToMontgomery(Big.ToLimbs(a), mont);
            Assert.Equal(ToMont(a, m), Big.FromLimbs(mont));
            modulus.FromMontgomery(mont, back);
            Assert.Equal(a, Big.FromLimbs(back));
        }
        Assert.Equal(ToMont(1, m), Big.FromLimbs(modulus.One));
    }

    [Theory, MemberData(nameof(Moduli))]
    public void Squares_match_BigInteger_even_when_the_result_array_is_the_input(string which)
    {
        var (modulus, m) = Make(which);
        foreach (var a in Values(m, 50))
        {
            var limbs = Big.ToLimbs(ToMont(a, m));
            modulus.Square(limbs, limbs);
            Assert.Equal(ToMont(a * a % m, m), Big.FromLimbs(limbs));
        }
    }

    [Theory, MemberData(nameof(Moduli))]
    public void Inverses_times_the_number_give_one(string which)
    {
        var (modulus, m) = Make(which);
        var inverse = new uint[8];
        foreach (var a in Values(m, 10).Where(v => !v.IsZero))
        {
            modulus.Invert(Big.ToLimbs(ToMont(a, m)), inverse);
            Assert.Equal(ToMont(BigInteger.ModPow(a, m - 2, m), m), Big.FromLimbs(inverse));
            modulus.Multiply(inverse, Big.ToLimbs(ToMont(a, m)), inverse);
            Assert.Equal(modulus.One, inverse);
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
