using System.Numerics;
using System.Security.Cryptography;
using EdgeNano.Updates.Crypto;

namespace EdgeNano.Tests.Updates.Crypto;

/// <summary>
/// Textbook affine P-256 arithmetic on BigInteger (slow, obviously right), for building keys and
/// signatures with properties random ones never have: chosen sum points, x(R) above n, keys ±G.
/// </summary>
internal static class ReferenceCurve
{
    public static readonly BigInteger P = Big.P;
    public static readonly BigInteger N = Big.N;
    public static readonly BigInteger B = Big.FromLimbs(P256.B);
    public static readonly (BigInteger X, BigInteger Y)? G = (Big.FromLimbs(P256.GX), Big.FromLimbs(P256.GY));

    private static BigInteger Inverse(BigInteger a, BigInteger m) => BigInteger.ModPow(Big.Mod(a, m), m - 2, m);

    public static (BigInteger X, BigInteger Y)? Add((BigInteger X, BigInteger Y)? a, (BigInteger X, BigInteger Y)? b)
    {
        if (a is null) return b;
        if (b is null) return a;
        var (x1, y1) = a.Value;
        var (x2, y2) = b.Value;
        BigInteger slope;
        if (x1 == x2)
        {
            if (Big.Mod(y1 + y2, P).IsZero) return null;
            slope = Big.Mod((3 * x1 * x1 - 3) * Inverse(2 * y1, P), P);
        }
        else
        {
            slope = Big.Mod((y2 - y1) * Inverse(x2 - x1, P), P);
        }
        var x3 = Big.Mod(slope * slope - x1 - x2, P);
        return (x3, Big.Mod(slope * (x1 - x3) - y1, P));
    }

    public static (BigInteger X, BigInteger Y)? Multiply(BigInteger k, (BigInteger X, BigInteger Y)? point)
    {
        (BigInteger X, BigInteger Y)? result = null;
        k = Big.Mod(k, N);
        for (int bit = 255; bit >= 0; bit--)
        {
            result = Add(result, result);
            if (!(k >> bit).IsEven) result = Add(result, point);
        }
        return result;
    }

    public static (BigInteger X, BigInteger Y)? Negate((BigInteger X, BigInteger Y)? point) =>
        point is null ? null : (point.Value.X, Big.Mod(-point.Value.Y, P));

    /// <summary>A curve point with this x, or null when x^3 - 3x + b is not a square mod p.</summary>
    public static (BigInteger X, BigInteger Y)? PointWithX(BigInteger x)
    {
        var rhs = Big.Mod(x * x * x - 3 * x + B, P);
        var y = BigInteger.ModPow(rhs, (P + 1) / 4, P);  // p = 3 mod 4
        return y * y % P == rhs ? (x, y) : null;
    }

    public static byte[] Uncompressed((BigInteger X, BigInteger Y)? point) =>
        [0x04, .. Big.ToBigEndian(point!.Value.X), .. Big.ToBigEndian(point.Value.Y)];

    /// <summary>A .NET key for private scalar d (its public point computed here).</summary>
    public static ECDsa DotnetKey(BigInteger d)
    {
        var q = Multiply(d, G)!.Value;
        return ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = Big.ToBigEndian(d),
            Q = new ECPoint { X = Big.ToBigEndian(q.X), Y = Big.ToBigEndian(q.Y) },
        });
    }

    /// <summary>
    /// A valid signature whose verification sums to the chosen point R: pick u1, u2, then
    /// r = x(R) mod n, s = r/u2, e = u1·s, Q = (R - u1·G)/u2, so u1·G + u2·Q = R.
    /// </summary>
    public static (byte[] Key, byte[] Hash, byte[] Signature) SignatureSummingTo((BigInteger X, BigInteger Y) sum, Random random)
    {
        var u1 = Big.Random(random, N - 1) + 1;
        var u2 = Big.Random(random, N - 1) + 1;
        var r = sum.X % N;
        var s = r * Inverse(u2, N) % N;
        var e = u1 * s % N;
        var q = Multiply(Inverse(u2, N), Add(sum, Negate(Multiply(u1, G))));
        return (Uncompressed(q), Big.ToBigEndian(e), [.. Big.ToBigEndian(r), .. Big.ToBigEndian(s)]);
    }
}
