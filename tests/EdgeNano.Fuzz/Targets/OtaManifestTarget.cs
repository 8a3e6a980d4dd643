using EdgeNano.Updates;

namespace EdgeNano.Fuzz.Targets;

/// <summary>
/// An update package's manifest.json: ManifestParser.Parse, then ManifestRules.Check on whatever it
/// accepts. A refusal must be a bad-manifest error with the manifest cleared; an accepted manifest
/// must hold what the rules and the download rely on (1–8 files, names that are plain file names,
/// sizes ≥ 0, a readable version) — the manifest reaches the device from the network.
/// </summary>
public sealed class OtaManifestTarget : FuzzTarget
{
    private readonly ManifestParser _parser = new();
    private readonly UpdateManifest _manifest = new();

    public override string Name => "ota-manifest";
    public override string Description => "Updates ManifestParser.Parse + ManifestRules.Check; accepted manifests must be sane";
    public override IReadOnlyList<string> Tokens =>
    [
        .. JsonTokens.Syntax, "\"format\"", "\"version\"", "\"board\"", "\"sequence\"", "\"minRuntime\"",
        "\"allowDowngrade\"", "\"files\"", "\"name\"", "\"size\"", "\"sha256\"", "\"kind\"", "\"app\"", "\"config\"",
        "\"1.0.0\"", "\"65535.65535.65535\"", "\"01.0.0\"", "2147483647", "2147483648", "\"..\"", "\".\"",
    ];

    public override void Run(ReadOnlySpan<byte> input)
    {
        byte[] json = input.ToArray();
        string? error = _parser.Parse(json, 0, json.Length, _manifest);
        if (error != null)
        {
            Check(error.StartsWith(OtaError.BadManifest + ": ", StringComparison.Ordinal), "a refusal that is not bad-manifest: " + error);
            Check(_manifest.FileCount == 0 && _manifest.Version == null, "a refused manifest left fields behind");
            return;
        }
        Check(_manifest.FileCount is >= 1 and <= UpdateManifest.MaxFiles, "accepted with a file count out of range");
        Check(FirmwareVersion.Parse(_manifest.Version) >= 0 && FirmwareVersion.Parse(_manifest.MinRuntime) >= 0, "accepted an unreadable version");
        Check(_manifest.Sequence >= 1, "accepted a sequence below 1");
        for (int i = 0; i < _manifest.FileCount; i++)
        {
            string name = _manifest.FileNames[i];
            Check(name is { Length: >= 1 and <= UpdateManifest.MaxNameLength } && name != "." && name != ".."
                  && name.IndexOfAny(['/', '\\', ':']) < 0, "accepted a file name that is not a plain name: " + name);
            Check(_manifest.FileSizes[i] >= 0, "accepted a negative size");
            Check(_manifest.FileKinds[i] is UpdateManifest.KindApp or UpdateManifest.KindConfig, "accepted an unknown kind");
        }
        string? refusal = ManifestRules.Check(_manifest, "simulator", "1.0.0", FirmwareInfo.RuntimeVersion, 0, 1 << 20);
        Check(refusal == null || refusal.IndexOf(": ", StringComparison.Ordinal) > 0, "a rule refusal without code and detail");
    }
}
