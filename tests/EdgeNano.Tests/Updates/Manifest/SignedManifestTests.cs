using System.Security.Cryptography;
using System.Text.Json;
using EdgeNano.Updates;
using EdgeNano.Updates.Crypto;

namespace EdgeNano.Tests.Updates.Manifest;

/// <summary>
/// A manifest made the way `edgenano ota pack` makes one on a PC (System.Text.Json, ECDSA P-256
/// over SHA-256 with .NET's built-in cryptography) goes through the device code unchanged:
/// the device's own SHA-256 and ECDSA verifier, the parser and the install rules.
/// </summary>
public class SignedManifestTests
{
    private static readonly (string Name, byte[] Content, string Kind)[] Files =
    [
        ("EdgeNano.App.pe", RandomBytes(48213, 1), "app"),
        ("board.json", RandomBytes(812, 2), "config"),
    ];

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    // The documented format, written field by field as a packer would.
    private static byte[] PackManifest(string version, int sequence)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("format", 1);
            json.WriteString("version", version);
            json.WriteString("board", "simulator");
            json.WriteNumber("sequence", sequence);
            json.WriteString("minRuntime", FirmwareInfo.RuntimeVersion);
            json.WriteBoolean("allowDowngrade", false);
            json.WriteStartArray("files");
            foreach (var (name, content, kind) in Files)
            {
                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteNumber("size", content.Length);
                json.WriteString("sha256", Convert.ToHexStringLower(SHA256.HashData(content)));
                json.WriteString("kind", kind);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    // The trusted key as a device's configuration holds it: 0x04 || X || Y.
    private static byte[] PublicKey(ECDsa key)
    {
        ECParameters parameters = key.ExportParameters(false);
        return [0x04, .. parameters.Q.X!, .. parameters.Q.Y!];
    }

    // What the device does: SHA-256 of the manifest bytes, then its own ECDSA P-256 verifier.
    private static bool DeviceVerifies(byte[] publicKey, byte[] manifest, byte[] signature)
    {
        byte[] hash = new byte[32];
        Sha256.Hash(manifest, 0, manifest.Length, hash, 0);
        return new EcdsaP256Verifier().Verify(publicKey, 0, publicKey.Length, hash, 0, signature, 0, signature.Length);
    }

    // The same question put to .NET, so the two are seen to agree.
    private static bool DotnetVerifies(byte[] publicKey, byte[] manifest, byte[] signature)
    {
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = publicKey[1..33], Y = publicKey[33..65] },
        });
        return key.VerifyData(manifest, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    [Fact]
    public void A_manifest_packed_and_signed_by_dotnet_verifies_parses_and_may_be_installed()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] manifestJson = PackManifest("1.4.0", 91234567);
        byte[] signature = signer.SignData(manifestJson, HashAlgorithmName.SHA256);
        Assert.Equal(64, signature.Length);
        Assert.True(DeviceVerifies(PublicKey(signer), manifestJson, signature));
        Assert.True(DotnetVerifies(PublicKey(signer), manifestJson, signature));

        var manifest = new UpdateManifest();
        Assert.Null(new ManifestParser().Parse(manifestJson, 0, manifestJson.Length, manifest));
        Assert.Null(ManifestRules.Check(manifest, "simulator", FirmwareInfo.FactoryVersion, FirmwareInfo.RuntimeVersion,
            lastSequence: 0, slotCapacity: 256 * 1024));

        // What the device will compare each staged file with after the download.
        byte[] digest = new byte[32];
        Assert.Equal(Files.Length, manifest.FileCount);
        for (int i = 0; i < Files.Length; i++)
        {
            Assert.Equal(Files[i].Name, manifest.FileNames[i]);
            Assert.Equal(Files[i].Content.Length, manifest.FileSizes[i]);
            Sha256.Hash(Files[i].Content, 0, Files[i].Content.Length, digest, 0);
            Assert.Equal(digest, manifest.FileHashes.AsSpan(i * 32, 32).ToArray());
        }
        Assert.Equal(Files.Sum(f => (long)f.Content.Length), manifest.TotalSize);
    }

    [Fact]
    public void The_package_id_the_device_computes_is_the_one_the_packer_announces()
    {
        byte[] manifestJson = PackManifest("2.0.1", 5);
        byte[] digest = new byte[32];
        Sha256.Hash(manifestJson, 0, manifestJson.Length, digest, 0);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(manifestJson)), Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void A_signed_manifest_with_one_byte_changed_no_longer_verifies_though_it_still_parses()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] manifestJson = PackManifest("1.4.0", 100);
        byte[] signature = signer.SignData(manifestJson, HashAlgorithmName.SHA256);

        // "1.4.0" → "1.9.0": still a valid manifest, so only the signature stands in the way.
        byte[] tampered = (byte[])manifestJson.Clone();
        int at = System.Text.Encoding.ASCII.GetString(tampered).IndexOf("1.4.0", StringComparison.Ordinal) + 2;
        tampered[at] = (byte)'9';

        Assert.Null(new ManifestParser().Parse(tampered, 0, tampered.Length, new UpdateManifest()));
        Assert.False(DeviceVerifies(PublicKey(signer), tampered, signature));
        Assert.False(DotnetVerifies(PublicKey(signer), tampered, signature));
        using var otherSigner = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.False(DeviceVerifies(PublicKey(otherSigner), manifestJson, signature));
    }

    [Fact]
    public void A_replayed_signed_manifest_is_refused_after_its_sequence_was_accepted()
    {
        byte[] manifestJson = PackManifest("1.4.0", 91234567);
        var manifest = new UpdateManifest();
        Assert.Null(new ManifestParser().Parse(manifestJson, 0, manifestJson.Length, manifest));

        Assert.Equal("replayed: sequence 91234567 is not above the last accepted 91234567",
            ManifestRules.Check(manifest, "simulator", FirmwareInfo.FactoryVersion, FirmwareInfo.RuntimeVersion, 91234567, 256 * 1024));
    }
}
