using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeNano.Cli.Common;
using EdgeNano.Cli.Ota;
using EdgeNano.Updates;
using EdgeNano.Updates.Crypto;

namespace EdgeNano.Tests.Cli;

/// <summary>`edgenano ota keygen | pack | inspect` and the package reader, on real files.</summary>
public class OtaPackageTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Key => _dir.File("fleet.key");
    private string Package => _dir.File("app.enpkg");

    /// <summary>A key, and a folder of two app files with random bytes (one over several blocks) and a board.json.</summary>
    private (string App, string Config) Sources()
    {
        if (!File.Exists(Key)) Assert.Equal(0, HubRig.Run("ota", "keygen", "--out", Key).ExitCode);
        string app = Path.Combine(_dir.Path, "app");
        Directory.CreateDirectory(app);
        File.WriteAllBytes(Path.Combine(app, "EdgeNano.App.pe"), RandomNumberGenerator.GetBytes(10_000 + Random.Shared.Next(5000)));
        File.WriteAllBytes(Path.Combine(app, "EdgeNano.Lib.pe"), RandomNumberGenerator.GetBytes(Random.Shared.Next(1, 3000)));
        string config = _dir.File("board.json");
        File.WriteAllText(config, """{"board":"simulator","devices":[]}""");
        return (app, config);
    }

    private CliRunResult Pack(params string[] extra)
    {
        var (app, config) = Sources();
        return HubRig.Run(["ota", "pack", "--in", app, "--config", config, "--version", "1.4.0", "--board", "simulator", "--key", Key, "--out", Package, .. extra]);
    }

    [Fact]
    public void Keygen_writes_an_owner_only_private_key_and_the_public_key_devices_take_in_otaKeys()
    {
        CliRunResult run = HubRig.Run("ota", "keygen", "--out", Key);

        Assert.True(run.ExitCode == 0, run.Error);
        string hex = File.ReadAllText(Key + ".pub").Trim();
        Assert.Matches("^04[0-9a-f]{128}$", hex);
        Assert.Contains($"\"otaKeys\": [\"{hex}\"]", run.Output);
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Key));
        Assert.Contains("BEGIN PRIVATE KEY", File.ReadAllText(Key)); // PKCS#8
        Assert.Equal(hex, OtaKeys.PublicKeyHex(key));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Key));
    }

    [Fact]
    public void Pack_says_whether_the_manifest_fits_a_devices_default_payload_arrays()
    {
        // A device reads the manifest result (84 bytes more) from one payload array: 1,536 bytes by default.
        Assert.Equal("1452 bytes, fits a device's default maxPayload (1536)", OtaManifest.DeviceFit(1452));
        Assert.Equal("1453 bytes, over the 1452 a device takes at its default maxPayload (1536): set maxPayload to at least 1537 " +
            "on the devices, or the update fails with too-large", OtaManifest.DeviceFit(1453));

        Assert.Equal(0, HubRig.Run("ota", "keygen", "--out", Key).ExitCode);
        CliRunResult run = Pack();
        Assert.True(run.ExitCode == 0, run.Error);
        int manifest = OtaPackageFile.Read(Package).Manifest.Length;
        Assert.Contains($"manifest: {manifest} bytes, fits a device's default maxPayload (1536)", run.Output);
    }

    [Fact]
    public void Keygen_keeps_an_existing_key_unless_forced()
    {
        Assert.Equal(0, HubRig.Run("ota", "keygen", "--out", Key).ExitCode);
        string before = File.ReadAllText(Key);

        CliRunResult again = HubRig.Run("ota", "keygen", "--out", Key);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("--force", again.Error);
        Assert.Equal(before, File.ReadAllText(Key));

        bool unix = !OperatingSystem.IsWindows();
        if (unix) File.SetUnixFileMode(Key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Assert.Equal(0, HubRig.Run("ota", "keygen", "--out", Key, "--force").ExitCode);
        Assert.NotEqual(before, File.ReadAllText(Key));
        if (unix) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Key));
    }

    [Fact]
    public void A_packed_package_reads_back_signed_with_every_file_and_inspects_clean()
    {
        CliRunResult pack = Pack("--sequence", "424242", "--min-runtime", "1.2.0");
        Assert.True(pack.ExitCode == 0, pack.Error);

        OtaPackageContent package = OtaPackageFile.Read(Package);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(package.Manifest)), package.PackageId);
        Assert.Contains("package " + package.PackageId, pack.Output);
        Assert.Equal(["EdgeNano.App.pe", "EdgeNano.Lib.pe", "board.json"], package.Files.Select(f => f.Name));
        string app = Path.Combine(_dir.Path, "app");
        Assert.Equal(File.ReadAllBytes(Path.Combine(app, "EdgeNano.Lib.pe")), package.Files[1].Bytes);
        Assert.Equal(package.Files.Sum(f => (long)f.Bytes.Length), package.Size);

        // The signature is what a device checks: r||s over SHA-256 of the manifest bytes, by the key's public half.
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Key));
        Assert.Equal(64, package.Signature.Length);
        Assert.True(key.VerifyData(package.Manifest, package.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

        JsonElement m = JsonDocument.Parse(package.Manifest).RootElement;
        Assert.Equal(["format", "version", "board", "sequence", "minRuntime", "allowDowngrade", "files"], m.EnumerateObject().Select(p => p.Name));
        Assert.Equal(424242, m.GetProperty("sequence").GetInt32());
        Assert.Equal("1.2.0", m.GetProperty("minRuntime").GetString());
        JsonElement config = m.GetProperty("files")[2];
        Assert.Equal("config", config.GetProperty("kind").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(package.Files[2].Bytes)), config.GetProperty("sha256").GetString());

        CliRunResult inspect = HubRig.Run("ota", "inspect", Package, "--key", Key + ".pub");
        Assert.True(inspect.ExitCode == 0, inspect.Output + inspect.Error);
        Assert.Contains("signature      valid", inspect.Output);
        Assert.Equal(3, inspect.Output.Split('\n').Count(l => l.Contains(" bytes  ") && l.TrimEnd().EndsWith("...  ok")));
        Assert.Contains("verdict        ok", inspect.Output);
    }

    [Fact]
    public void A_packed_manifest_passes_the_devices_own_parser_and_signature_check()
    {
        Assert.Equal(0, Pack("--allow-downgrade").ExitCode);
        OtaPackageContent package = OtaPackageFile.Read(Package);
        byte[] publicKey = Convert.FromHexString(File.ReadAllText(Key + ".pub").Trim());

        var manifest = new UpdateManifest();
        string? refusal = new ManifestParser().Parse(package.Manifest, 0, package.Manifest.Length, manifest);
        Assert.Null(refusal);
        Assert.Equal("1.4.0", manifest.Version);
        Assert.Equal("simulator", manifest.Board);
        Assert.True(manifest.AllowDowngrade);
        Assert.Equal(package.Files.Select(f => f.Name), manifest.FileNames.Take(manifest.FileCount));
        Assert.Equal(package.Files.Select(f => f.Bytes.Length), manifest.FileSizes.Take(manifest.FileCount));
        Assert.Equal([UpdateManifest.KindApp, UpdateManifest.KindApp, UpdateManifest.KindConfig], manifest.FileKinds.Take(manifest.FileCount));

        byte[] hash = new byte[32];
        Sha256.Hash(package.Manifest, 0, package.Manifest.Length, hash, 0);
        var verifier = new EcdsaP256Verifier();
        Assert.True(verifier.Verify(publicKey, 0, publicKey.Length, hash, 0, package.Signature, 0, package.Signature.Length));
        hash[0] ^= 1;
        Assert.False(verifier.Verify(publicKey, 0, publicKey.Length, hash, 0, package.Signature, 0, package.Signature.Length));
    }

    [Fact]
    public void Without_a_sequence_each_pack_gets_a_higher_one_from_the_clock()
    {
        int before = OtaPack.DefaultSequence(DateTime.UtcNow);
        Assert.Equal(0, Pack().ExitCode);
        int sequence = OtaManifest.Parse(OtaPackageFile.Read(Package).Manifest).Sequence;
        Assert.InRange(sequence, before, OtaPack.DefaultSequence(DateTime.UtcNow));
        Assert.True(OtaPack.DefaultSequence(DateTime.UtcNow.AddSeconds(2)) > sequence);
    }

    [Fact]
    public void Inspect_finds_a_file_changed_after_signing_and_exits_1()
    {
        Assert.Equal(0, Pack().ExitCode);
        Rewrite(Package, "files/EdgeNano.Lib.pe", bytes => { bytes[bytes.Length / 2] ^= 0x01; return bytes; });

        CliRunResult inspect = HubRig.Run("ota", "inspect", Package, "--key", Key + ".pub");

        Assert.Equal(1, inspect.ExitCode);
        Assert.Contains("EdgeNano.Lib.pe", inspect.Output.Split('\n').Single(l => l.Contains("MISMATCH")));
        Assert.Contains("signature      valid", inspect.Output); // the manifest itself is intact
        var refusal = Assert.Throws<CliException>(() => OtaPackageFile.Read(Package));
        Assert.Contains("EdgeNano.Lib.pe: SHA-256", refusal.Message);
    }

    [Fact]
    public void Inspect_refuses_a_changed_manifest_and_a_signature_by_another_key()
    {
        Assert.Equal(0, Pack().ExitCode);
        string other = _dir.File("other.key");
        Assert.Equal(0, HubRig.Run("ota", "keygen", "--out", other).ExitCode);

        CliRunResult wrongKey = HubRig.Run("ota", "inspect", Package, "--key", other + ".pub");
        Assert.Equal(1, wrongKey.ExitCode);
        Assert.Contains("signature      INVALID", wrongKey.Output);

        // A downgrade flag slipped into the signed manifest: same files, same length class, no longer what was signed.
        Rewrite(Package, "manifest.json", bytes => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("\"allowDowngrade\":false", "\"allowDowngrade\":true")));
        CliRunResult changed = HubRig.Run("ota", "inspect", Package, "--key", Key + ".pub");
        Assert.Equal(1, changed.ExitCode);
        Assert.Contains("downgrade allowed", changed.Output);
        Assert.Contains("signature      INVALID", changed.Output);
    }

    [Theory]
    [InlineData("--version", "1.02.0", "version '1.02.0'")]
    [InlineData("--version", "1.4", "version '1.4'")]
    [InlineData("--version", "1.4.65536", "version '1.4.65536'")]
    [InlineData("--min-runtime", "one", "minimum runtime 'one'")]
    [InlineData("--board", "sim\"ulator", "board 'sim\"ulator'")]
    [InlineData("--sequence", "0", "sequence 0")]
    public void Pack_refuses_a_manifest_a_device_would_refuse_and_writes_nothing(string option, string value, string reason)
    {
        var (app, config) = Sources();
        var args = new List<string> { "ota", "pack", "--in", app, "--config", config, "--version", "1.4.0", "--board", "simulator", "--key", Key, "--out", Package };
        int at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value;
        else args.AddRange([option, value]);

        CliRunResult run = HubRig.Run([.. args]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(reason, run.Error);
        Assert.StartsWith("edgenano ota pack: ", run.Error);
        Assert.False(File.Exists(Package));
    }

    [Fact]
    public void Pack_refuses_bad_file_names_too_many_files_folders_and_twice_the_same_name()
    {
        var (app, config) = Sources();
        string Refusal(params string[] extra)
        {
            CliRunResult run = HubRig.Run(["ota", "pack", "--version", "1.4.0", "--board", "simulator", "--key", Key, "--out", Package, .. extra]);
            Assert.Equal(1, run.ExitCode);
            Assert.False(File.Exists(Package));
            return run.Error;
        }

        string twice = _dir.File("EdgeNano.App.pe");
        File.WriteAllText(twice, "x");
        Assert.Contains("'EdgeNano.App.pe' appears twice", Refusal("--in", app, "--config", twice));

        string spaced = _dir.File("my board.json");
        File.WriteAllText(spaced, "{}");
        Assert.Contains("file name 'my board.json'", Refusal("--config", spaced));

        string longName = _dir.File(new string('a', 33));
        File.WriteAllText(longName, "{}");
        Assert.Contains("1-32 characters", Refusal("--config", longName));

        for (int i = 0; i < 7; i++) File.WriteAllBytes(Path.Combine(app, $"extra{i}.pe"), [1]);
        Assert.Contains("at most 8", Refusal("--in", app, "--config", config));

        Directory.CreateDirectory(Path.Combine(app, "sub"));
        Assert.Contains("has a folder (sub)", Refusal("--in", app));

        Assert.Contains("nothing to pack", Refusal());
        Assert.Contains("no such folder", Refusal("--in", _dir.File("missing")));
    }

    [Fact]
    public void Pack_refuses_a_key_that_is_not_a_P256_private_key()
    {
        var (app, _) = Sources();
        using (var rsa = RSA.Create(2048)) File.WriteAllText(_dir.File("rsa.key"), rsa.ExportPkcs8PrivateKeyPem());
        using (var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384)) File.WriteAllText(_dir.File("p384.key"), p384.ExportPkcs8PrivateKeyPem());

        foreach (string key in new[] { "rsa.key", "p384.key", "fleet.key.pub" })
        {
            CliRunResult run = HubRig.Run("ota", "pack", "--in", app, "--version", "1.4.0", "--board", "simulator", "--key", _dir.File(key), "--out", Package);
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("P-256 private key", run.Error);
            Assert.False(File.Exists(Package));
        }
    }

    [Fact]
    public void The_reader_refuses_packages_that_are_unsigned_incomplete_padded_or_not_zips()
    {
        Assert.Equal(0, Pack().ExitCode);
        string Refusal(Action<ZipArchive> change)
        {
            string copy = _dir.File(Guid.NewGuid().ToString("N") + ".enpkg");
            File.Copy(Package, copy);
            using (var zip = ZipFile.Open(copy, ZipArchiveMode.Update)) change(zip);
            return Assert.Throws<CliException>(() => OtaPackageFile.Read(copy)).Message;
        }

        Assert.Contains("no manifest.json", Refusal(zip => zip.GetEntry("manifest.json")!.Delete()));
        Assert.Contains("no manifest.sig: the package is unsigned", Refusal(zip => zip.GetEntry("manifest.sig")!.Delete()));
        Assert.Contains("EdgeNano.App.pe: missing", Refusal(zip => zip.GetEntry("files/EdgeNano.App.pe")!.Delete()));
        Assert.Contains("files/extra.pe is in the zip but not in the manifest", Refusal(zip =>
        {
            using var stream = zip.CreateEntry("files/extra.pe").Open();
            stream.WriteByte(1);
        }));
        Assert.Contains("board.json: longer", Refusal(zip =>
        {
            zip.GetEntry("files/board.json")!.Delete();
            using var stream = zip.CreateEntry("files/board.json").Open();
            stream.Write(Encoding.UTF8.GetBytes("""{"board":"simulator","devices":[]} """));
        }));
        Assert.Contains("manifest.sig is over 64 bytes", Refusal(zip =>
        {
            zip.GetEntry("manifest.sig")!.Delete();
            using var stream = zip.CreateEntry("manifest.sig").Open();
            stream.Write(new byte[65]);
        }));

        File.WriteAllText(_dir.File("notes.enpkg"), "not a zip");
        Assert.Contains("is not a package (zip)", Assert.Throws<CliException>(() => OtaPackageFile.Read(_dir.File("notes.enpkg"))).Message);
    }

    /// <summary>Replaces one zip entry's bytes.</summary>
    private static void Rewrite(string path, string entryName, Func<byte[], byte[]> change)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        ZipArchiveEntry entry = zip.GetEntry(entryName)!;
        byte[] bytes;
        using (var stream = entry.Open())
        using (var copy = new MemoryStream())
        {
            stream.CopyTo(copy);
            bytes = copy.ToArray();
        }
        entry.Delete();
        using var write = zip.CreateEntry(entryName).Open();
        write.Write(change(bytes));
    }
}
