using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using EdgeNano.Updates;

namespace EdgeNano.Tests.Updates.Manifest;

public class ManifestParserTests
{
    private readonly ManifestParser _parser = new();
    private readonly UpdateManifest _manifest = new();

    private string? Parse(byte[] json) => _parser.Parse(json, 0, json.Length, _manifest);
    private string? Parse(JsonNode json) => Parse(ManifestJson.Bytes(json));
    private string? Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void The_documented_manifest_fills_every_field()
    {
        Assert.Null(Parse(ManifestJson.Valid()));

        Assert.Equal(1, _manifest.Format);
        Assert.Equal("1.4.0", _manifest.Version);
        Assert.Equal("simulator", _manifest.Board);
        Assert.Equal(91234567, _manifest.Sequence);
        Assert.Equal("1.0.0", _manifest.MinRuntime);
        Assert.False(_manifest.AllowDowngrade);
        Assert.Equal(2, _manifest.FileCount);
        Assert.Equal(["EdgeNano.App.pe", "board.json"], _manifest.FileNames.Take(2));
        Assert.Equal([ManifestJson.AppBytes.Length, ManifestJson.ConfigBytes.Length], _manifest.FileSizes.Take(2));
        Assert.Equal([UpdateManifest.KindApp, UpdateManifest.KindConfig], _manifest.FileKinds.Take(2));
        Assert.Equal(SHA256.HashData(ManifestJson.AppBytes), _manifest.FileHashes.AsSpan(0, 32).ToArray());
        Assert.Equal(SHA256.HashData(ManifestJson.ConfigBytes), _manifest.FileHashes.AsSpan(32, 32).ToArray());
        Assert.Equal(ManifestJson.AppBytes.Length + ManifestJson.ConfigBytes.Length, _manifest.TotalSize);
    }

    [Fact]
    public void A_manifest_in_a_larger_buffer_is_read_from_its_offset()
    {
        byte[] json = ManifestJson.Bytes(ManifestJson.Valid());
        byte[] frame = new byte[json.Length + 100];
        frame.AsSpan(0, 84).Fill((byte)'{');
        json.CopyTo(frame, 84);
        frame.AsSpan(84 + json.Length).Fill((byte)']');

        Assert.Null(_parser.Parse(frame, 84, json.Length, _manifest));
        Assert.Equal("1.4.0", _manifest.Version);
    }

    [Fact]
    public void Upper_case_hex_digits_are_accepted()
    {
        string hex = Convert.ToHexString(SHA256.HashData(ManifestJson.AppBytes));
        Assert.Null(Parse(ManifestJson.Valid().With("files[0].sha256", $"\"{hex}\"")));
        Assert.Equal(SHA256.HashData(ManifestJson.AppBytes), _manifest.FileHashes.AsSpan(0, 32).ToArray());
    }

    [Fact]
    public void A_missing_allowDowngrade_means_no_downgrade_and_true_allows_one()
    {
        Assert.Null(Parse(ManifestJson.Valid().With("allowDowngrade", "true")));
        Assert.True(_manifest.AllowDowngrade);

        Assert.Null(Parse(ManifestJson.Valid().With("allowDowngrade", null)));
        Assert.False(_manifest.AllowDowngrade);
    }

    [Fact]
    public void Unknown_fields_anywhere_are_skipped_for_forward_compatibility()
    {
        JsonObject manifest = ManifestJson.Valid()
            .With("releaseNotes", "{\"en\":[\"faster\",{\"deep\":[[1]]}],\"version\":\"9.9.9\"}")
            .With("files[1].mode", "\"0644\"")
            .With("files[0].signedBy", "[\"a\",\"b\"]");
        Assert.Null(Parse(manifest));
        Assert.Equal("1.4.0", _manifest.Version);
        Assert.Equal(2, _manifest.FileCount);
    }

    [Fact]
    public void Fields_may_come_in_any_order_and_strings_may_use_escapes()
    {
        string json = "{\"files\":[{\"kind\":\"app\",\"sha256\":\"" + new string('a', 64) + "\",\"size\":0,\"name\":\"a\"}],"
            + "\"minRuntime\":\"1.0.0\",\"sequence\":1,\"board\":\"sim\\u0075lator\",\"version\":\"2.\\u0030.0\",\"format\":1}";
        Assert.Null(Parse(json));
        Assert.Equal("simulator", _manifest.Board);
        Assert.Equal("2.0.0", _manifest.Version);
        Assert.Equal(0, _manifest.FileSizes[0]);
    }

    [Fact]
    public void Eight_files_with_names_of_32_characters_fit()
    {
        var files = new JsonArray();
        for (int i = 0; i < UpdateManifest.MaxFiles; i++)
        {
            files.Add(ManifestJson.File(new string((char)('a' + i), 31) + "_", ManifestJson.AppBytes, "app"));
        }
        Assert.Null(Parse(ManifestJson.Valid().With("files", files.ToJsonString())));
        Assert.Equal(UpdateManifest.MaxFiles, _manifest.FileCount);
        Assert.Equal(new string('h', 31) + "_", _manifest.FileNames[7]);
    }

    [Theory]
    [InlineData("format", null, "format is missing")]
    [InlineData("format", "2", "format 2 is not supported (this device reads format 1)")]
    [InlineData("format", "\"1\"", "format must be a whole number from 0 to 2147483647")]
    [InlineData("format", "1.0", "format must be a whole number from 0 to 2147483647")]
    [InlineData("version", null, "version is missing")]
    [InlineData("version", "140", "version must be a string \"major.minor.patch\"")]
    [InlineData("version", "\"1.4\"", "version '1.4' is not major.minor.patch (each 0 to 65535, no leading zeros)")]
    [InlineData("version", "\"1.65536.0\"", "version '1.65536.0' is not major.minor.patch (each 0 to 65535, no leading zeros)")]
    [InlineData("board", null, "board is missing")]
    [InlineData("board", "\"\"", "board must be a non-empty string")]
    [InlineData("board", "null", "board must be a non-empty string")]
    [InlineData("sequence", null, "sequence is missing")]
    [InlineData("sequence", "0", "sequence must be a whole number from 1 to 2147483647")]
    [InlineData("sequence", "-5", "sequence must be a whole number from 1 to 2147483647")]
    [InlineData("sequence", "2147483648", "sequence must be a whole number from 1 to 2147483647")]
    [InlineData("sequence", "1e3", "sequence must be a whole number from 1 to 2147483647")]
    [InlineData("minRuntime", null, "minRuntime is missing")]
    [InlineData("minRuntime", "\"01.0.0\"", "minRuntime '01.0.0' is not major.minor.patch (each 0 to 65535, no leading zeros)")]
    [InlineData("allowDowngrade", "\"yes\"", "allowDowngrade must be true or false")]
    [InlineData("allowDowngrade", "1", "allowDowngrade must be true or false")]
    [InlineData("files", null, "files is missing")]
    [InlineData("files", "[]", "files is empty: a package carries 1 to 8 files")]
    [InlineData("files", "{}", "files must be an array of file objects")]
    [InlineData("files", "[\"board.json\"]", "files[0] must be an object")]
    [InlineData("files[1].name", null, "files[1].name is missing")]
    [InlineData("files[1].name", "\"\"", "files[1].name must be 1 to 32 characters")]
    [InlineData("files[1].name", "\"abcdefghijklmnopqrstuvwxyz0123456\"", "files[1].name must be 1 to 32 characters")]
    [InlineData("files[1].name", "\"conf/board.json\"", "files[1].name may hold only A-Z a-z 0-9 . _ -")]
    [InlineData("files[1].name", "\"board json\"", "files[1].name may hold only A-Z a-z 0-9 . _ -")]
    [InlineData("files[1].name", "\"b\u00f6ard.json\"", "files[1].name may hold only A-Z a-z 0-9 . _ -")]
    [InlineData("files[1].name", "\"..\"", "files[1].name may not be . or ..")]
    [InlineData("files[1].name", "\".\"", "files[1].name may not be . or ..")]
    [InlineData("files[1].name", "7", "files[1].name must be a string")]
    [InlineData("files[1].name", "\"EdgeNano.App.pe\"", "files[1].name repeats files[0].name 'EdgeNano.App.pe'")]
    [InlineData("files[0].size", null, "files[0].size is missing")]
    [InlineData("files[0].size", "-1", "files[0].size must be a whole number from 0 to 2147483647")]
    [InlineData("files[0].size", "2147483648", "files[0].size must be a whole number from 0 to 2147483647")]
    [InlineData("files[0].size", "\"812\"", "files[0].size must be a whole number from 0 to 2147483647")]
    [InlineData("files[0].sha256", null, "files[0].sha256 is missing")]
    [InlineData("files[0].sha256", "\"abc\"", "files[0].sha256 is not 64 hex digits")]
    [InlineData("files[0].sha256", "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85g\"", "files[0].sha256 is not 64 hex digits")]
    [InlineData("files[0].sha256", "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855a\"", "files[0].sha256 is not 64 hex digits")]
    [InlineData("files[0].sha256", "null", "files[0].sha256 is not 64 hex digits")]
    [InlineData("files[1].kind", null, "files[1].kind is missing")]
    [InlineData("files[1].kind", "\"firmware\"", "files[1].kind must be \"app\" or \"config\"")]
    [InlineData("files[1].kind", "\"App\"", "files[1].kind must be \"app\" or \"config\"")]
    public void A_field_breaking_its_rule_is_refused_with_a_detail_naming_it(string path, string? valueJson, string detail)
    {
        Assert.Equal("bad-manifest: " + detail, Parse(ManifestJson.Valid().With(path, valueJson)));
    }

    [Fact]
    public void A_refused_manifest_leaves_nothing_behind_to_be_used_by_mistake()
    {
        Assert.Null(Parse(ManifestJson.Valid()));
        Assert.NotNull(Parse(ManifestJson.Valid().With("files[1].kind", "\"firmware\"")));

        Assert.Equal(0, _manifest.FileCount);
        Assert.Null(_manifest.Version);
        Assert.Null(_manifest.FileNames[0]);
        Assert.All(_manifest.FileHashes, b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_ninth_file_is_refused()
    {
        var files = new JsonArray();
        for (int i = 0; i <= UpdateManifest.MaxFiles; i++) files.Add(ManifestJson.File($"f{i}", ManifestJson.AppBytes, "app"));
        Assert.Equal("bad-manifest: files has more than 8 entries", Parse(ManifestJson.Valid().With("files", files.ToJsonString())));
    }

    [Theory]
    [InlineData("{\"format\":1,\"format\":1,", "format appears twice")]
    [InlineData("{\"board\":\"a\",\"board\":\"simulator\",", "board appears twice")]
    [InlineData("{\"allowDowngrade\":false,\"allowDowngrade\":true,", "allowDowngrade appears twice")]
    public void A_field_written_twice_is_refused_whatever_the_values(string start, string detail)
    {
        string json = ManifestJson.Valid().With(start.Split('"')[1], null).ToJsonString();
        Assert.Equal("bad-manifest: " + detail, Parse(start + json[1..]));
    }

    [Fact]
    public void A_file_field_written_twice_is_refused()
    {
        string json = ManifestJson.Valid().ToJsonString().Replace("\"kind\":\"config\"", "\"kind\":\"config\",\"size\":1");
        Assert.Equal("bad-manifest: files[1].size appears twice", Parse(json));
    }

    [Theory]
    [InlineData("", "invalid JSON at byte 0: unexpected end of input")]
    [InlineData("[]", "the manifest must be one JSON object")]
    [InlineData("{\"format\":1,}", "invalid JSON at byte 12: trailing comma")]
    [InlineData("{\"format\":1} {}", "invalid JSON at byte 13: data after the root value")]
    [InlineData("{\"format\":1", "invalid JSON at byte 11: unexpected end of input")]
    public void Text_that_is_not_one_JSON_object_is_refused_saying_where(string json, string detail)
    {
        Assert.Equal("bad-manifest: " + detail, Parse(json));
    }

    [Fact]
    public void A_manifest_over_2048_bytes_is_refused_before_reading_it()
    {
        JsonObject manifest = ManifestJson.Valid().With("padding", "\"\"");
        int room = UpdateManifest.MaxBytes - ManifestJson.Bytes(manifest).Length;
        Assert.Null(Parse(manifest.With("padding", $"\"{new string('x', room)}\"")));

        byte[] json = ManifestJson.Bytes(manifest.With("padding", $"\"{new string('x', room + 1)}\""));
        Assert.Equal("bad-manifest: the manifest is 2049 bytes, more than the 2048 allowed", Parse(json));
    }

    [Fact]
    public void A_range_outside_the_buffer_is_refused_not_thrown()
    {
        byte[] json = ManifestJson.Bytes(ManifestJson.Valid());
        Assert.Equal("bad-manifest: no manifest bytes", _parser.Parse(json, 10, json.Length, _manifest));
        Assert.Equal("bad-manifest: no manifest bytes", _parser.Parse(json, -1, 5, _manifest));
        Assert.Equal("bad-manifest: no manifest bytes", _parser.Parse(null!, 0, 0, _manifest));
    }

    [Fact]
    public void A_long_bad_value_is_quoted_cut_short()
    {
        string detail = Parse(ManifestJson.Valid().With("version", $"\"{new string('9', 500)}\""))!;
        Assert.StartsWith("bad-manifest: version '" + new string('9', 32) + "...' is not", detail);
        Assert.True(detail.Length < 200);
    }

    // Replacement pieces that make a mutation land on the grammar and on the rules, not just on noise.
    private static readonly string[] Pieces =
    [
        "", "0", "-1", "1", "2", "1e3", "0.5", "2147483648", "null", "true", "false", "{}", "[]", "\"\"", "\"x\"",
        "\"1.2.3\"", "\"01.2.3\"", ",", ":", "{", "}", "[", "]", "\"", "\\u0000", "\"format\":1,", "\"name\":\"a\",",
        "{\"name\":\"a\",\"size\":1,\"sha256\":\"" + new string('0', 64) + "\",\"kind\":\"app\"},",
    ];

    [Fact]
    public void Any_mutation_of_a_valid_manifest_is_accepted_whole_or_refused_as_bad_manifest_never_thrown()
    {
        byte[] valid = ManifestJson.Bytes(ManifestJson.Valid());
        var edit = Gen.Select(Gen.Int[0, valid.Length], Gen.Int[0, 6], Gen.OneOf(
            Gen.Int[0, Pieces.Length - 1].Select(i => Encoding.UTF8.GetBytes(Pieces[i])),
            Gen.Byte.Array[1, 3]));
        var parser = new ManifestParser();
        var manifest = new UpdateManifest();
        edit.Array[1, 4].Sample(edits =>
        {
            byte[] json = valid;
            foreach (var (at, cut, insert) in edits)
            {
                int start = Math.Min(at, json.Length);
                int removed = Math.Min(cut, json.Length - start);
                json = [.. json.AsSpan(0, start), .. insert, .. json.AsSpan(start + removed)];
            }
            string? error = parser.Parse(json, 0, json.Length, manifest);
            if (error != null) return error.StartsWith("bad-manifest: ", StringComparison.Ordinal) && manifest.FileCount == 0;
            // Accepted: everything the rules rely on holds.
            return manifest.Format == 1 && FirmwareVersion.IsValid(manifest.Version) && FirmwareVersion.IsValid(manifest.MinRuntime)
                && !string.IsNullOrEmpty(manifest.Board) && manifest.Sequence >= 1
                && manifest.FileCount is >= 1 and <= UpdateManifest.MaxFiles
                && manifest.FileNames.Take(manifest.FileCount).Distinct().Count() == manifest.FileCount
                && manifest.FileKinds.Take(manifest.FileCount).All(k => k is UpdateManifest.KindApp or UpdateManifest.KindConfig);
        }, iter: 20000, threads: 1); // one thread: the same parser is reused on purpose, as on a device
    }
}
