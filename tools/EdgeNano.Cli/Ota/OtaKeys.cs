using System.Security.Cryptography;
using EdgeNano.Cli.Common;

namespace EdgeNano.Cli.Ota;

/// <summary>
/// The fleet owner's signing keys: ECDSA P-256 with .NET's cryptography. The private key is a
/// PKCS#8 PEM file readable by its owner only; the public key is the 130-hex-digit uncompressed
/// point 04||X||Y, exactly what a device's settings.json <c>otaKeys</c> takes.
/// </summary>
public static class OtaKeys
{
    /// <summary>Bytes of an uncompressed P-256 public key: 0x04, X, Y.</summary>
    public const int PublicKeyLength = 65;

    /// <summary>Bytes of a P1363 signature: r, s.</summary>
    public const int SignatureLength = 64;

    private const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>Makes a new key pair: KEY (private, mode 0600) and KEY.pub (public hex); the public key in hex.</summary>
    public static string Generate(string path, bool force)
    {
        string pubPath = path + ".pub";
        if (!force && (File.Exists(path) || File.Exists(pubPath)))
            throw new CliException($"{(File.Exists(path) ? path : pubPath)} exists; a key is not overwritten without --force (devices trusting it would refuse every new package)");
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string hex = PublicKeyHex(key);
        try
        {
            WritePrivate(path, key.ExportPkcs8PrivateKeyPem(), force);
            File.WriteAllText(pubPath, hex + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write the key: {e.Message}");
        }
        return hex;
    }

    /// <summary>The private key of a PEM file (PKCS#8 or SEC1), checked to be P-256.</summary>
    public static ECDsa LoadPrivate(string path)
    {
        string pem = ReadText(path);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (!IsP256(key) || key.ExportParameters(true).D == null) throw new CliException($"{path} is not a P-256 private key");
            return key;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new CliException($"{path} holds no P-256 private key in PEM: {e.Message}");
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A public key from a file: the 130 hex digits <c>ota keygen</c> writes to KEY.pub, or a PEM
    /// file (a private key's public half, or a SubjectPublicKeyInfo), so inspect takes either.
    /// </summary>
    public static byte[] LoadPublic(string path)
    {
        string text = ReadText(path).Trim();
        if (!text.StartsWith("-----", StringComparison.Ordinal))
        {
            byte[]? point = ParsePublicHex(text);
            return point ?? throw new CliException($"{path}: not {PublicKeyLength * 2} hex digits of an uncompressed P-256 key (04...), nor a PEM key");
        }
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(text);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw new CliException($"{path} holds no P-256 key in PEM: {e.Message}");
        }
        if (!IsP256(key)) throw new CliException($"{path} is not a P-256 key");
        return Convert.FromHexString(PublicKeyHex(key));
    }

    /// <summary>04||X||Y in lower-case hex.</summary>
    public static string PublicKeyHex(ECDsa key)
    {
        ECParameters p = key.ExportParameters(false);
        return "04" + Convert.ToHexStringLower(p.Q.X!) + Convert.ToHexStringLower(p.Q.Y!);
    }

    /// <summary>The uncompressed point from 130 hex digits, or null when the text is not one on the curve.</summary>
    public static byte[]? ParsePublicHex(string text)
    {
        if (text.Length != PublicKeyLength * 2 || !text.All(Uri.IsHexDigit)) return null;
        byte[] point = Convert.FromHexString(text);
        if (point[0] != 0x04) return null;
        try
        {
            using ECDsa key = FromPoint(point); // .NET checks the point is on the curve
            return point;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The 64-byte r||s (IEEE P1363) signature over SHA-256 of data.</summary>
    public static byte[] Sign(ECDsa key, byte[] data) =>
        key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>True when signature is a valid r||s signature of data by the key 04||X||Y.</summary>
    public static bool Verify(byte[] publicKey, byte[] data, byte[] signature)
    {
        if (signature.Length != SignatureLength) return false;
        using ECDsa key = FromPoint(publicKey);
        return key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private static ECDsa FromPoint(byte[] point) => ECDsa.Create(new ECParameters
    {
        Curve = ECCurve.NamedCurves.nistP256,
        Q = new ECPoint { X = point[1..33], Y = point[33..65] },
    });

    private static bool IsP256(ECDsa key)
    {
        ECParameters p = key.ExportParameters(false);
        return p.Curve.Oid?.Value == P256Oid || p.Curve.Oid?.FriendlyName is "nistP256" or "ECDSA_P256";
    }

    /// <summary>The private key, created readable and writable by its owner only (0600) on Unix.</summary>
    private static void WritePrivate(string path, string pem, bool replace)
    {
        // A replaced key file is deleted, not truncated: the old file's wider mode must not hold the new key even briefly.
        if (replace) File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
        writer.Write(pem + "\n");
    }

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read the key {path}: {e.Message}");
        }
    }
}
