using System.Text.Json;
using EdgeNano.Cli.Common;
using EdgeNano.Composition;
using EdgeNano.Updates;

namespace EdgeNano.Cli.Ota;

/// <summary>One file entry of a manifest: name, size in bytes, lower-case hex SHA-256, kind (app or config).</summary>
public sealed record OtaManifestFile(string Name, long Size, string Sha256, string Kind);

/// <summary>
/// A package manifest as docs/ota-protocol.md defines it, on the host: written by
/// <c>ota pack</c> (the exact bytes that are signed) and read back by <c>ota inspect</c> and
/// <see cref="OtaPackageFile"/>. Checks the same limits a device checks, so a package the tool
/// writes is never refused for its form.
/// </summary>
public sealed record OtaManifest(string Version, string Board, int Sequence, string MinRuntime, bool AllowDowngrade, IReadOnlyList<OtaManifestFile> Files)
{
    public const int Format = 1;
    public const int MaxFiles = 8;
    public const int MaxNameLength = 32;
    public const int MaxBytes = 2048;
    /// <summary>A device's manifest result travels in one payload array: maxPayload as the device's defaults set it.</summary>
    public static readonly int DeviceDefaultMaxPayload = new DeviceSettings().Runtime.PayloadCapacity;
    /// <summary>What a manifest result carries besides the manifest: the frame's header and the signature.</summary>
    public const int ResultFrameOverhead = ResultFrame.HeaderSize + ResultFrame.SignatureLength;

    /// <summary>What `ota pack` says about a manifest's size against the devices' payload arrays (docs/ota-protocol.md).</summary>
    public static string DeviceFit(int manifestBytes)
    {
        int needed = manifestBytes + ResultFrameOverhead;
        return needed <= DeviceDefaultMaxPayload
            ? $"{manifestBytes} bytes, fits a device's default maxPayload ({DeviceDefaultMaxPayload})"
            : $"{manifestBytes} bytes, over the {DeviceDefaultMaxPayload - ResultFrameOverhead} a device takes at its default maxPayload ({DeviceDefaultMaxPayload}): " +
              $"set maxPayload to at least {needed} on the devices, or the update fails with too-large";
    }
    public const string KindApp = "app";
    public const string KindConfig = "config";

    /// <summary>The manifest JSON, compact, in the field order of the protocol document.</summary>
    public byte[] ToJson()
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("format", Format);
            w.WriteString("version", Version);
            w.WriteString("board", Board);
            w.WriteNumber("sequence", Sequence);
            w.WriteString("minRuntime", MinRuntime);
            w.WriteBoolean("allowDowngrade", AllowDowngrade);
            w.WriteStartArray("files");
            foreach (OtaManifestFile file in Files)
            {
                w.WriteStartObject();
                w.WriteString("name", file.Name);
                w.WriteNumber("size", file.Size);
                w.WriteString("sha256", file.Sha256);
                w.WriteString("kind", file.Kind);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Every way this manifest breaks the protocol's limits, as lines for a person; empty when none.</summary>
    public List<string> Problems()
    {
        var problems = new List<string>();
        if (!IsVersion(Version)) problems.Add($"version '{Version}' is not major.minor.patch (each 0-65535, no leading zeros)");
        if (!IsVersion(MinRuntime)) problems.Add($"minimum runtime '{MinRuntime}' is not major.minor.patch (each 0-65535, no leading zeros)");
        if (!IsBoard(Board)) problems.Add($"board '{Board}' must be 1-64 printable ASCII characters without quotes or backslashes");
        if (Sequence < 1) problems.Add($"sequence {Sequence} must be 1 to {int.MaxValue}");
        if (Files.Count is < 1 or > MaxFiles) problems.Add($"a package carries 1 to {MaxFiles} files, not {Files.Count}");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (OtaManifestFile file in Files)
        {
            if (!IsFileName(file.Name)) problems.Add($"file name '{file.Name}' must be 1-{MaxNameLength} characters of A-Z a-z 0-9 . _ - (and not '.' or '..')");
            else if (!names.Add(file.Name)) problems.Add($"file name '{file.Name}' appears twice");
            if (file.Size is < 0 or > int.MaxValue) problems.Add($"file '{file.Name}': size {file.Size} is not 0 to {int.MaxValue}");
            if (file.Sha256.Length != 64 || !file.Sha256.All(Uri.IsHexDigit)) problems.Add($"file '{file.Name}': sha256 is not 64 hex digits");
            if (file.Kind is not (KindApp or KindConfig)) problems.Add($"file '{file.Name}': kind '{file.Kind}' is not app or config");
        }
        if (problems.Count == 0 && ToJson().Length > MaxBytes) problems.Add($"the manifest is {ToJson().Length} bytes, over the {MaxBytes} a device reads");
        return problems;
    }

    /// <summary>Reads manifest.json; a CliException naming the first thing wrong with it (form or limits).</summary>
    public static OtaManifest Parse(byte[] json)
    {
        if (json.Length > MaxBytes) throw new CliException($"manifest.json is {json.Length} bytes, over the {MaxBytes} a device reads");
        OtaManifest manifest;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowDuplicateProperties = false });
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new CliException("manifest.json is not a JSON object");
            int format = Required(root, "format", JsonValueKind.Number).GetInt32();
            if (format != Format) throw new CliException($"manifest.json: format {format} is not {Format}");
            var files = new List<OtaManifestFile>();
            foreach (JsonElement file in Required(root, "files", JsonValueKind.Array).EnumerateArray())
            {
                if (file.ValueKind != JsonValueKind.Object) throw new CliException("manifest.json: a files entry is not an object");
                files.Add(new OtaManifestFile(
                    Required(file, "name", JsonValueKind.String).GetString()!,
                    Required(file, "size", JsonValueKind.Number).GetInt64(),
                    Required(file, "sha256", JsonValueKind.String).GetString()!,
                    Required(file, "kind", JsonValueKind.String).GetString()!));
            }
            bool downgrade = false; // optional: absent means no downgrade
            if (root.TryGetProperty("allowDowngrade", out JsonElement d))
            {
                if (d.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw new CliException("manifest.json: allowDowngrade is not true or false");
                downgrade = d.ValueKind == JsonValueKind.True;
            }
            manifest = new OtaManifest(
                Required(root, "version", JsonValueKind.String).GetString()!,
                Required(root, "board", JsonValueKind.String).GetString()!,
                Required(root, "sequence", JsonValueKind.Number).GetInt32(),
                Required(root, "minRuntime", JsonValueKind.String).GetString()!,
                downgrade,
                files);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new CliException($"manifest.json is not a valid manifest: {e.Message}");
        }
        List<string> problems = manifest.Problems();
        if (problems.Count > 0) throw new CliException("manifest.json: " + problems[0]);
        return manifest;
    }

    /// <summary>major.minor.patch, each 0-65535, digits only and no leading zeros (as the device reads versions).</summary>
    public static bool IsVersion(string text)
    {
        string[] parts = text.Split('.');
        return parts.Length == 3 && parts.All(p =>
            p.Length is >= 1 and <= 5 && p.All(char.IsAsciiDigit) && (p.Length == 1 || p[0] != '0') && int.Parse(p) <= 65535);
    }

    /// <summary>1-32 characters of A-Z a-z 0-9 . _ -, and not "." or "..", which name folders on a device's file system.</summary>
    public static bool IsFileName(string name) =>
        name.Length is >= 1 and <= MaxNameLength && name is not ("." or "..")
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>A board name as board.json spells it: printable ASCII, nothing a JSON string would need escaped.</summary>
    public static bool IsBoard(string board) =>
        board.Length is >= 1 and <= 64 && board.All(c => c is >= ' ' and <= '~' and not '"' and not '\\');

    private static JsonElement Required(JsonElement parent, string name, JsonValueKind kind)
    {
        if (!parent.TryGetProperty(name, out JsonElement value)) throw new CliException($"manifest.json: {name} is missing");
        if (value.ValueKind != kind) throw new CliException($"manifest.json: {name} is not a {kind.ToString().ToLowerInvariant()}");
        return value;
    }
}
