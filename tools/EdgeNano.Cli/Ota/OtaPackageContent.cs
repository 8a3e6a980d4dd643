using System.Security.Cryptography;
using System.Text.Json;

namespace EdgeNano.Cli.Ota;

/// <summary>One file of a package, by its manifest name.</summary>
public sealed record OtaFile(string Name, byte[] Bytes);

/// <summary>
/// A signed package as the update server holds it (docs/ota-protocol.md): the exact manifest
/// bytes that were signed, the 64-byte P-256 signature over their SHA-256, and the files in the
/// manifest's order (a block request names a file by its index in that order). The id, version
/// and size are read from the manifest and files each time, so a copy made with `with` stays
/// consistent.
/// </summary>
public sealed record OtaPackageContent(byte[] Manifest, byte[] Signature, IReadOnlyList<OtaFile> Files)
{
    /// <summary>The package id: lower-case hex SHA-256 of the manifest bytes.</summary>
    public string PackageId => Convert.ToHexStringLower(SHA256.HashData(Manifest));

    /// <summary>The manifest's "version" ("" when it has none: the device refuses such a manifest anyway).</summary>
    public string Version => ReadVersion(Manifest);

    /// <summary>All files' bytes together (the announcement's "size").</summary>
    public long Size => Files.Sum(f => (long)f.Bytes.Length);

    /// <summary>The first 8 bytes of the package id, which every result frame carries.</summary>
    internal byte[] Tag => SHA256.HashData(Manifest)[..8];

    private static string ReadVersion(byte[] manifest)
    {
        // A test may offer a malformed manifest on purpose, so reading it never throws.
        try
        {
            using var document = JsonDocument.Parse(manifest);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("version", out var version)
                && version.ValueKind == JsonValueKind.String ? version.GetString()! : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
