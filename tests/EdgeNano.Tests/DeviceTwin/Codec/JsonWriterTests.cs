using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using EdgeNano.DeviceTwin.Json;

namespace EdgeNano.Tests.DeviceTwin.Codec;

/// <summary>The writer: output System.Text.Json reads back to the same meaning, overflow without exceptions.</summary>
public class JsonWriterTests
{
    [Fact]
    public void Every_generated_document_written_by_the_writer_parses_back_to_the_same_meaning()
    {
        JsonDocuments.Value(8).Sample(value =>
        {
            byte[] buffer = new byte[64 * 1024];
            var writer = new JsonWriter();
            writer.Reset(buffer, 3);
            Write(writer, value);
            Assert.False(writer.Overflow);
            Assert.Equal(0, writer.Depth);
            using var document = JsonDocument.Parse(buffer.AsMemory(3, writer.Length));
            AssertSameMeaning(value, document.RootElement);
        }, iter: 2000);
    }

    [Fact]
    public void A_buffer_too_small_sets_Overflow_never_throws_and_never_writes_past_its_end()
    {
        var writer = new JsonWriter();
        byte[] full = new byte[256];
        writer.Reset(full, 0);
        WriteSample(writer);
        Assert.False(writer.Overflow);
        int needed = writer.Length;
        for (int size = 0; size < needed; size++)
        {
            byte[] buffer = Enumerable.Repeat((byte)0xAA, needed + 8).ToArray();
            writer.Reset(buffer, 4, size);
            WriteSample(writer);
            Assert.True(writer.Overflow, $"size {size}");
            Assert.True(writer.Length <= size);
            Assert.All(buffer.Take(4).Concat(buffer.Skip(4 + size)), b => Assert.Equal(0xAA, b));
        }
        byte[] exact = new byte[needed];
        writer.Reset(exact, 0, needed);
        WriteSample(writer);
        Assert.False(writer.Overflow);
        Assert.Equal(full.AsSpan(0, needed).ToArray(), exact);
    }

    [Fact]
    public void Quotes_backslashes_and_control_characters_are_escaped_and_text_is_utf8()
    {
        Assert.Equal("[\"a\\\"b\\\\c\\u000a\\u0000\\u001f/é😀\",\"x\\\"\\u0009\"]", Written(w =>
        {
            w.WriteStartArray();
            w.WriteString("a\"b\\c\n\0\u001f/é😀");
            byte[] utf8 = Encoding.UTF8.GetBytes("x\"\t");
            w.WriteString(utf8, 0, utf8.Length);
            w.WriteEndArray();
        }));
    }

    [Fact]
    public void A_lone_surrogate_in_a_string_is_written_as_the_replacement_character()
    {
        Assert.Equal("[\"a\uFFFDb\"]", Written(w =>
        {
            w.WriteStartArray();
            w.WriteString("a\uD800b");
            w.WriteEndArray();
        }));
    }

    [Fact]
    public void Int64_extremes_are_written_exactly()
    {
        Assert.Equal("[-9223372036854775808,9223372036854775807,0,-7,1656033557685]", Written(w =>
        {
            w.WriteStartArray();
            foreach (long n in new[] { long.MinValue, long.MaxValue, 0, -7, 1656033557685 }) w.WriteNumber(n);
            w.WriteEndArray();
        }));
    }

    [Fact]
    public void Commas_and_colons_are_placed_for_the_caller()
    {
        Assert.Equal("{\"a\":1,\"b\":[true,false,null,{}],\"c\":{\"d\":\"e\"},\"f\":[]}", Written(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("a", 1);
            w.WritePropertyName("b");
            w.WriteStartArray();
            w.WriteBoolean(true);
            w.WriteBoolean(false);
            w.WriteNull();
            w.WriteStartObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WritePropertyName("c");
            w.WriteStartObject();
            w.WriteString("d", "e");
            w.WriteEndObject();
            w.WritePropertyName("f");
            w.WriteStartArray();
            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }

    [Fact]
    public void Calls_out_of_order_are_programming_errors_and_throw()
    {
        var writer = new JsonWriter();
        writer.Reset(new byte[100], 0);
        Assert.Throws<InvalidOperationException>(() => writer.WriteEndObject());
        writer.WriteStartObject();
        Assert.Throws<InvalidOperationException>(() => writer.WriteNumber(1));
        Assert.Throws<InvalidOperationException>(() => writer.WriteEndArray());
        Assert.Throws<InvalidOperationException>(() => writer.WriteStartArray());
        writer.Reset(new byte[100], 0);
        writer.WriteStartArray();
        Assert.Throws<InvalidOperationException>(() => writer.WritePropertyName("a"));
    }

    [Fact]
    public void Writing_allocates_nothing()
    {
        var writer = new JsonWriter();
        byte[] buffer = new byte[256];
        for (int i = 0; i < 10; i++) WriteSample(writer, buffer);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int total = 0;
        for (int i = 0; i < 1000; i++) total += WriteSample(writer, buffer);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(total > 1000 * 50);
    }

    private static int WriteSample(JsonWriter writer, byte[] buffer)
    {
        writer.Reset(buffer, 0);
        WriteSample(writer);
        return writer.Length;
    }

    private static void WriteSample(JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("event_id", "e-\"1\"\n");
        writer.WriteNumber("timestamp", -1656033557685);
        writer.WritePropertyName("twin");
        writer.WriteStartArray();
        writer.WriteBoolean(true);
        writer.WriteNull();
        writer.WriteString("é😀");
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static string Written(Action<JsonWriter> write)
    {
        byte[] buffer = new byte[256];
        var writer = new JsonWriter();
        writer.Reset(buffer, 0);
        write(writer);
        Assert.False(writer.Overflow);
        return Encoding.UTF8.GetString(buffer, 0, writer.Length);
    }

    private static void Write(JsonWriter writer, JsonValue value)
    {
        switch (value)
        {
            case JsonObjectValue o:
                writer.WriteStartObject();
                foreach (var (name, member) in o.Members)
                {
                    writer.WritePropertyName(name);
                    Write(writer, member);
                }
                writer.WriteEndObject();
                break;
            case JsonArrayValue a:
                writer.WriteStartArray();
                foreach (var item in a.Items) Write(writer, item);
                writer.WriteEndArray();
                break;
            case JsonStringValue s:
                writer.WriteString(s.Text);
                break;
            case JsonNumberValue n when long.TryParse(n.Raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l):
                writer.WriteNumber(l);
                break;
            case JsonNumberValue n:
                // The writer writes int64 only (all the twin protocol needs); other numbers travel as text here.
                writer.WriteString(n.Raw);
                break;
            case JsonLiteralValue { Raw: "null" }:
                writer.WriteNull();
                break;
            case JsonLiteralValue l:
                writer.WriteBoolean(l.Raw == "true");
                break;
        }
    }

    private static void AssertSameMeaning(JsonValue expected, JsonElement actual)
    {
        switch (expected)
        {
            case JsonObjectValue o:
                Assert.Equal(JsonValueKind.Object, actual.ValueKind);
                var members = actual.EnumerateObject().ToList();
                Assert.Equal(o.Members.Count, members.Count);
                for (int i = 0; i < members.Count; i++)
                {
                    Assert.Equal(o.Members[i].Name, members[i].Name);
                    AssertSameMeaning(o.Members[i].Value, members[i].Value);
                }
                break;
            case JsonArrayValue a:
                Assert.Equal(JsonValueKind.Array, actual.ValueKind);
                var items = actual.EnumerateArray().ToList();
                Assert.Equal(a.Items.Count, items.Count);
                for (int i = 0; i < items.Count; i++) AssertSameMeaning(a.Items[i], items[i]);
                break;
            case JsonStringValue s:
                Assert.Equal(s.Text, actual.GetString());
                break;
            case JsonNumberValue n when long.TryParse(n.Raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l):
                Assert.Equal(l, actual.GetInt64());
                break;
            case JsonNumberValue n:
                Assert.Equal(n.Raw, actual.GetString());
                break;
            case JsonLiteralValue l:
                Assert.Equal(l.Raw, actual.GetRawText());
                break;
        }
    }
}
