using System.Text;
using System.Text.Json;
using EdgeNano.DeviceTwin.Json;

namespace EdgeNano.Tests.DeviceTwin.Codec;

/// <summary>One token as both readers can report it: kind, value bytes (unescaped) and int64 reading.</summary>
public sealed record Token(int Type, string Value, long? Int64)
{
    public override string ToString() => $"{JsonToken.Name(Type)} {Value} {Int64}";
}

/// <summary>Runs EdgeNano's JsonReader and System.Text.Json's Utf8JsonReader over the same bytes.</summary>
public static class TokenStreams
{
    /// <summary>Our tokens, and our error (null when the whole document was good).</summary>
    /// <param name="inPlace">Read with <see cref="JsonReader.InPlace"/>, from a copy of json (the reader changes its input).</param>
    public static (List<Token> Tokens, string? Error) Ours(byte[] json, int maxDepth = 8, bool inPlace = false)
    {
        var reader = inPlace ? JsonReader.InPlace(maxDepth, Math.Max(json.Length, 1)) : new JsonReader(maxDepth, Math.Max(json.Length, 1));
        if (inPlace) json = (byte[])json.Clone();
        reader.Reset(json, 0, json.Length);
        var tokens = new List<Token>();
        while (reader.Read())
        {
            long? int64 = reader.TryGetInt64(out long v) ? v : null;
            string value = reader.TokenType is JsonToken.String or JsonToken.PropertyName or JsonToken.Number
                ? Convert.ToHexString(reader.ValueBuffer, reader.ValueOffset, reader.ValueLength)
                : "";
            tokens.Add(new Token(reader.TokenType, value, int64));
        }
        return (tokens, reader.Error);
    }

    /// <summary>
    /// System.Text.Json's tokens, and whether it refused the input. A string it cannot turn
    /// into text (invalid UTF-8, a lone surrogate escape) counts as refused, as it does for
    /// any caller of GetString.
    /// </summary>
    public static (List<Token> Tokens, bool Refused) Reference(byte[] json, int maxDepth = 8)
    {
        var tokens = new List<Token>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        try
        {
            while (reader.Read())
            {
                int type = Map(reader.TokenType);
                string value = "";
                long? int64 = null;
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
                {
                    string text = reader.GetString()!;
                    value = Convert.ToHexString(new UTF8Encoding(false, true).GetBytes(text));
                }
                else if (reader.TokenType == JsonTokenType.Number)
                {
                    value = Convert.ToHexString(reader.ValueSpan);
                    if (reader.TryGetInt64(out long v)) int64 = v;
                }
                tokens.Add(new Token(type, value, int64));
            }
            return (tokens, false);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return (tokens, true);
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
