using System.Text;
using EdgeNano.DeviceTwin.Json;

namespace EdgeNano.Tests.DeviceTwin.Codec;

/// <summary>The reader's strictness, limits and helpers, case by case.</summary>
public class JsonReaderTests
{
    private static (JsonReader Reader, bool Completed) ReadAll(string json, JsonReader? reader = null)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        reader ??= new JsonReader();
        reader.Reset(bytes, 0, bytes.Length);
        while (reader.Read()) { }
        return (reader, reader.IsFinished);
    }

    [Theory]
    [InlineData("[1,]", JsonError.TrailingComma, 3)]
    [InlineData("{\"a\":1,}", JsonError.TrailingComma, 7)]
    [InlineData("[1] // note", JsonError.DataAfterRoot, 4)]
    [InlineData("{/*c*/}", JsonError.CommentsNotAllowed, 1)]
    [InlineData("[01]", JsonError.LeadingZero, 1)]
    [InlineData("[-012]", JsonError.LeadingZero, 2)]
    [InlineData("[1.]", JsonError.InvalidNumber, 3)]
    [InlineData("[.5]", JsonError.InvalidCharacter, 1)]
    [InlineData("[+1]", JsonError.InvalidCharacter, 1)]
    [InlineData("[1e]", JsonError.InvalidNumber, 3)]
    [InlineData("[\"a\tb\"]", JsonError.ControlCharacter, 3)]
    [InlineData("[\"\\x\"]", JsonError.InvalidEscape, 2)]
    [InlineData("[\"\\u12G4\"]", JsonError.InvalidEscape, 6)]
    [InlineData("[\"\\ud800\"]", JsonError.LoneSurrogate, 2)]
    [InlineData("[\"\\udc00\\ud800\"]", JsonError.LoneSurrogate, 2)]
    [InlineData("[\"\\ud800\\u0041\"]", JsonError.LoneSurrogate, 2)]
    [InlineData("{} {}", JsonError.DataAfterRoot, 3)]
    [InlineData("1 2", JsonError.DataAfterRoot, 2)]
    [InlineData("{\"a\":1", JsonError.Truncated, 6)]
    [InlineData("{\"a\"", JsonError.Truncated, 4)]
    [InlineData("[\"abc", JsonError.Truncated, 5)]
    [InlineData("[tru", JsonError.Truncated, 4)]
    [InlineData("[trUe]", JsonError.InvalidLiteral, 3)]
    [InlineData("[nullx]", JsonError.InvalidLiteral, 5)]
    [InlineData("", JsonError.Truncated, 0)]
    [InlineData("   ", JsonError.Truncated, 3)]
    [InlineData("{'a':1}", JsonError.ExpectedPropertyName, 1)]
    [InlineData("{\"a\" 1}", JsonError.ExpectedColon, 5)]
    [InlineData("[1 2]", JsonError.ExpectedCommaOrEndArray, 3)]
    [InlineData("{\"a\":1 \"b\":2}", JsonError.ExpectedCommaOrEndObject, 7)]
    [InlineData("[1}", JsonError.ExpectedCommaOrEndArray, 2)]
    public void Malformed_json_is_refused_with_a_reason_and_the_byte_where_it_went_wrong(string json, string reason, int position)
    {
        var (reader, completed) = ReadAll(json);
        Assert.False(completed);
        Assert.Equal(reason, reader.Error);
        Assert.Equal(position, reader.ErrorPosition);
        Assert.False(reader.Read());
    }

    [Fact]
    public void Invalid_utf8_in_a_string_is_refused()
    {
        foreach (byte[] bad in new[] { new byte[] { 0xC0, 0x80 }, [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x80] })
        {
            byte[] json = [(byte)'"', .. bad, (byte)'"'];
            var reader = new JsonReader();
            reader.Reset(json, 0, json.Length);
            Assert.False(reader.Read());
            Assert.Equal(JsonError.InvalidUtf8, reader.Error);
        }
    }

    [Fact]
    public void Nesting_eight_deep_is_read_and_nine_deep_is_refused_cleanly()
    {
        Assert.True(ReadAll(new string('[', 8) + new string(']', 8)).Completed);
        Assert.True(ReadAll("{\"a\":" + new string('[', 7) + new string(']', 7) + "}").Completed);
        var (reader, completed) = ReadAll(new string('[', 9) + new string(']', 9));
        Assert.False(completed);
        Assert.Equal(JsonError.TooDeep, reader.Error);
        Assert.Equal(8, reader.ErrorPosition);
    }

    [Fact]
    public void A_configured_depth_limit_of_two_refuses_the_third_level()
    {
        Assert.True(ReadAll("[[1]]", new JsonReader(2, 100)).Completed);
        Assert.Equal(JsonError.TooDeep, ReadAll("[[[1]]]", new JsonReader(2, 100)).Reader.Error);
    }

    [Fact]
    public void A_payload_over_the_limit_is_refused_before_any_token()
    {
        string big = "[\"" + new string('x', 4093) + "\"]";  // 4097 bytes
        var (reader, completed) = ReadAll(big);
        Assert.False(completed);
        Assert.Equal(JsonError.PayloadTooLarge, reader.Error);
        Assert.Equal(JsonToken.None, reader.TokenType);
        Assert.True(ReadAll(big[1..]).Reader.Error != JsonError.PayloadTooLarge);
        Assert.True(ReadAll("[\"" + new string('x', 4092) + "\"]").Completed);
    }

    [Theory]
    [InlineData("9223372036854775807", true, long.MaxValue)]
    [InlineData("-9223372036854775808", true, long.MinValue)]
    [InlineData("9223372036854775808", false, 0L)]
    [InlineData("-9223372036854775809", false, 0L)]
    [InlineData("99999999999999999999", false, 0L)]
    [InlineData("-0", true, 0L)]
    [InlineData("1.0", false, 0L)]
    [InlineData("1e2", false, 0L)]
    [InlineData("1656033557685", true, 1656033557685L)]
    public void Numbers_read_as_exact_int64_only_when_they_are_integers_in_range(string number, bool fits, long expected)
    {
        byte[] bytes = Encoding.ASCII.GetBytes("[" + number + "]");
        var reader = new JsonReader();
        reader.Reset(bytes, 0, bytes.Length);
        Assert.True(reader.Read());
        Assert.True(reader.Read());
        Assert.Equal(JsonToken.Number, reader.TokenType);
        Assert.Equal(fits, reader.TryGetInt64(out long value));
        Assert.Equal(expected, value);
        Assert.Equal(number, Encoding.ASCII.GetString(reader.ValueBuffer, reader.ValueOffset, reader.ValueLength));
    }

    [Fact]
    public void Escapes_and_surrogate_pairs_are_unescaped_to_utf8()
    {
        byte[] json = Encoding.UTF8.GetBytes("[\"q\\\"b\\\\s\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\\u0000é\"]");
        var reader = new JsonReader();
        reader.Reset(json, 0, json.Length);
        reader.Read();
        reader.Read();
        Assert.Equal("q\"b\\s/\b\f\n\r\té😀\0é", reader.GetString());
        Assert.Equal(Encoding.UTF8.GetBytes("q\"b\\s/\b\f\n\r\té😀\0é"), reader.ValueBuffer.AsSpan(reader.ValueOffset, reader.ValueLength).ToArray());
    }

    [Fact]
    public void Names_compare_with_ascii_literals_and_byte_ranges_and_copy_out()
    {
        byte[] json = Encoding.UTF8.GetBytes("{\"ev\\u0065nt_id\":1,\"twin\":2}");
        var reader = new JsonReader();
        reader.Reset(json, 0, json.Length);
        reader.Read();
        reader.Read();
        Assert.True(reader.ValueEquals("event_id"));
        Assert.False(reader.ValueEquals("event_i"));
        Assert.False(reader.ValueEquals("event_ie"));
        byte[] copy = new byte[10];
        Assert.Equal(8, reader.CopyValue(copy, 2));
        Assert.True(reader.ValueEquals(copy, 2, 8));
        Assert.Equal(-1, reader.CopyValue(copy, 3));
    }

    [Fact]
    public void Skip_passes_over_a_whole_value_whatever_it_holds()
    {
        byte[] json = Encoding.UTF8.GetBytes("{\"skip\":{\"a\":[1,{\"b\":null}],\"c\":\"}\"},\"keep\":true,\"s\":[],\"x\":5}");
        var reader = new JsonReader();
        reader.Reset(json, 0, json.Length);
        reader.Read();
        var seen = new List<string>();
        while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
        {
            seen.Add(reader.GetString());
            if (reader.ValueEquals("keep"))
            {
                reader.Read();
                Assert.Equal(JsonToken.True, reader.TokenType);
            }
            else Assert.True(reader.Skip());
        }
        Assert.Equal(["skip", "keep", "s", "x"], seen);
        Assert.Equal(JsonToken.EndObject, reader.TokenType);
        Assert.False(reader.Read());
        Assert.True(reader.IsFinished);
    }

    [Fact]
    public void Skip_of_a_truncated_value_reports_the_error()
    {
        byte[] json = Encoding.UTF8.GetBytes("{\"a\":[1,2");
        var reader = new JsonReader();
        reader.Reset(json, 0, json.Length);
        reader.Read();
        reader.Read();
        Assert.False(reader.Skip());
        Assert.Equal(JsonError.Truncated, reader.Error);
    }

    [Fact]
    public void A_segment_in_the_middle_of_a_buffer_is_read_alone()
    {
        byte[] buffer = Encoding.UTF8.GetBytes("xx[\"é\"]yy");
        var reader = new JsonReader();
        reader.Reset(buffer, 2, buffer.Length - 4);
        Assert.True(reader.Read());
        Assert.True(reader.Read());
        Assert.Equal(1, reader.TokenPosition);
        Assert.Equal("é", reader.GetString());
        Assert.True(reader.Read());
        Assert.False(reader.Read());
        Assert.True(reader.IsFinished);
    }

    [Fact]
    public void Reading_allocates_nothing_once_constructed()
    {
        byte[] json = Encoding.UTF8.GetBytes("{\"a\":[1,-2.5e3,true,false,null,\"x\\n\\u00e9\"],\"b\":{\"c\":\"d\"}}");
        var reader = new JsonReader();
        int tokens = 0;
        for (int i = 0; i < 10; i++) tokens += Walk(reader, json);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) tokens += Walk(reader, json);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(1010 * 16, tokens);
    }

    private static int Walk(JsonReader reader, byte[] json)
    {
        reader.Reset(json, 0, json.Length);
        int n = 0;
        while (reader.Read())
        {
            n++;
            reader.TryGetInt64(out _);
        }
        return n;
    }
}
