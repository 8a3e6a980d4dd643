using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace EdgeNano.Tests.Updates.Manifest;

/// <summary>Manifests in the documented format (docs/ota-protocol.md), built with System.Text.Json.</summary>
internal static class ManifestJson
{
    public static readonly byte[] AppBytes = Encoding.ASCII.GetBytes("pretend this is an application assembly");
    public static readonly byte[] ConfigBytes = Encoding.ASCII.GetBytes("{\"board\":\"simulator\",\"devices\":[]}");

    /// <summary>A manifest the parser must accept: two files, every field present.</summary>
    public static JsonObject Valid() => new()
    {
        ["format"] = 1,
        ["version"] = "1.4.0",
        ["board"] = "simulator",
        ["sequence"] = 91234567,
        ["minRuntime"] = "1.0.0",
        ["allowDowngrade"] = false,
        ["files"] = new JsonArray(
            File("EdgeNano.App.pe", AppBytes, "app"),
            File("board.json", ConfigBytes, "config")),
    };

    public static JsonObject File(string name, byte[] content, string kind) => new()
    {
        ["name"] = name,
        ["size"] = content.Length,
        ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(content)),
        ["kind"] = kind,
    };

    public static byte[] Bytes(JsonNode manifest) => Encoding.UTF8.GetBytes(manifest.ToJsonString());

    /// <summary>
    /// Replaces (or with valueJson null removes) the field at path: "board", "files",
    /// "files[1].sha256"; valueJson is JSON text ("2", "\"x\"", "null", "[]").
    /// </summary>
    public static JsonObject With(this JsonObject manifest, string path, string? valueJson)
    {
        JsonObject target = manifest;
        string field = path;
        int dot = path.IndexOf('.');
        if (dot > 0)
        {
            int open = path.IndexOf('[');
            int index = int.Parse(path[(open + 1)..path.IndexOf(']')]);
            target = manifest[path[..open]]![index]!.AsObject();
            field = path[(dot + 1)..];
        }
        if (valueJson == null) target.Remove(field);
        else target[field] = JsonNode.Parse(valueJson);
        return manifest;
    }
}
