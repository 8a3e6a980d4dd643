using System.Text;
using CsCheck;

namespace EdgeNano.Tests.DeviceTwin.Codec;

/// <summary>EdgeNano's reader against System.Text.Json's on generated and mutated documents.</summary>
public class JsonReaderDifferentialTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)] // JsonReader.InPlace, unescaping over the input
    public void Every_generated_document_reads_to_the_same_tokens_and_values_as_System_Text_Json(bool inPlace)
    {
        JsonDocuments.Document.Sample(doc =>
        {
            byte[] json = JsonDocuments.Render(doc.Value, doc.Seed);
            var (ours, error) = TokenStreams.Ours(json, inPlace: inPlace);
            var (reference, refused) = TokenStreams.Reference(json);
            Assert.False(refused, "System.Text.Json refused a generated document: " + Encoding.UTF8.GetString(json));
            Assert.Null(error);
            Assert.Equal(reference, ours);
        }, iter: 3000, print: doc => Encoding.UTF8.GetString(JsonDocuments.Render(doc.Value, doc.Seed)));
    }

    /// <summary>Flip, insert, delete or truncate: one random edit of a valid document.</summary>
    public static readonly Gen<(JsonValue Value, int Seed, int Edit, int At, byte Byte)> Mutation =
        Gen.Select(JsonDocuments.Value(8), Gen.Int, Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.OneOf(
            Gen.Byte,
            Gen.OneOf((byte)'{', (byte)'}', (byte)'[', (byte)']', (byte)',', (byte)':', (byte)'"', (byte)'\\',
                (byte)'0', (byte)'-', (byte)'.', (byte)'e', (byte)'u', (byte)' ', (byte)'/', (byte)'t', (byte)'n')));

    public static byte[] Mutate(byte[] json, int edit, int at, byte value)
    {
        var bytes = new List<byte>(json);
        int i = bytes.Count == 0 ? 0 : at % bytes.Count;
        switch (edit)
        {
            case 0 when bytes.Count > 0: bytes[i] = value; break;
            case 1: bytes.Insert(at % (bytes.Count + 1), value); break;
            case 2 when bytes.Count > 0: bytes.RemoveAt(i); break;
            default: bytes.RemoveRange(i, bytes.Count - i); break;
        }
        return bytes.ToArray();
    }

    [Fact]
    public void After_a_random_edit_the_reader_never_throws_and_refuses_exactly_what_System_Text_Json_refuses()
    {
        Mutation.Sample(m =>
        {
            byte[] json = Mutate(JsonDocuments.Render(m.Value, m.Seed), m.Edit, m.At, m.Byte);
            var (ours, error) = TokenStreams.Ours(json);
            var (reference, refused) = TokenStreams.Reference(json);
            Assert.True(refused == (error != null),
                $"System.Text.Json {(refused ? "refused" : "accepted")}, EdgeNano said {error ?? "fine"}");
            if (!refused) Assert.Equal(reference, ours);
        }, iter: 5000, print: m => Convert.ToHexString(Mutate(JsonDocuments.Render(m.Value, m.Seed), m.Edit, m.At, m.Byte)));
    }
}
