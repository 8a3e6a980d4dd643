using System.Security.Cryptography;
using EdgeNano.Cli.Common;

namespace EdgeNano.Cli.Ota;

/// <summary>What <c>ota pack</c> is asked for.</summary>
public sealed record OtaPackOptions(string? InputFolder, string Version, string Board, string KeyFile, string OutputFile)
{
    public string MinRuntime { get; init; } = "1.0.0";

    /// <summary>Null: seconds since 2024-01-01 UTC, so each new pack is above the last.</summary>
    public int? Sequence { get; init; }

    public bool AllowDowngrade { get; init; }

    /// <summary>Files of kind config (a board.json, a settings file), after the folder's app files.</summary>
    public IReadOnlyList<string> ConfigFiles { get; init; } = [];

    /// <summary>The target's board.json, whose "mcu" says its managed heap; null: boards/BOARD/board.json.</summary>
    public string? BoardFile { get; init; }

    /// <summary>The target's managed heap in bytes, instead of the one its MCU implies.</summary>
    public long? HeapBytes { get; init; }
}

/// <summary>The package written, and the heap check's verdict for the output.</summary>
public sealed record OtaPackResult(OtaPackageContent Package, string Heap);

/// <summary>
/// Builds and signs a package: the folder's files as kind app, the config files as kind config,
/// a manifest within every limit of docs/ota-protocol.md, app files that fit the target board's
/// managed heap (both checked before anything is written), signed with the fleet key.
/// </summary>
public static class OtaPack
{
    /// <summary>The default sequence's epoch.</summary>
    public static readonly DateTime SequenceEpoch = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Seconds since 2024-01-01 UTC: grows with every pack until 2092, within the protocol's 1 to 2^31-1.</summary>
    public static int DefaultSequence(DateTime utcNow) => (int)Math.Clamp((long)(utcNow - SequenceEpoch).TotalSeconds, 1, int.MaxValue);

    /// <summary>Builds, signs and writes the package; CliException, before writing anything, for any limit broken.</summary>
    public static OtaPackResult Run(OtaPackOptions options, DateTime utcNow)
    {
        var sources = new List<(string Path, string Kind)>();
        if (options.InputFolder != null)
        {
            if (!Directory.Exists(options.InputFolder)) throw new CliException($"--in {options.InputFolder}: no such folder");
            string? sub = Directory.EnumerateDirectories(options.InputFolder).FirstOrDefault();
            if (sub != null) throw new CliException($"--in {options.InputFolder} has a folder ({Path.GetFileName(sub)}): a package's files are flat, one name each");
            sources.AddRange(Directory.EnumerateFiles(options.InputFolder).Order(StringComparer.Ordinal).Select(f => (f, OtaManifest.KindApp)));
        }
        foreach (string config in options.ConfigFiles)
        {
            if (!File.Exists(config)) throw new CliException($"--config {config}: no such file");
            sources.Add((config, OtaManifest.KindConfig));
        }
        if (sources.Count == 0) throw new CliException("nothing to pack: --in is empty and no --config was given");
        if (sources.Count > OtaManifest.MaxFiles) throw new CliException($"{sources.Count} files: a package carries at most {OtaManifest.MaxFiles}");
        foreach (var (path, _) in sources)
        {
            if (new FileInfo(path).Length > int.MaxValue) throw new CliException($"{path} is over {int.MaxValue} bytes");
        }

        // The limits first (cheap, and clearer than a failure after reading megabytes); hashes after.
        int sequence = options.Sequence ?? DefaultSequence(utcNow);
        var draft = new OtaManifest(options.Version, options.Board, sequence, options.MinRuntime, options.AllowDowngrade,
            sources.Select(s => new OtaManifestFile(Path.GetFileName(s.Path), 0, new string('0', 64), s.Kind)).ToList());
        Refuse(draft.Problems());
        string heap = CheckHeap(options, sources);

        using ECDsa key = OtaKeys.LoadPrivate(options.KeyFile);
        var files = new List<OtaFile>();
        var entries = new List<OtaManifestFile>();
        foreach (var (path, kind) in sources)
        {
            byte[] bytes = ReadFile(path);
            files.Add(new OtaFile(Path.GetFileName(path), bytes));
            entries.Add(new OtaManifestFile(Path.GetFileName(path), bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)), kind));
        }
        OtaManifest manifest = draft with { Files = entries };
        Refuse(manifest.Problems());
        byte[] json = manifest.ToJson();
        var package = new OtaPackageContent(json, OtaKeys.Sign(key, json), files);
        OtaPackageFile.Write(options.OutputFile, package);
        return new OtaPackResult(package, heap);
    }

    /// <summary>The heap verdict; CliException when the app files cannot load on the target (a config-only package needs no board lookup).</summary>
    private static string CheckHeap(OtaPackOptions options, List<(string Path, string Kind)> sources)
    {
        long[] appSizes = sources.Where(s => s.Kind == OtaManifest.KindApp).Select(s => new FileInfo(s.Path).Length).ToArray();
        if (appSizes.Length == 0) return OtaHeapBudget.ConfigurationOnly;
        return OtaHeapBudget.Check(OtaTargetBoard.Resolve(options.Board, options.BoardFile, options.HeapBytes), appSizes);
    }

    private static void Refuse(List<string> problems)
    {
        if (problems.Count > 0) throw new CliException(string.Join("; ", problems));
    }

    private static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {e.Message}");
        }
    }
}
