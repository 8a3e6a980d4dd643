using System.Text;
using System.Text.Json;
using EdgeNano.DeviceTwin.Json;

namespace EdgeNano.Fuzz.Targets;

/// <summary>
/// The device's JSON tokenizer against System.Text.Json: both must accept and refuse the same
/// inputs and, when they accept, produce the same tokens. The reader must also always move
/// forward, keep its depth within the limit, and read a segment in the middle of a larger
/// buffer exactly as it reads the same bytes alone. Read in place (JsonReader.InPlace, strings
/// unescaped over their own text, as devicetwin, gpio and edgehub read on a device) it must read
/// the same and never write outside its segment.
/// </summary>
public sealed class JsonReaderTarget : FuzzTarget
{
    private const int MaxDepth = 8;

    public override string Name => "json-reader";
    public override string Description => "DeviceTwin/Json JsonReader: token stream vs System.Text.Json, depth and position bounds";
    public override IReadOnlyList<string> Tokens => JsonTokens.Syntax;

    public override void Run(ReadOnlySpan<byte> input)
    {
        byte[] alone = input.ToArray();
        var (tokens, error, errorPosition) = Ours(alone, 0, alone.Length);

        // The same bytes inside a larger buffer, with bytes around them that would change the
        // result if the reader ever looked past its segment.
        byte[] framed = new byte[alone.Length + 6];
        framed[0] = (byte)'[';
        framed[1] = (byte)'"';
        framed[2] = (byte)'{';
        alone.CopyTo(framed, 3);
        framed[^3] = (byte)'"';
        framed[^2] = (byte)'1';
        framed[^1] = (byte)']';
        var (framedTokens, framedError, framedPosition) = Ours(framed, 3, alone.Length);
        Check(error == framedError && errorPosition == framedPosition && tokens.SequenceEqual(framedTokens),
            "a segment read inside a larger buffer reads differently from the same bytes alone");

        byte[] inPlace = (byte[])framed.Clone();
        var (inPlaceTokens, inPlaceError, inPlacePosition) = Ours(inPlace, 3, alone.Length, inPlace: true);
        Check(error == inPlaceError && errorPosition == inPlacePosition && tokens.SequenceEqual(inPlaceTokens),
            "reading in place reads differently from reading with a scratch buffer");
        Check(inPlace.AsSpan(0, 3).SequenceEqual(framed.AsSpan(0, 3)) && inPlace.AsSpan(inPlace.Length - 3).SequenceEqual(framed.AsSpan(framed.Length - 3)),
            "reading in place wrote outside its segment");

        bool refused = ReferenceRefuses(alone, out List<string> reference);
        Check(refused == (error != null),
            $"System.Text.Json {(refused ? "refuses" : "accepts")} it, JsonReader says {error ?? "fine"}");
        if (!refused) Check(tokens.SequenceEqual(reference), "JsonReader's tokens differ from System.Text.Json's");
    }

    private static (List<string> Tokens, string? Error, int ErrorPosition) Ours(byte[] buffer, int offset, int length, bool inPlace = false)
    {
        var reader = inPlace ? JsonReader.InPlace(MaxDepth, Math.Max(length, 1)) : new JsonReader(MaxDepth, Math.Max(length, 1));
        reader.Reset(buffer, offset, length);
        var tokens = new List<string>();
        while (reader.Read())
        {
            // Every token consumes at least one byte, so a reader that reads more tokens than
            // bytes is standing still.
            Check(tokens.Count <= length, "the reader keeps returning tokens without moving forward");
            Check(reader.Depth >= 0 && reader.Depth <= MaxDepth, $"depth {reader.Depth} outside 0..{MaxDepth}");
            Check(reader.TokenPosition >= 0 && reader.TokenPosition < length, $"token position {reader.TokenPosition} outside the segment");
            tokens.Add(Describe(reader));
        }
        if (reader.Error == null)
        {
            Check(reader.IsFinished, "Read returned false without an error before the document ended");
            Check(reader.Depth == 0, "a finished document left containers open");
        }
        else
        {
            Check(reader.ErrorPosition >= 0 && reader.ErrorPosition <= length, $"error position {reader.ErrorPosition} outside 0..{length}");
            Check(!reader.Read(), "Read succeeded after an error");
        }
        return (tokens, reader.Error, reader.Error == null ? 0 : reader.ErrorPosition);
    }

    private static string Describe(JsonReader reader)
    {
        int type = reader.TokenType;
        string name = JsonToken.Name(type);
        if (type is JsonToken.String or JsonToken.PropertyName)
        {
            return name + " " + Convert.ToHexString(reader.ValueBuffer, reader.ValueOffset, reader.ValueLength);
        }
        if (type == JsonToken.Number)
        {
            string int64 = reader.TryGetInt64(out long value) ? value.ToString() : "-";
            return name + " " + Encoding.ASCII.GetString(reader.ValueBuffer, reader.ValueOffset, reader.ValueLength) + " " + int64;
        }
        return name;
    }

    // True when System.Text.Json refuses the input; a string it cannot turn into text (invalid
    // UTF-8, a lone surrogate escape) counts as refused, as it does for any caller of GetString.
    private static bool ReferenceRefuses(byte[] json, out List<string> tokens)
    {
        tokens = [];
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        var strict = new UTF8Encoding(false, true);
        try
        {
            while (reader.Read())
            {
                string name = JsonToken.Name(Map(reader.TokenType));
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
                {
                    tokens.Add(name + " " + Convert.ToHexString(strict.GetBytes(reader.GetString()!)));
                }
                else if (reader.TokenType == JsonTokenType.Number)
                {
                    string int64 = reader.TryGetInt64(out long value) ? value.ToString() : "-";
                    tokens.Add(name + " " + Encoding.ASCII.GetString(reader.ValueSpan) + " " + int64);
                }
                else tokens.Add(name);
            }
            return false;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return true;
        }
    }

    private static int Map(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => JsonToken.StartObject,
        JsonTokenType.EndObject => JsonToken.EndObject,
        JsonTokenType.StartArray => JsonToken.StartArray,
        JsonTokenType.EndArray => JsonToken.EndArray,
        JsonTokenType.PropertyName => JsonToken.PropertyName,
        JsonTokenType.String => JsonToken.String,
        JsonTokenType.Number => JsonToken.Number,
        JsonTokenType.True => JsonToken.True,
        JsonTokenType.False => JsonToken.False,
        JsonTokenType.Null => JsonToken.Null,
        _ => JsonToken.None,
    };
}
