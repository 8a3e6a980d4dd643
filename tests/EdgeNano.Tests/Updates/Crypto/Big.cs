using System.Numerics;
using EdgeNano.Updates.Crypto;

namespace EdgeNano.Tests.Updates.Crypto;

/// <summary>Conversions between the device code's limbs and BigInteger, the tests' reference arithmetic.</summary>
internal static class Big
{
    public static readonly BigInteger P = FromLimbs(P256.Prime);
    public static readonly BigInteger N = FromLimbs(P256.Order);
    public static readonly BigInteger R = BigInteger.One << 256;

    public static BigInteger FromLimbs(uint[] limbs)
    {
        var bytes = new byte[32];
        Limbs.ToBigEndian(limbs, bytes, 0);
        return FromBigEndian(bytes);
    }

    public static uint[] ToLimbs(BigInteger value)
    {
        var limbs = new uint[8];
        Limbs.FromBigEndian(ToBigEndian(value), 0, limbs);
        return limbs;
    }

    public static BigInteger FromBigEndian(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: true);

    public static byte[] ToBigEndian(BigInteger value)
    {
        if (value.Sign < 0 || value >= R) throw new ArgumentOutOfRangeException(nameof(value));
        var raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var bytes = new byte[32];
        raw.CopyTo(bytes, 32 - raw.Length);
        return bytes;
    }

    public static BigInteger Mod(BigInteger value, BigInteger modulus)
    {
        var r = value % modulus;
        return r.Sign < 0 ? r + modulus : r;
    }

    public static BigInteger Random(Random random, BigInteger below)
    {
        var bytes = new byte[33];
        random.NextBytes(bytes);
        return Mod(new BigInteger(bytes, isUnsigned: true), below);
    }
}
