using System.Globalization;
using System.Text;
using CsCheck;

namespace EdgeNano.Tests.DeviceTwin.Codec;

/// <summary>A JSON value as the tests think of it, rendered to text with chosen escapes and whitespace.</summary>
public abstract record JsonValue;
public sealed record JsonObjectValue(IReadOnlyList<(string Name, JsonValue Value)> Members) : JsonValue;
public sealed record JsonArrayValue(IReadOnlyList<JsonValue> Items) : JsonValue;
public sealed record JsonStringValue(string Text) : JsonValue;
public sealed record JsonNumberValue(string Raw) : JsonValue;
public sealed record JsonLiteralValue(string Raw) : JsonValue;

/// <summary>
/// CsCheck generators for JSON documents: nested objects and arrays, strings with every kind
/// of escape, non-ASCII and surrogate pairs, numbers at the int64 edges and beyond, literals,
/// and random whitespace. Depth stays within the reader's default limit of 8.
/// </summary>
public static class JsonDocuments
{
    private static readonly string[] Pieces =
    [
        "a", "b", "state", "z", " ", "0", "~", "\"", "\\", "/", "\n", "\r", "\t", "\b", "\f", "\u0001", "\u001f",
        "\u007f", "é", "ß", "中", "\u2028", "\uffff", "😀", "\U0001F680", "\u00a0",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "42", "19", "1656033557685", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890", "1.5", "-0.25",
        "1e3", "1E+3", "2.5e-3", "0.0", "10", "-10e0",
    ];

    public static readonly Gen<string> Text =
        Gen.Int[0, Pieces.Length - 1].Array[0, 6].Select(ix => string.Concat(ix.Select(i => Pieces[i])));

    public static readonly Gen<JsonValue> Scalar = Gen.OneOf<JsonValue>(
        Text.Select(t => (JsonValue)new JsonStringValue(t)),
        Gen.Int[0, Numbers.Length - 1].Select(i => (JsonValue)new JsonNumberValue(Numbers[i])),
        Gen.Long.Select(l => (JsonValue)new JsonNumberValue(l.ToString(CultureInfo.InvariantCulture))),
        Gen.Int[0, 2].Select(i => (JsonValue)new JsonLiteralValue(i == 0 ? "true" : i == 1 ? "false" : "null")));

    /// <summary>Any value nested at most maxDepth containers deep.</summary>
    public static Gen<JsonValue> Value(int maxDepth) => maxDepth == 0
        ? Scalar
        : Gen.Frequency(
            (3, Scalar),
            (2, Gen.Select(Text, Value(maxDepth - 1)).Array[0, 4]
                .Select(m => (JsonValue)new JsonObjectValue(m.Select(x => (x.Item1, x.Item2)).ToList()))),
            (1, Value(maxDepth - 1).Array[0, 4].Select(items => (JsonValue)new JsonArrayValue(items))));

    /// <summary>A document (value plus a seed for its escapes and whitespace) nested at most 8 deep.</summary>
    public static readonly Gen<(JsonValue Value, int Seed)> Document = Gen.Select(Value(8), Gen.Int);

    /// <summary>The document's UTF-8 text, escapes and whitespace chosen by seed.</summary>
    public static byte[] Render(JsonValue value, int seed)
    {
        var text = new StringBuilder();
        Write(value, text, new Random(seed));
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static int Depth(JsonValue value) => value switch
    {
        JsonObjectValue o => 1 + o.Members.Select(m => Depth(m.Value)).DefaultIfEmpty(0).Max(),
        JsonArrayValue a => 1 + a.Items.Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    private static void Write(JsonValue value, StringBuilder text, Random random)
    {
        Space(text, random);
        switch (value)
        {
            case JsonObjectValue o:
                text.Append('{');
                for (int i = 0; i < o.Members.Count; i++)
                {
                    if (i > 0) text.Append(',');
                    Space(text, random);
                    Quote(o.Members[i].Name, text, random);
                    Space(text, random);
                    text.Append(':');
                    Write(o.Members[i].Value, text, random);
                }
                Space(text, random);
                text.Append('}');
                break;
            case JsonArrayValue a:
                text.Append('[');
                for (int i = 0; i < a.Items.Count; i++)
                {
                    if (i > 0) text.Append(',');
                    Write(a.Items[i], text, random);
                }
                Space(text, random);
                text.Append(']');
                break;
            case JsonStringValue s:
                Quote(s.Text, text, random);
                break;
            case JsonNumberValue n:
                text.Append(n.Raw);
                break;
            case JsonLiteralValue l:
                text.Append(l.Raw);
                break;
        }
        Space(text, random);
    }

    private static void Space(StringBuilder text, Random random)
    {
        int n = random.Next(4) == 0 ? random.Next(1, 4) : 0;
        for (int i = 0; i < n; i++) text.Append(" \t\r\n"[random.Next(4)]);
    }

    // Each character raw where JSON allows it, or escaped in one of the ways JSON allows.
    private static void Quote(string s, StringBuilder text, Random random)
    {
        text.Append('"');
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsHighSurrogate(c))
            {
                // A pair goes out whole: raw (as UTF-8) or as two \u escapes.
                if (random.Next(2) == 0) text.Append(c).Append(s[i + 1]);
                else text.Append(Escape(c, random)).Append(Escape(s[i + 1], random));
                i++;
                continue;
            }
            bool mustEscape = c < 0x20 || c == '"' || c == '\\';
            if (!mustEscape && random.Next(4) != 0)
            {
                text.Append(c);
                continue;
            }
            string shortForm = c switch
            {
                '"' => "\\\"", '\\' => "\\\\", '/' => "\\/", '\b' => "\\b", '\f' => "\\f", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t",
                _ => "",
            };
            text.Append(shortForm.Length > 0 && random.Next(2) == 0 ? shortForm : Escape(c, random));
        }
        text.Append('"');
    }

    private static string Escape(char c, Random random) =>
        "\\u" + ((int)c).ToString(random.Next(2) == 0 ? "x4" : "X4", CultureInfo.InvariantCulture);
}
