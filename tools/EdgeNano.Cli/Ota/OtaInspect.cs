namespace EdgeNano.Cli.Ota;

/// <summary><c>ota inspect</c>: a package's manifest, each file checked against it, and the signature checked with a public key.</summary>
public static class OtaInspect
{
    /// <summary>Writes the report; 0 when every file matches (and the signature verifies, when a key is given), 1 otherwise.</summary>
    public static int Run(string packagePath, string? keyFile, TextWriter output)
    {
        OtaPackageCheck check = OtaPackageFile.Check(packagePath);
        byte[]? key = keyFile == null ? null : OtaKeys.LoadPublic(keyFile);
        OtaManifest m = check.Manifest;
        output.WriteLine($"package        {check.PackageId}");
        output.WriteLine($"version        {m.Version}{(m.AllowDowngrade ? " (downgrade allowed)" : "")}");
        output.WriteLine($"board          {m.Board}");
        output.WriteLine($"sequence       {m.Sequence}");
        output.WriteLine($"min runtime    {m.MinRuntime}");
        output.WriteLine($"size           {m.Files.Sum(f => f.Size)} bytes in {m.Files.Count} file(s)");
        int width = Math.Max(4, m.Files.Max(f => f.Name.Length));
        foreach (OtaFileCheck file in check.Files)
        {
            OtaManifestFile e = file.Entry;
            output.WriteLine($"  {e.Name.PadRight(width)}  {e.Kind,-6}  {e.Size,10} bytes  {e.Sha256[..16]}...  {(file.Problem == null ? "ok" : "MISMATCH: " + file.Problem)}");
        }
        foreach (string problem in check.Problems.Except(check.Files.Select(f => f.Problem).OfType<string>())) output.WriteLine($"  {problem}");
        bool signed = true;
        if (key == null)
        {
            output.WriteLine("signature      not checked (give --key KEY.pub)");
        }
        else
        {
            signed = OtaKeys.Verify(key, check.ManifestBytes, check.Signature);
            output.WriteLine($"signature      {(signed ? "valid" : "INVALID")} for key {Convert.ToHexStringLower(key)[..18]}...");
        }
        bool good = signed && check.Problems.Count == 0;
        output.WriteLine(good ? "verdict        ok" : "verdict        BAD: a device would refuse this package");
        return good ? 0 : 1;
    }
}
