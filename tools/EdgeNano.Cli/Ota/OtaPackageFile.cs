using System.IO.Compression;
using System.Security.Cryptography;
using EdgeNano.Cli.Common;

namespace EdgeNano.Cli.Ota;

/// <summary>One manifest file as found in a package: its bytes (null when absent) and what is wrong with it (null when nothing).</summary>
public sealed record OtaFileCheck(OtaManifestFile Entry, byte[]? Bytes, string? Problem);

/// <summary>A package file opened and compared with its manifest: every problem found, not only the first.</summary>
public sealed record OtaPackageCheck(byte[] ManifestBytes, byte[] Signature, OtaManifest Manifest, IReadOnlyList<OtaFileCheck> Files, IReadOnlyList<string> Problems)
{
    public string PackageId => Convert.ToHexStringLower(SHA256.HashData(ManifestBytes));
}

/// <summary>
/// The .enpkg file (docs/ota-protocol.md): a zip of <c>manifest.json</c> (the signed bytes),
/// <c>manifest.sig</c> (64-byte r||s) and <c>files/&lt;name&gt;</c> for each manifest entry.
/// </summary>
public static class OtaPackageFile
{
    public const string ManifestEntry = "manifest.json";
    public const string SignatureEntry = "manifest.sig";
    public const string FilesFolder = "files/";

    /// <summary>Writes the package; a failed write leaves no file at path (it is written aside, then moved).</summary>
    public static void Write(string path, OtaPackageContent package)
    {
        string partial = path + ".partial";
        try
        {
            using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write))
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
            {
                Add(zip, ManifestEntry, package.Manifest);
                Add(zip, SignatureEntry, package.Signature);
                foreach (OtaFile file in package.Files) Add(zip, FilesFolder + file.Name, file.Bytes);
            }
            File.Move(partial, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(partial);
            throw new CliException($"cannot write {path}: {e.Message}");
        }
    }

    /// <summary>
    /// Reads a package a server can offer: refuses (CliException with the reason) a file that is
    /// not a zip, lacks manifest.json or manifest.sig, has a manifest out of the protocol's
    /// limits, or whose files differ from the manifest (missing, extra, other size or hash).
    /// The signature is not checked here: that needs the fleet's public key (<see cref="OtaKeys.Verify"/>).
    /// </summary>
    public static OtaPackageContent Read(string path)
    {
        OtaPackageCheck check = Check(path);
        if (check.Problems.Count > 0) throw new CliException($"{path}: {check.Problems[0]}");
        return new OtaPackageContent(check.ManifestBytes, check.Signature, check.Files.Select(f => new OtaFile(f.Entry.Name, f.Bytes!)).ToList());
    }

    /// <summary>
    /// Opens a package and compares its files with its manifest. Throws CliException when there
    /// is nothing to compare (not a zip, no manifest or signature, a broken manifest); file
    /// mismatches are listed in the result.
    /// </summary>
    public static OtaPackageCheck Check(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
            var problems = new List<string>();
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                if (!entries.TryAdd(entry.FullName, entry)) problems.Add($"{entry.FullName} appears twice in the zip");
            }
            byte[] manifestBytes = entries.TryGetValue(ManifestEntry, out var m)
                ? ReadEntry(m, OtaManifest.MaxBytes, ManifestEntry)
                : throw new CliException($"{path}: no {ManifestEntry}: not an EdgeNano package");
            byte[] signature = entries.TryGetValue(SignatureEntry, out var s)
                ? ReadEntry(s, OtaKeys.SignatureLength, SignatureEntry)
                : throw new CliException($"{path}: no {SignatureEntry}: the package is unsigned");
            if (signature.Length != OtaKeys.SignatureLength) throw new CliException($"{path}: {SignatureEntry} is {signature.Length} bytes, not {OtaKeys.SignatureLength}");
            OtaManifest manifest = OtaManifest.Parse(manifestBytes);

            var files = new List<OtaFileCheck>();
            foreach (OtaManifestFile file in manifest.Files)
            {
                OtaFileCheck result = CheckFile(entries, file);
                files.Add(result);
                if (result.Problem != null) problems.Add(result.Problem);
            }
            var listed = manifest.Files.Select(f => FilesFolder + f.Name).ToHashSet(StringComparer.Ordinal);
            foreach (string name in entries.Keys)
            {
                if (name is not (ManifestEntry or SignatureEntry) && !listed.Contains(name)) problems.Add($"{name} is in the zip but not in the manifest");
            }
            return new OtaPackageCheck(manifestBytes, signature, manifest, files, problems);
        }
        catch (InvalidDataException e)
        {
            throw new CliException($"{path} is not a package (zip): {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {e.Message}");
        }
    }

    private static OtaFileCheck CheckFile(Dictionary<string, ZipArchiveEntry> entries, OtaManifestFile file)
    {
        if (!entries.TryGetValue(FilesFolder + file.Name, out ZipArchiveEntry? entry))
            return new OtaFileCheck(file, null, $"{file.Name}: missing from the package");
        // Read at most one byte past the manifest's size: a longer file is wrong whatever the zip claims.
        byte[] bytes = ReadEntry(entry, file.Size + 1, null);
        if (bytes.Length != file.Size)
            return new OtaFileCheck(file, bytes, $"{file.Name}: {(bytes.Length > file.Size ? "longer" : $"{bytes.Length} bytes")}, the manifest says {file.Size}");
        string hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(hash, file.Sha256, StringComparison.OrdinalIgnoreCase))
            return new OtaFileCheck(file, bytes, $"{file.Name}: SHA-256 {hash} differs from the manifest's {file.Sha256.ToLowerInvariant()}");
        return new OtaFileCheck(file, bytes, null);
    }

    /// <summary>An entry's bytes, at most limit of them (a zip's declared sizes are not trusted); named entries over it are refused.</summary>
    private static byte[] ReadEntry(ZipArchiveEntry entry, long limit, string? name)
    {
        using Stream stream = entry.Open();
        var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while (buffer.Length <= limit && (read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, limit + 1 - buffer.Length))) > 0) buffer.Write(chunk, 0, read);
        if (name != null && buffer.Length > limit) throw new CliException($"{name} is over {limit} bytes");
        return buffer.ToArray();
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        ZipArchiveEntry entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        using Stream stream = entry.Open();
        stream.Write(bytes);
    }
}
