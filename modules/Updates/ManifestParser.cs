using EdgeNano.DeviceTwin.Json;

namespace EdgeNano.Updates
{
    /// <summary>
    /// Reads a package manifest's JSON (docs/ota-protocol.md) into an UpdateManifest, without
    /// allocating beyond its strings. Strict where a mistake could install the wrong thing
    /// (duplicate fields, missing fields, out-of-range numbers, malformed hashes and names are all
    /// refused) and lenient only about unknown fields, which are skipped so that a newer
    /// `ota pack` can add fields older devices do not need. Never throws for any input bytes.
    /// One parse at a time: it keeps its reader and the manifest being filled between calls.
    /// </summary>
    public sealed class ManifestParser
    {
        // Manifest fields, one bit each, to refuse duplicates and report missing ones.
        private const int FormatField = 1;
        private const int VersionField = 2;
        private const int BoardField = 4;
        private const int SequenceField = 8;
        private const int MinRuntimeField = 16;
        private const int AllowDowngradeField = 32;
        private const int FilesField = 64;

        // File entry fields.
        private const int NameField = 1;
        private const int SizeField = 2;
        private const int HashField = 4;
        private const int KindField = 8;

        /// <summary>The only manifest format this device reads.</summary>
        public const int SupportedFormat = 1;

        // A SHA-256 written as hex.
        private const int HashHexLength = 64;
        private const int HashLength = 32;

        // Values longer than this are cut short when quoted in an error, so ota_error stays short.
        private const int MaxQuoted = 32;

        // Depth beyond root, files and one file object is room for unknown fields' values. Only
        // strings with escapes are unescaped into a buffer; a manifest's are short (versions,
        // names, hex hashes), so 256 bytes, not the manifest's 2 KB, on a device's heap.
        private const int MaxEscapedString = 256;
        private readonly JsonReader _reader = new JsonReader(JsonReader.DefaultMaxDepth, UpdateManifest.MaxBytes, MaxEscapedString);
        private UpdateManifest _manifest;
        private string _problem;

        /// <summary>
        /// The reader, lent between parses: the updates module reads announcements with it (on
        /// the same dispatcher, never during a parse), so a device keeps one JSON reader for both.
        /// </summary>
        internal JsonReader Reader { get { return _reader; } }

        /// <summary>
        /// Fills manifest from json[offset..offset+count). Returns null when it is well formed and
        /// within every limit, otherwise the ota_error text ("bad-manifest: detail"), and then the
        /// manifest is left cleared. Every field is required except allowDowngrade (absent: false).
        /// </summary>
        public string Parse(byte[] json, int offset, int count, UpdateManifest manifest)
        {
            if (manifest == null) throw new System.ArgumentNullException("manifest");
            manifest.Clear();
            if (json == null || offset < 0 || count < 0 || offset > json.Length - count)
            {
                return OtaError.Describe(OtaError.BadManifest, "no manifest bytes");
            }
            if (count > UpdateManifest.MaxBytes)
            {
                return OtaError.Describe(OtaError.BadManifest, "the manifest is " + count.ToString()
                    + " bytes, more than the " + UpdateManifest.MaxBytes.ToString() + " allowed");
            }
            _manifest = manifest;
            _problem = null;
            _reader.Reset(json, offset, count);
            bool good = ReadManifest();
            string problem = _problem;
            _manifest = null;
            _problem = null;
            if (good) return null;
            manifest.Clear();
            return OtaError.Describe(OtaError.BadManifest, problem);
        }

        private bool ReadManifest()
        {
            if (!Next()) return false;
            if (_reader.TokenType != JsonToken.StartObject) return Fail("the manifest must be one JSON object");
            int seen = 0;
            while (true)
            {
                if (!Next()) return false;
                if (_reader.TokenType == JsonToken.EndObject) break;
                int field = ManifestField();
                if (!Next()) return false;
                if (field == 0)
                {
                    if (!SkipValue()) return false;
                    continue;
                }
                if ((seen & field) != 0) return Fail(ManifestFieldName(field) + " appears twice");
                seen |= field;
                if (!ReadManifestField(field)) return false;
            }
            // Only whitespace may follow the root object; the reader reports anything else.
            if (_reader.Read() || _reader.Error != null) return Syntax();
            for (int field = FormatField; field <= FilesField; field <<= 1)
            {
                if (field != AllowDowngradeField && (seen & field) == 0) return Fail(ManifestFieldName(field) + " is missing");
            }
            return true;
        }

        private bool ReadManifestField(int field)
        {
            UpdateManifest manifest = _manifest;
            switch (field)
            {
                case FormatField:
                    if (!Integer("format", 0, int.MaxValue, out manifest.Format)) return false;
                    if (manifest.Format != SupportedFormat)
                    {
                        return Fail("format " + manifest.Format.ToString() + " is not supported (this device reads format "
                            + SupportedFormat.ToString() + ")");
                    }
                    return true;
                case VersionField:
                    manifest.Version = Version("version");
                    return manifest.Version != null;
                case BoardField:
                    if (_reader.TokenType != JsonToken.String || _reader.ValueLength == 0) return Fail("board must be a non-empty string");
                    manifest.Board = _reader.GetString();
                    return true;
                case SequenceField:
                    return Integer("sequence", 1, int.MaxValue, out manifest.Sequence);
                case MinRuntimeField:
                    manifest.MinRuntime = Version("minRuntime");
                    return manifest.MinRuntime != null;
                case AllowDowngradeField:
                    if (_reader.TokenType == JsonToken.True) manifest.AllowDowngrade = true;
                    else if (_reader.TokenType == JsonToken.False) manifest.AllowDowngrade = false;
                    else return Fail("allowDowngrade must be true or false");
                    return true;
                default:
                    return ReadFiles();
            }
        }

        private bool ReadFiles()
        {
            if (_reader.TokenType != JsonToken.StartArray) return Fail("files must be an array of file objects");
            UpdateManifest manifest = _manifest;
            while (true)
            {
                if (!Next()) return false;
                if (_reader.TokenType == JsonToken.EndArray) break;
                int index = manifest.FileCount;
                if (index == UpdateManifest.MaxFiles)
                {
                    return Fail("files has more than " + UpdateManifest.MaxFiles.ToString() + " entries");
                }
                if (_reader.TokenType != JsonToken.StartObject) return Fail(FileField(index, null) + " must be an object");
                if (!ReadFile(index)) return false;
                manifest.FileCount = index + 1;
            }
            if (manifest.FileCount == 0) return Fail("files is empty: a package carries 1 to " + UpdateManifest.MaxFiles.ToString() + " files");
            return true;
        }

        private bool ReadFile(int index)
        {
            int seen = 0;
            while (true)
            {
                if (!Next()) return false;
                if (_reader.TokenType == JsonToken.EndObject) break;
                int field = FileEntryField();
                if (!Next()) return false;
                if (field == 0)
                {
                    if (!SkipValue()) return false;
                    continue;
                }
                if ((seen & field) != 0) return Fail(FileField(index, FileEntryFieldName(field)) + " appears twice");
                seen |= field;
                bool good;
                if (field == NameField) good = ReadName(index);
                else if (field == SizeField) good = Integer(FileField(index, "size"), 0, int.MaxValue, out _manifest.FileSizes[index]);
                else if (field == HashField) good = ReadHash(index);
                else good = ReadKind(index);
                if (!good) return false;
            }
            for (int field = NameField; field <= KindField; field <<= 1)
            {
                if ((seen & field) == 0) return Fail(FileField(index, FileEntryFieldName(field)) + " is missing");
            }
            return true;
        }

        private bool ReadName(int index)
        {
            if (_reader.TokenType != JsonToken.String) return Fail(FileField(index, "name") + " must be a string");
            byte[] data = _reader.ValueBuffer;
            int start = _reader.ValueOffset;
            int length = _reader.ValueLength;
            if (length < 1 || length > UpdateManifest.MaxNameLength)
            {
                return Fail(FileField(index, "name") + " must be 1 to " + UpdateManifest.MaxNameLength.ToString() + " characters");
            }
            bool onlyDots = true;
            for (int i = start; i < start + length; i++)
            {
                byte b = data[i];
                if (!IsNameByte(b))
                {
                    return Fail(FileField(index, "name") + " may hold only A-Z a-z 0-9 . _ -");
                }
                if (b != (byte)'.') onlyDots = false;
            }
            // Slot files are plain names in a folder: "." and ".." would name a folder instead.
            if (onlyDots && length <= 2) return Fail(FileField(index, "name") + " may not be . or ..");
            string name = _reader.GetString();
            string[] names = _manifest.FileNames;
            for (int i = 0; i < index; i++)
            {
                if (names[i] == name) return Fail(FileField(index, "name") + " repeats files[" + i.ToString() + "].name " + Quote(name));
            }
            names[index] = name;
            return true;
        }

        // Decodes straight from the reader's buffer into FileHashes: no string, no copy.
        private bool ReadHash(int index)
        {
            if (_reader.TokenType != JsonToken.String || _reader.ValueLength != HashHexLength)
            {
                return Fail(FileField(index, "sha256") + " is not 64 hex digits");
            }
            byte[] data = _reader.ValueBuffer;
            int start = _reader.ValueOffset;
            byte[] hashes = _manifest.FileHashes;
            int at = index * HashLength;
            for (int i = 0; i < HashLength; i++)
            {
                int high = HexDigit(data[start + 2 * i]);
                int low = HexDigit(data[start + 2 * i + 1]);
                if (high < 0 || low < 0) return Fail(FileField(index, "sha256") + " is not 64 hex digits");
                hashes[at + i] = (byte)((high << 4) | low);
            }
            return true;
        }

        private bool ReadKind(int index)
        {
            if (_reader.TokenType == JsonToken.String)
            {
                if (_reader.ValueEquals("app"))
                {
                    _manifest.FileKinds[index] = UpdateManifest.KindApp;
                    return true;
                }
                if (_reader.ValueEquals("config"))
                {
                    _manifest.FileKinds[index] = UpdateManifest.KindConfig;
                    return true;
                }
            }
            return Fail(FileField(index, "kind") + " must be \"app\" or \"config\"");
        }

        // ---- values ----

        // A version string, or null after failing.
        private string Version(string field)
        {
            if (_reader.TokenType != JsonToken.String)
            {
                Fail(field + " must be a string \"major.minor.patch\"");
                return null;
            }
            string text = _reader.GetString();
            if (FirmwareVersion.Parse(text) < 0)
            {
                Fail(field + " " + Quote(text) + " is not major.minor.patch (each 0 to 65535, no leading zeros)");
                return null;
            }
            return text;
        }

        private bool Integer(string field, int min, int max, out int value)
        {
            value = 0;
            long number;
            if (!_reader.TryGetInt64(out number) || number < min || number > max)
            {
                return Fail(field + " must be a whole number from " + min.ToString() + " to " + max.ToString());
            }
            value = (int)number;
            return true;
        }

        private static bool IsNameByte(byte b)
        {
            return (b >= (byte)'a' && b <= (byte)'z') || (b >= (byte)'A' && b <= (byte)'Z') || (b >= (byte)'0' && b <= (byte)'9')
                || b == (byte)'.' || b == (byte)'_' || b == (byte)'-';
        }

        private static int HexDigit(byte b)
        {
            if (b >= (byte)'0' && b <= (byte)'9') return b - '0';
            if (b >= (byte)'a' && b <= (byte)'f') return b - 'a' + 10;
            if (b >= (byte)'A' && b <= (byte)'F') return b - 'A' + 10;
            return -1;
        }

        // ---- field names ----

        // The manifest field the current property name is, or 0 for one this device does not know.
        private int ManifestField()
        {
            JsonReader r = _reader;
            if (r.ValueEquals("format")) return FormatField;
            if (r.ValueEquals("version")) return VersionField;
            if (r.ValueEquals("board")) return BoardField;
            if (r.ValueEquals("sequence")) return SequenceField;
            if (r.ValueEquals("minRuntime")) return MinRuntimeField;
            if (r.ValueEquals("allowDowngrade")) return AllowDowngradeField;
            if (r.ValueEquals("files")) return FilesField;
            return 0;
        }

        private static string ManifestFieldName(int field)
        {
            switch (field)
            {
                case FormatField: return "format";
                case VersionField: return "version";
                case BoardField: return "board";
                case SequenceField: return "sequence";
                case MinRuntimeField: return "minRuntime";
                case AllowDowngradeField: return "allowDowngrade";
                default: return "files";
            }
        }

        private int FileEntryField()
        {
            JsonReader r = _reader;
            if (r.ValueEquals("name")) return NameField;
            if (r.ValueEquals("size")) return SizeField;
            if (r.ValueEquals("sha256")) return HashField;
            if (r.ValueEquals("kind")) return KindField;
            return 0;
        }

        private static string FileEntryFieldName(int field)
        {
            switch (field)
            {
                case NameField: return "name";
                case SizeField: return "size";
                case HashField: return "sha256";
                default: return "kind";
            }
        }

        // "files[2].sha256", or "files[2]" for the entry itself.
        private static string FileField(int index, string field)
        {
            string entry = "files[" + index.ToString() + "]";
            return field == null ? entry : entry + "." + field;
        }

        /// <summary>'text', cut short with "..." when long, for error details.</summary>
        internal static string Quote(string text)
        {
            if (text == null) return "(none)";
            if (text.Length > MaxQuoted) return "'" + text.Substring(0, MaxQuoted) + "...'";
            return "'" + text + "'";
        }

        // ---- reading and reporting ----

        private bool Next()
        {
            if (_reader.Read()) return true;
            if (_reader.Error != null) return Syntax();
            return Fail("the manifest ends too early");
        }

        private bool SkipValue()
        {
            int token = _reader.TokenType;
            if (token == JsonToken.StartObject || token == JsonToken.StartArray) return _reader.Skip() || Syntax();
            return true;
        }

        private bool Syntax()
        {
            return Fail("invalid JSON at byte " + _reader.ErrorPosition.ToString() + ": " + _reader.Error);
        }

        private bool Fail(string problem)
        {
            if (_problem == null) _problem = problem;
            return false;
        }
    }
}
