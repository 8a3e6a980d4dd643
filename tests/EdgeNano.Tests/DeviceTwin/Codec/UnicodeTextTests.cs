using System.Text;
using CsCheck;
using EdgeNano.DeviceTwin.Json;
using EdgeNano.DeviceTwin.Wire;

namespace EdgeNano.Tests.DeviceTwin.Codec;

/// <summary>
/// Text beyond ASCII through the device's JSON code: accented and CJK characters, and
/// characters beyond U+FFFF (a surrogate pair in a .NET string), which nanoCLR's s[i] misread
/// as two U+FFFD. The device code now reads a string's characters only through ToCharArray(),
/// so its bytes are UTF-8 exactly as System.Text.Encoding.UTF8 makes them. On .NET s[i] was
/// right all along, so these tests pin the output; Foundation/DeviceStringIndexingTests pins
/// that no s[i] is left to misread on the device.
/// </summary>
public class UnicodeTextTests
{
    public static TheoryData<string> Texts => new() { "café", "温度", "🌡", "𝄞", "22.5 °C 🌡 温度 𝄞", "a\"\\\n𝄞" };

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_property_name_and_a_string_value_are_written_as_UTF_8(string text)
    {
        byte[] written = Written(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName(text);
            w.WriteString(text);
            w.WriteEndObject();
        });
        Assert.Equal(Encoding.UTF8.GetBytes("{" + Quoted(text) + ":" + Quoted(text) + "}"), written);
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void What_the_writer_wrote_the_device_reader_reads_back_as_the_same_text(string text)
    {
        byte[] written = Written(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName(text);
            w.WriteString(text);
            w.WriteEndObject();
        });
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        var reader = new JsonReader();
        reader.Reset(written, 0, written.Length);
        Assert.True(reader.Read());
        Assert.True(reader.Read());
        Assert.Equal(JsonToken.PropertyName, reader.TokenType);
        Assert.Equal(text, reader.GetString());
        Assert.True(reader.ValueEquals(utf8, 0, utf8.Length));
        Assert.True(reader.Read());
        Assert.Equal(JsonToken.String, reader.TokenType);
        Assert.Equal(text, reader.GetString());
        Assert.True(reader.ValueEquals(utf8, 0, utf8.Length));
        Assert.True(reader.Read());
        Assert.False(reader.Read());
        Assert.Null(reader.Error);
    }

    [Fact]
    public void A_lone_surrogate_is_written_as_U_FFFD_as_Encoding_UTF8_writes_it()
    {
        // In a [Fact], not [InlineData]: attribute strings are stored as UTF-8, where a lone
        // surrogate would already have become U+FFFD.
        string[] texts =
        [
            "a\uD83Cb",     // a high surrogate without its low half
            "a\uDF21b",     // a low surrogate without its high half
            "\uDF21\uD83C", // a pair in the wrong order
            "end\uD83C",    // a high surrogate at the very end
        ];
        foreach (string text in texts)
        {
            int lone = text.Count(char.IsSurrogate);
            Assert.True(lone > 0);
            byte[] written = Written(w =>
            {
                w.WriteStartObject();
                w.WritePropertyName(text);
                w.WriteString(text);
                w.WriteEndObject();
            });
            Assert.Equal(Encoding.UTF8.GetBytes("{" + Quoted(text) + ":" + Quoted(text) + "}"), written);
            Assert.Equal(2 * lone, Encoding.UTF8.GetString(written).Count(c => c == '\uFFFD')); // name and value
        }
    }

    [Fact]
    public void Any_string_encodes_to_the_bytes_Encoding_UTF8_gives()
    {
        AnyText.Sample(text =>
        {
            Assert.Equal(Encoding.UTF8.GetBytes(text), Utf8.Bytes(text));
            byte[] destination = new byte[4 * text.Length + 1];
            int length = Utf8.Encode(text, destination, 1);
            Assert.Equal(Encoding.UTF8.GetBytes(text), destination.AsSpan(1, length).ToArray());
        }, iter: 5000);
    }

    [Fact]
    public void Any_string_written_as_a_JSON_string_reads_back_as_Encoding_UTF8_would_round_trip_it()
    {
        AnyText.Sample(text =>
        {
            var writer = new JsonWriter();
            var reader = new JsonReader();
            byte[] buffer = new byte[8 * text.Length + 8];
            writer.Reset(buffer, 0);
            writer.WriteString(text);
            Assert.False(writer.Overflow);
            reader.Reset(buffer, 0, writer.Length);
            Assert.True(reader.Read());
            Assert.Equal(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)), reader.GetString());
        }, iter: 5000);
    }

    [Fact]
    public void A_twin_update_with_text_beyond_ASCII_is_encoded_as_UTF_8_and_decodes_back()
    {
        var encoder = new TwinEncoder();
        byte[] buffer = new byte[512];
        byte[] key = Encoding.UTF8.GetBytes("𝄞");
        byte[] value = Encoding.UTF8.GetBytes("café");
        encoder.BeginTwinUpdate(buffer, 0, buffer.Length, "ev-🌡", 1700000000000);
        encoder.AddActual("温度", "22.5 °C 🌡", "string", 0);
        encoder.AddActual(key, 0, key.Length, value, 0, value.Length, "string", 0);
        encoder.AddDeleted("🌡");
        int length = encoder.EndTwinUpdate();

        string expected = "{\"event_id\":\"ev-🌡\",\"timestamp\":1700000000000,\"twin\":{"
            + "\"温度\":{\"actual\":{\"value\":\"22.5 °C 🌡\"},\"metadata\":{\"type\":\"string\"}},"
            + "\"𝄞\":{\"actual\":{\"value\":\"café\"},\"metadata\":{\"type\":\"string\"}},"
            + "\"🌡\":null}}";
        Assert.Equal(Encoding.UTF8.GetBytes(expected), buffer.AsSpan(0, length).ToArray());

        var message = new TwinMessage();
        Assert.True(new TwinDecoder().Decode(buffer, 0, length, message));
        Assert.Equal("ev-🌡", message.EventId.GetString());
        Assert.Equal(3, message.PropertyCount);
        Assert.Equal("温度", message.PropertyAt(0).Key.GetString());
        Assert.Equal("22.5 °C 🌡", message.PropertyAt(0).Twin.Actual.Value.GetString());
        Assert.Equal("𝄞", message.PropertyAt(1).Key.GetString());
        Assert.Equal("café", message.PropertyAt(1).Twin.Actual.Value.GetString());
        Assert.Equal("🌡", message.PropertyAt(2).Key.GetString());
    }

    [Fact]
    public void A_twin_message_whose_fields_were_set_from_strings_encodes_them_as_UTF_8()
    {
        var message = new TwinMessage();
        Assert.True(message.EventId.Set("ev-𝄞"));
        Assert.True(message.Reason.Set("trop chaud: 温度 🌡"));
        byte[] buffer = new byte[256];
        int length = new TwinEncoder().Encode(message, false, buffer, 0, buffer.Length);
        Assert.Equal(Encoding.UTF8.GetBytes("{\"event_id\":\"ev-𝄞\",\"reason\":\"trop chaud: 温度 🌡\"}"), buffer.AsSpan(0, length).ToArray());
    }

    /// <summary>Strings of ASCII, other BMP characters, pairs beyond U+FFFF and lone surrogate halves, mixed.</summary>
    private static readonly Gen<string> AnyText = Gen.OneOf(
            Gen.Int[0x20, 0x7E].Select(c => ((char)c).ToString()),
            Gen.Int[0, 0x1F].Select(c => ((char)c).ToString()),
            Gen.Int[0x80, 0xD7FF].Select(c => ((char)c).ToString()),
            Gen.Int[0xE000, 0xFFFF].Select(c => ((char)c).ToString()),
            Gen.Int[0x10000, 0x10FFFF].Select(char.ConvertFromUtf32),
            Gen.Int[0xD800, 0xDFFF].Select(c => ((char)c).ToString()))
        .Array[0, 12].Select(string.Concat);

    private static byte[] Written(Action<JsonWriter> write)
    {
        byte[] buffer = new byte[256];
        var writer = new JsonWriter();
        writer.Reset(buffer, 0);
        write(writer);
        Assert.False(writer.Overflow);
        return buffer.AsSpan(0, writer.Length).ToArray();
    }

    /// <summary>A JSON string as the device writer spells it: quote and backslash escaped, control characters as \u00xx.</summary>
    private static string Quoted(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (char c in text)
        {
            if (c == '"' || c == '\\') quoted.Append('\\').Append(c);
            else if (c < 0x20) quoted.Append($"\\u{(int)c:x4}");
            else quoted.Append(c);
        }
        return quoted.Append('"').ToString();
    }
}
