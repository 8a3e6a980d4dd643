using System.Numerics;
using System.Security.Cryptography;
using EdgeNano.Updates.Crypto;

namespace EdgeNano.Tests.Updates.Crypto;

/// <summary>
/// The device-code verifier against .NET's ECDsa (OpenSSL underneath) on the same inputs:
/// every signature .NET makes is accepted, and every altered input gets .NET's answer, false.
/// </summary>
public class EcdsaP256VerifierTests
{
    private readonly EcdsaP256Verifier _verifier = new();

    private sealed record Signed(ECDsa Dotnet, byte[] Key, byte[] Hash, byte[] Signature)
    {
        public override string ToString() =>
            $"key {Convert.ToHexString(Key)} hash {Convert.ToHexString(Hash)} sig {Convert.ToHexString(Signature)}";
    }

    private static byte[] PublicKey(ECDsa key)
    {
        var q = key.ExportParameters(false).Q;
        return [0x04, .. q.X!, .. q.Y!];
    }

    private static ECDsa NewKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private bool Verify(byte[] key, byte[] hash, byte[] signature) =>
        _verifier.Verify(key, 0, key.Length, hash, 0, signature, 0, signature.Length);

    private static bool DotnetVerifies(byte[] key, byte[] hash, byte[] signature)
    {
        if (key.Length != 65 || key[0] != 0x04) return false;  // what a SEC1 decoder does with other prefixes
        try
        {
            using var ecdsa = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = key[1..33], Y = key[33..65] },
            });
            return ecdsa.VerifyHash(hash, signature);
        }
        catch (CryptographicException)
        {
            return false;  // .NET refuses to import a key that is not a curve point
        }
    }

    private static byte[] Hex(string text) => Convert.FromHexString(text);

    // RFC 6979 appendix A.2.5: the P-256 key and its SHA-256 signatures of "sample" and "test".
    private const string RfcKey = "04" +
        "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6" +
        "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299";

    [Theory]
    [InlineData("sample",
        "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716" +
        "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8")]
    [InlineData("test",
        "F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367" +
        "019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083")]
    public void The_RFC_6979_P256_SHA256_signatures_are_accepted_and_swapped_messages_rejected(string message, string signature)
    {
        var key = Hex(RfcKey);
        var hash = SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(message));
        var other = SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(message == "test" ? "sample" : "test"));
        Assert.True(Verify(key, hash, Hex(signature)));
        Assert.False(Verify(key, other, Hex(signature)));
    }

    [Fact]
    public void The_NIST_example_signature_of_Example_of_ECDSA_with_P256_is_accepted()
    {
        // NIST CSRC "Cryptographic Standards and Guidelines: examples", ECDSA P256_SHA256.pdf.
        var key = Hex("04B7E08AFDFE94BAD3F1DC8C734798BA1C62B3A0AD1E9EA2A38201CD0889BC7A19" +
                      "3603F747959DBF7A4BB226E41928729063ADC7AE43529E61B563BBC606CC5E09");
        var hash = SHA256.HashData("Example of ECDSA with P-256"u8);
        Assert.Equal(Hex("A41A41A12A799548211C410C65D8133AFDE34D28BDD542E4B680CF2899C8A8C4"), hash);
        var signature = Hex("2B42F576D07F4165FF65D1F3B1500F81E44C316F1F0B3EF57325B69ACA46104F" +
                            "DC42C2122D6392CD3E3A993A89502A8198C1886FE69D262C4B329BDB6B63FAF1");
        Assert.True(Verify(key, hash, signature));
    }

    [Fact]
    public void A_thousand_dotnet_signatures_are_accepted_and_altered_ones_rejected_as_dotnet_rejects_them()
    {
        // 500 keys, two messages each; each signature is verified as made and once altered
        // (a signature bit, a hash bit or the neighbouring key, in turn), next to .NET's answer.
        var random = new Random(7);
        var keys = Enumerable.Range(0, 500).Select(_ => NewKey()).ToArray();
        var publicKeys = keys.Select(PublicKey).ToArray();
        int signatures = 0;
        for (int k = 0; k < keys.Length; k++)
        {
            for (int m = 0; m < 2; m++)
            {
                var hash = new byte[32];
                random.NextBytes(hash);
                var signature = keys[k].SignHash(hash);
                var signed = new Signed(keys[k], publicKeys[k], hash, signature);
                Assert.True(Verify(publicKeys[k], hash, signature), signed.ToString());
                signatures++;

                var key = publicKeys[k];
                var (badHash, badSignature) = (hash, signature);
                switch (signatures % 3)
                {
                    case 0:
                        badSignature = (byte[])signature.Clone();
                        badSignature[random.Next(64)] ^= (byte)(1 << random.Next(8));
                        break;
                    case 1:
                        badHash = (byte[])hash.Clone();
                        badHash[random.Next(32)] ^= (byte)(1 << random.Next(8));
                        break;
                    default:
                        key = publicKeys[(k + 1) % keys.Length];
                        break;
                }
                bool dotnet = DotnetVerifies(key, badHash, badSignature);
                Assert.Equal(dotnet, Verify(key, badHash, badSignature));
                Assert.False(dotnet, signed.ToString());
            }
        }
        Assert.Equal(1000, signatures);
        foreach (var key in keys) key.Dispose();
    }

    [Fact]
    public void Every_single_byte_change_of_signature_hash_or_key_is_rejected()
    {
        var random = new Random(11);
        using var ecdsa = NewKey();
        var key = PublicKey(ecdsa);
        for (int sample = 0; sample < 2; sample++)
        {
            var hash = new byte[32];
            random.NextBytes(hash);
            var signature = ecdsa.SignHash(hash);
            for (int i = 0; i < 64; i++)
            {
                var changed = (byte[])signature.Clone();
                changed[i] ^= (byte)(1 + random.Next(255));
                Assert.False(Verify(key, hash, changed), $"signature byte {i}");
            }
            for (int i = 0; i < 32; i++)
            {
                var changed = (byte[])hash.Clone();
                changed[i] ^= (byte)(1 + random.Next(255));
                Assert.False(Verify(key, changed, signature), $"hash byte {i}");
            }
            for (int i = 0; i < 65; i++)
            {
                var changed = (byte[])key.Clone();
                changed[i] ^= (byte)(1 + random.Next(255));
                Assert.False(Verify(changed, hash, signature), $"key byte {i}");
                Assert.False(DotnetVerifies(changed, hash, signature), $"dotnet, key byte {i}");
            }
            Assert.True(Verify(key, hash, signature));
        }
    }

    [Fact]
    public void The_mirror_signature_r_and_n_minus_s_is_accepted_as_dotnet_accepts_it()
    {
        var random = new Random(3);
        using var ecdsa = NewKey();
        var key = PublicKey(ecdsa);
        for (int i = 0; i < 10; i++)
        {
            var hash = new byte[32];
            random.NextBytes(hash);
            var signature = ecdsa.SignHash(hash);
            var s = Big.FromBigEndian(signature.AsSpan(32));
            byte[] mirror = [.. signature[..32], .. Big.ToBigEndian(Big.N - s)];
            Assert.True(ecdsa.VerifyHash(hash, mirror));
            Assert.True(Verify(key, hash, mirror));
        }
    }

    public static TheoryData<string> OutOfRangeScalars => new()
    {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", // n
        "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632552", // n + 1
        "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF", // p
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
    };

    [Theory, MemberData(nameof(OutOfRangeScalars))]
    public void A_signature_with_r_or_s_zero_or_at_least_n_is_rejected(string scalar)
    {
        using var ecdsa = NewKey();
        var key = PublicKey(ecdsa);
        var hash = SHA256.HashData("firmware manifest"u8);
        var signature = ecdsa.SignHash(hash);
        byte[] badR = [.. Hex(scalar), .. signature[32..]];
        byte[] badS = [.. signature[..32], .. Hex(scalar)];
        Assert.False(ecdsa.VerifyHash(hash, badR));
        Assert.False(ecdsa.VerifyHash(hash, badS));
        Assert.False(Verify(key, hash, badR));
        Assert.False(Verify(key, hash, badS));
        // The unaltered signature verifies: only the replaced number was wrong.
        Assert.True(Verify(key, hash, signature));
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632550")] // n - 1
    [InlineData("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551")] // n
    [InlineData("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632552")] // n + 1
    [InlineData("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF")]
    public void Hashes_at_or_above_the_group_order_verify_as_dotnet_verifies_them(string hashHex)
    {
        using var ecdsa = NewKey();
        var key = PublicKey(ecdsa);
        var hash = Hex(hashHex);
        for (int i = 0; i < 5; i++)
        {
            var signature = ecdsa.SignHash(hash);
            Assert.True(Verify(key, hash, signature));
            var reduced = Big.ToBigEndian(Big.FromBigEndian(hash) % Big.N);
            // A hash and the same hash reduced mod n are one message to ECDSA, as .NET agrees.
            Assert.Equal(ecdsa.VerifyHash(reduced, signature), Verify(key, reduced, signature));
        }
    }

    [Fact]
    public void A_sum_point_whose_x_lies_between_n_and_p_is_matched_as_r_plus_n()
    {
        // x(R) mod n == r with x(R) = r + n: random signatures reach it with probability 2^-128,
        // so the point is chosen and the key built around it.
        var random = new Random(5);
        BigInteger x = Big.N;
        (BigInteger X, BigInteger Y)? point;
        while ((point = ReferenceCurve.PointWithX(x)) is null) x++;
        Assert.True(point.Value.X > Big.N && point.Value.X < Big.P);

        var (key, hash, signature) = ReferenceCurve.SignatureSummingTo(point.Value, random);
        Assert.True(DotnetVerifies(key, hash, signature));
        Assert.True(Verify(key, hash, signature));
        var rPlusN = signature.ToArray();
        Big.ToBigEndian(point.Value.X).CopyTo(rPlusN, 0);   // r = x(R) itself is >= n: out of range
        Assert.False(Verify(key, hash, rPlusN));
    }

    [Fact]
    public void A_signature_whose_sum_point_is_infinity_is_rejected()
    {
        // u1·G + u2·Q = O when e + r·d = 0 mod n: choose r, s, d and set e = -r·d.
        var random = new Random(9);
        for (int i = 0; i < 3; i++)
        {
            var d = Big.Random(random, Big.N - 1) + 1;
            var r = Big.Random(random, Big.N - 1) + 1;
            var s = Big.Random(random, Big.N - 1) + 1;
            var key = ReferenceCurve.Uncompressed(ReferenceCurve.Multiply(d, ReferenceCurve.G));
            var hash = Big.ToBigEndian(Big.Mod(-r * d, Big.N));
            byte[] signature = [.. Big.ToBigEndian(r), .. Big.ToBigEndian(s)];
            Assert.False(DotnetVerifies(key, hash, signature));
            Assert.False(Verify(key, hash, signature));
        }
    }

    [Theory]
    [InlineData("1")]     // Q = G: the two tables hold the same points, sums hit doubling
    [InlineData("2")]
    [InlineData("15")]
    [InlineData("16")]
    [InlineData("-1")]    // Q = -G: sums cancel to infinity mid-way
    [InlineData("-2")]
    public void Keys_that_are_small_multiples_of_G_verify_through_the_equal_and_opposite_point_cases(string multiple)
    {
        var d = Big.Mod(BigInteger.Parse(multiple), Big.N);
        using var ecdsa = ReferenceCurve.DotnetKey(d);
        var key = PublicKey(ecdsa);
        var random = new Random(13);
        for (int i = 0; i < 15; i++)
        {
            var hash = new byte[32];
            random.NextBytes(hash);
            // Hashes that make u1 and u2·d share digits: e = r·j for small j gives u1 = j·u2.
            var signature = ecdsa.SignHash(hash);
            Assert.True(Verify(key, hash, signature));
            var r = Big.FromBigEndian(signature.AsSpan(0, 32));
            var related = Big.ToBigEndian(r * (i % 5 + 1) * d % Big.N);
            var relatedSignature = ecdsa.SignHash(related);
            Assert.Equal(ecdsa.VerifyHash(related, relatedSignature), Verify(key, related, relatedSignature));
            hash[0] ^= 1;
            Assert.False(Verify(key, hash, signature));
        }
    }

    [Fact]
    public void A_raw_64_byte_key_works_like_the_65_byte_uncompressed_one()
    {
        using var ecdsa = NewKey();
        var key = PublicKey(ecdsa);
        var hash = SHA256.HashData("raw"u8);
        var signature = ecdsa.SignHash(hash);
        Assert.True(_verifier.Verify(key, 1, 64, hash, 0, signature, 0, 64));
        Assert.True(_verifier.IsValidPublicKey(key, 1, 64));
        Assert.False(_verifier.Verify(key, 1, 64, SHA256.HashData("war"u8), 0, signature, 0, 64));
    }

    [Fact]
    public void Keys_off_the_curve_or_with_coordinates_at_or_above_p_are_invalid()
    {
        using var ecdsa = NewKey();
        var key = PublicKey(ecdsa);
        Assert.True(_verifier.IsValidPublicKey(key, 0, 65));

        var offCurve = (byte[])key.Clone();
        offCurve[64] ^= 1;
        Assert.False(_verifier.IsValidPublicKey(offCurve, 0, 65));

        // A point with a small x, so x + p still fits 32 bytes and is the same x mod p.
        BigInteger x = 0;
        (BigInteger X, BigInteger Y)? point;
        while ((point = ReferenceCurve.PointWithX(x)) is null) x++;
        var small = ReferenceCurve.Uncompressed(point);
        Assert.True(_verifier.IsValidPublicKey(small, 0, 65));
        byte[] xPlusP = [0x04, .. Big.ToBigEndian(point.Value.X + Big.P), .. small[33..]];
        Assert.False(_verifier.IsValidPublicKey(xPlusP, 0, 65));

        byte[] yIsP = [.. key[..33], .. Big.ToBigEndian(Big.P)];
        Assert.False(_verifier.IsValidPublicKey(yIsP, 0, 65));
        byte[] allOnes = [0x04, .. Enumerable.Repeat((byte)0xFF, 64)];
        Assert.False(_verifier.IsValidPublicKey(allOnes, 0, 65));
        // Infinity has no affine coordinates; (0, 0) and the one-byte SEC1 encoding are refused.
        Assert.False(_verifier.IsValidPublicKey(new byte[65] { 0x04, 0 /* rest zero */, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 0, 65));
        Assert.False(_verifier.IsValidPublicKey([0x00], 0, 1));
    }

    [Fact]
    public void Compressed_keys_wrong_prefixes_and_wrong_lengths_are_refused()
    {
        using var ecdsa = NewKey();
        var key = PublicKey(ecdsa);
        var hash = SHA256.HashData("prefix"u8);
        var signature = ecdsa.SignHash(hash);
        foreach (byte prefix in new byte[] { 0x00, 0x02, 0x03, 0x05, 0x06, 0x07 })
        {
            var changed = (byte[])key.Clone();
            changed[0] = prefix;
            Assert.False(_verifier.IsValidPublicKey(changed, 0, 65));
            Assert.False(Verify(changed, hash, signature));
            Assert.False(_verifier.Verify(changed, 0, 33, hash, 0, signature, 0, 64));  // as a compressed key
        }
        foreach (int length in new[] { 0, 1, 33, 63, 66 })
        {
            var buffer = new byte[70];
            key.CopyTo(buffer, 0);
            Assert.False(_verifier.Verify(buffer, 0, length, hash, 0, signature, 0, 64), $"key length {length}");
        }
        var longSignature = new byte[66];
        signature.CopyTo(longSignature, 0);
        foreach (int length in new[] { 0, 63, 65, 66 })
        {
            Assert.False(_verifier.Verify(key, 0, 65, hash, 0, longSignature, 0, length), $"signature length {length}");
        }
        Assert.True(_verifier.Verify(key, 0, 65, hash, 0, longSignature, 0, 64));
    }

    [Fact]
    public void Bad_arguments_give_false_and_never_throw()
    {
        using var ecdsa = NewKey();
        var key = PublicKey(ecdsa);
        var hash = SHA256.HashData("arguments"u8);
        var signature = ecdsa.SignHash(hash);
        Assert.False(_verifier.Verify(null!, 0, 65, hash, 0, signature, 0, 64));
        Assert.False(_verifier.Verify(key, 0, 65, null!, 0, signature, 0, 64));
        Assert.False(_verifier.Verify(key, 0, 65, hash, 0, null!, 0, 64));
        Assert.False(_verifier.Verify(key, -1, 65, hash, 0, signature, 0, 64));
        Assert.False(_verifier.Verify(key, 1, 65, hash, 0, signature, 0, 64));
        Assert.False(_verifier.Verify(key, int.MaxValue, 65, hash, 0, signature, 0, 64));
        Assert.False(_verifier.Verify(key, 0, int.MinValue, hash, 0, signature, 0, 64));
        Assert.False(_verifier.Verify(key, 0, 65, hash, 1, signature, 0, 64));
        Assert.False(_verifier.Verify(key, 0, 65, hash, -1, signature, 0, 64));
        Assert.False(_verifier.Verify(key, 0, 65, hash, int.MinValue, signature, 0, 64));
        Assert.False(_verifier.Verify(key, 0, 65, hash, 0, signature, 1, 64));
        Assert.False(_verifier.Verify(key, 0, 65, hash, 0, signature, -1, 64));
        Assert.False(_verifier.Verify(key, 0, 65, hash, 0, signature, int.MaxValue, 64));
        Assert.False(_verifier.Verify(key, 0, 65, new byte[31], 0, signature, 0, 64));
        Assert.False(_verifier.IsValidPublicKey(null!, 0, 65));
        Assert.False(_verifier.IsValidPublicKey(key, 10, 65));
        Assert.True(_verifier.Verify(key, 0, 65, hash, 0, signature, 0, 64));
    }

    [Fact]
    public void Key_hash_and_signature_are_read_at_their_offsets_inside_larger_buffers()
    {
        using var ecdsa = NewKey();
        var hash = SHA256.HashData("offsets"u8);
        var signature = ecdsa.SignHash(hash);
        byte[] manifest = [1, 2, 3, .. PublicKey(ecdsa), 4, .. hash, 5, 6, .. signature, 7];
        Assert.True(_verifier.Verify(manifest, 3, 65, manifest, 69, manifest, 103, 64));
        Assert.False(_verifier.Verify(manifest, 3, 65, manifest, 68, manifest, 103, 64));
    }

    [Fact]
    public void A_verification_allocates_nothing_once_the_verifier_exists()
    {
        using var ecdsa = NewKey();
        var key = PublicKey(ecdsa);
        var hash = SHA256.HashData("allocation"u8);
        var signature = ecdsa.SignHash(hash);
        var bad = (byte[])signature.Clone();
        bad[5] ^= 1;
        Assert.True(Verify(key, hash, signature));
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool all = true;
        for (int i = 0; i < 20; i++)
        {
            all &= _verifier.Verify(key, 0, 65, hash, 0, signature, 0, 64);
            all &= !_verifier.Verify(key, 0, 65, hash, 0, bad, 0, 64);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(all);
        Assert.Equal(0, allocated);
    }
}
