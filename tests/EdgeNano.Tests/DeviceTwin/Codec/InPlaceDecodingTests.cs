using System.Text;
using CsCheck;
using EdgeNano.DeviceTwin.Json;
using EdgeNano.DeviceTwin.Wire;

namespace EdgeNano.Tests.DeviceTwin.Codec;

/// <summary>
/// Reading a payload in place (devicetwin, gpio and edgehub do, to keep no payload-sized arena
/// or scratch buffer on a small board): strings with escapes are unescaped over their own text.
/// It must read exactly what the copying reader reads (against System.Text.Json as well:
/// JsonReaderDifferentialTests), and never write past a byte it has not read yet.
/// </summary>
public class InPlaceDecodingTests
{
    [Fact]
    public void In_place_a_random_edit_is_refused_exactly_as_by_the_copying_reader()
    {
        JsonReaderDifferentialTests.Mutation.Sample(m =>
        {
            byte[] json = JsonReaderDifferentialTests.Mutate(JsonDocuments.Render(m.Value, m.Seed), m.Edit, m.At, m.Byte);
            var (copyingTokens, copyingError) = TokenStreams.Ours(json);
            var (inPlaceTokens, inPlaceError) = TokenStreams.Ours(json, inPlace: true);
            Assert.Equal(copyingError, inPlaceError);
            Assert.Equal(copyingTokens, inPlaceTokens);
        }, iter: 3000, print: m => Convert.ToHexString(JsonReaderDifferentialTests.Mutate(JsonDocuments.Render(m.Value, m.Seed), m.Edit, m.At, m.Byte)));
    }

    [Fact]
    public void Escapes_are_unescaped_over_their_own_text_and_the_bytes_after_the_string_are_untouched()
    {
        // "\u00e9" (6 bytes) becomes 2, a surrogate pair (12) becomes 4, "\n" (2) becomes 1.
        byte[] json = Encoding.UTF8.GetBytes("[\"a\\u00e9\\ud83d\\ude00\\nb\",\"next\"]");
        var reader = JsonReader.InPlace(8, json.Length);
        reader.Reset(json, 0, json.Length);
        Assert.True(reader.Read());
        Assert.True(reader.Read());
        Assert.Same(json, reader.ValueBuffer);
        Assert.Equal("aé😀\nb", Encoding.UTF8.GetString(reader.ValueBuffer, reader.ValueOffset, reader.ValueLength));
        Assert.Equal(2, reader.ValueOffset);
        Assert.True(reader.Read());
        Assert.Equal("next", reader.GetString());
        Assert.Equal("\",\"next\"]", Encoding.UTF8.GetString(json, json.Length - 9, 9));
    }

    [Fact]
    public void An_in_place_decoder_gives_the_same_message_as_the_copying_one_and_its_text_is_the_payload()
    {
        var original = new TwinMessage(64 * 1024, TwinMessage.DefaultMaxProperties, documents: true);
        var copied = new TwinMessage(64 * 1024, TwinMessage.DefaultMaxProperties, documents: true);
        // No arena to speak of: every string it holds is in the payload.
        var inPlace = new TwinMessage(1, TwinMessage.DefaultMaxProperties, documents: true);
        var encoder = new TwinEncoder();
        var copying = new TwinDecoder(64 * 1024, 8);
        var reading = TwinDecoder.InPlace(64 * 1024, 8);
        byte[] buffer = new byte[64 * 1024];
        Gen.Int.Sample(seed =>
        {
            TwinMessages.Build(original, seed);
            int length = encoder.Encode(original, true, buffer, 0, buffer.Length);
            Assert.True(copying.Decode(buffer, 0, length, copied), copying.Error);
            Assert.True(reading.Decode(buffer, 0, length, inPlace), reading.Error);
            Assert.Same(buffer, inPlace.TextBuffer);
            Assert.Equal(TwinMessages.Describe(copied), TwinMessages.Describe(inPlace));
        }, iter: 1000, threads: 1, print: seed => seed.ToString());
    }

    [Fact]
    public void A_message_decoded_in_place_takes_no_other_text_until_cleared_and_then_has_its_own_arena_again()
    {
        byte[] payload = Encoding.UTF8.GetBytes("{\"event_id\":\"e\\\"1\",\"twin\":{\"k\":null}}");
        var message = new TwinMessage(64, 4, false);
        Assert.True(TwinDecoder.InPlace(payload.Length, 8).Decode(payload, 0, payload.Length, message));
        Assert.Equal("e\"1", message.EventId.GetString());
        Assert.False(message.Reason.Set("not in the payload"));
        message.Clear();
        Assert.True(message.Reason.Set("now it fits"));
        Assert.Equal("now it fits", message.Reason.GetString());
    }

    [Fact]
    public void A_payload_over_the_in_place_decoders_limit_is_refused_before_reading()
    {
        byte[] payload = Encoding.UTF8.GetBytes("{\"event_id\":\"\",\"timestamp\":1}");
        var decoder = TwinDecoder.InPlace(payload.Length - 1, 8);
        Assert.False(decoder.Decode(payload, 0, payload.Length, new TwinMessage(1, 4, false)));
        Assert.Equal(TwinWireError.PayloadTooLarge, decoder.Error);
    }
}
