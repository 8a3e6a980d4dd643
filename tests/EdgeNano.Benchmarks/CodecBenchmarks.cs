using System.Buffers;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using EdgeNano.DeviceTwin.Json;
using EdgeNano.DeviceTwin.Wire;

namespace EdgeNano.Benchmarks;

/// <summary>
/// The device codec against System.Text.Json doing the same work on the same payloads:
/// decoding a twin/update/delta and a twin/get/result into a TwinMessage (STJ's
/// Utf8JsonReader walks the document and extracts the same fields into the same message),
/// and encoding a device twin/update (STJ's Utf8JsonWriter writes the same document into a
/// reused buffer). STJ is the baseline of each category. See docs/benchmarks-codec.md.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CodecBenchmarks
{
    private static readonly byte[] Delta = Encoding.UTF8.GetBytes(
        "{\"event_id\":\"b962ac1e-5f1d-4d43-9c7b-2f4f0c1d9e11\",\"timestamp\":1557314742131,\"twin\":{" +
        "\"state\":{\"expected\":{\"value\":\"running\",\"metadata\":{\"timestamp\":1557314742122}},\"actual\":{\"value\":\"stop\",\"metadata\":{\"timestamp\":1557314740000}},\"optional\":true,\"metadata\":{\"type\":\"string\"}}," +
        "\"setpoint\":{\"expected\":{\"value\":\"21.5\",\"metadata\":{\"timestamp\":1557314742122}},\"actual\":{\"value\":\"20.0\",\"metadata\":{\"timestamp\":1557314740000}},\"optional\":false,\"metadata\":{\"type\":\"float\"}}," +
        "\"fan\":{\"expected\":{\"value\":\"true\",\"metadata\":{\"timestamp\":1557314742122}},\"actual\":{\"value\":\"false\",\"metadata\":{\"timestamp\":1557314740000}},\"optional\":true,\"metadata\":{\"type\":\"boolean\"}}," +
        "\"interval\":{\"expected\":{\"value\":\"30\",\"metadata\":{\"timestamp\":1557314742122}},\"actual\":{\"value\":\"60\",\"metadata\":{\"timestamp\":1557314740000}},\"optional\":true,\"metadata\":{\"type\":\"int\"}}}," +
        "\"delta\":{\"state\":\"running\",\"setpoint\":\"21.5\",\"fan\":\"true\",\"interval\":\"30\"}}");

    private static readonly byte[] GetResult = Encoding.UTF8.GetBytes(
        "{\"event_id\":\"123456\",\"timestamp\":1557317510926,\"twin\":{" +
        "\"state\":{\"expected\":{\"value\":\"stop\",\"metadata\":{\"timestamp\":1557316778931}},\"optional\":true,\"metadata\":{\"type\":\"string\"}}," +
        "\"temperature\":{\"actual\":{\"value\":\"21.7\",\"metadata\":{\"timestamp\":1557317500000}},\"optional\":true,\"metadata\":{\"type\":\"float\"}}," +
        "\"humidity\":{\"actual\":{\"value\":\"48\",\"metadata\":{\"timestamp\":1557317500000}},\"optional\":true,\"metadata\":{\"type\":\"int\"}}," +
        "\"door\":{\"expected\":{\"value\":\"closed\",\"metadata\":{\"timestamp\":1557316778931}},\"actual\":{\"value\":\"open\",\"metadata\":{\"timestamp\":1557317500000}},\"optional\":false,\"metadata\":{\"type\":\"string\"}}," +
        "\"relay\":{\"expected\":{\"value\":\"true\",\"metadata\":{\"timestamp\":1557316778931}},\"actual\":{\"value\":\"true\",\"metadata\":{\"timestamp\":1557317500000}},\"optional\":true,\"metadata\":{\"type\":\"boolean\"}}," +
        "\"interval\":{\"expected\":{\"value\":\"30\",\"metadata\":{\"timestamp\":1557316778931}},\"optional\":true,\"metadata\":{\"type\":\"int\"}}}}");

    private static readonly string[] Keys = ["temperature", "humidity", "door", "relay"];
    private static readonly string[] Values = ["21.7", "48", "open", "true"];
    private static readonly string[] Types = ["float", "int", "string", "boolean"];

    private readonly TwinDecoder _decoder = new();
    private readonly TwinMessage _message = new();
    private readonly TwinEncoder _encoder = new();
    private readonly byte[] _output = new byte[1024];
    private readonly ArrayBufferWriter<byte> _stjOutput = new(1024);
    private readonly Utf8JsonWriter _stjWriter;

    public CodecBenchmarks()
    {
        _stjWriter = new Utf8JsonWriter(_stjOutput);
    }

    /// <summary>Both decoders must extract the same message, or the comparison means nothing.</summary>
    [GlobalSetup]
    public void CheckBothDecodersAgree()
    {
        foreach (byte[] payload in new[] { Delta, GetResult })
        {
            StjDecoder.Decode(payload, _message);
            string viaStj = Encoding.UTF8.GetString(_output, 0, _encoder.Encode(_message, true, _output, 0, _output.Length));
            if (!_decoder.Decode(payload, 0, payload.Length, _message)) throw new InvalidOperationException(_decoder.Error);
            string viaEdgeNano = Encoding.UTF8.GetString(_output, 0, _encoder.Encode(_message, true, _output, 0, _output.Length));
            if (viaStj != viaEdgeNano) throw new InvalidOperationException($"decoders disagree:\n{viaStj}\n{viaEdgeNano}");
        }
        string ours = Encoding.UTF8.GetString(_output, 0, EncodeUpdate_EdgeNano());
        EncodeUpdate_SystemTextJson();
        string theirs = Encoding.UTF8.GetString(_stjOutput.WrittenSpan);
        if (ours != theirs) throw new InvalidOperationException($"encoders disagree:\n{theirs}\n{ours}");
    }

    [Benchmark(Baseline = true), BenchmarkCategory("decode delta")]
    public int DecodeDelta_SystemTextJson() => StjDecoder.Decode(Delta, _message);

    [Benchmark, BenchmarkCategory("decode delta")]
    public int DecodeDelta_EdgeNano() => _decoder.Decode(Delta, 0, Delta.Length, _message) ? _message.PropertyCount : -1;

    [Benchmark(Baseline = true), BenchmarkCategory("decode get/result")]
    public int DecodeGetResult_SystemTextJson() => StjDecoder.Decode(GetResult, _message);

    [Benchmark, BenchmarkCategory("decode get/result")]
    public int DecodeGetResult_EdgeNano() => _decoder.Decode(GetResult, 0, GetResult.Length, _message) ? _message.PropertyCount : -1;

    [Benchmark(Baseline = true), BenchmarkCategory("encode twin/update")]
    public int EncodeUpdate_SystemTextJson()
    {
        _stjOutput.ResetWrittenCount();
        Utf8JsonWriter w = _stjWriter;
        w.Reset(_stjOutput);
        w.WriteStartObject();
        w.WriteString("event_id", "ev-42");
        w.WriteNumber("timestamp", 1700000000000);
        w.WritePropertyName("twin");
        w.WriteStartObject();
        for (int i = 0; i < Keys.Length; i++)
        {
            w.WritePropertyName(Keys[i]);
            w.WriteStartObject();
            w.WritePropertyName("actual");
            w.WriteStartObject();
            w.WriteString("value", Values[i]);
            w.WritePropertyName("metadata");
            w.WriteStartObject();
            w.WriteNumber("timestamp", 1700000000001);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WritePropertyName("metadata");
            w.WriteStartObject();
            w.WriteString("type", Types[i]);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
        w.Flush();
        return _stjOutput.WrittenCount;
    }

    [Benchmark, BenchmarkCategory("encode twin/update")]
    public int EncodeUpdate_EdgeNano()
    {
        _encoder.BeginTwinUpdate(_output, 0, _output.Length, "ev-42", 1700000000000);
        for (int i = 0; i < Keys.Length; i++) _encoder.AddActual(Keys[i], Values[i], Types[i], 1700000000001);
        return _encoder.EndTwinUpdate();
    }

    /// <summary>The same extraction as TwinDecoder, on Utf8JsonReader: same fields, same message, strings copied unescaped.</summary>
    private static class StjDecoder
    {
        [ThreadStatic] private static byte[]? t_scratch;

        public static int Decode(byte[] payload, TwinMessage m)
        {
            m.Clear();
            var r = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 8 });
            r.Read();
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("event_id"u8)) Text(ref r, m.EventId);
                else if (r.ValueTextEquals("timestamp"u8)) { r.Read(); m.SetTimestamp(r.GetInt64()); }
                else if (r.ValueTextEquals("twin"u8)) Twin(ref r, m);
                else if (r.ValueTextEquals("delta"u8))
                {
                    r.Read();
                    m.DeltaPresence = Presence.Value;
                    while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                    {
                        int n = Copy(ref r);
                        r.Read();
                        int v = r.CopyString(Scratch.AsSpan(n));
                        m.AddDelta(Scratch, 0, n, Scratch, n, v);
                    }
                }
                else r.Skip();
            }
            return m.PropertyCount;
        }

        private static byte[] Scratch => t_scratch ??= new byte[4096];

        private static int Copy(ref Utf8JsonReader r) => r.CopyString(Scratch);

        private static void Text(ref Utf8JsonReader r, WireText field)
        {
            r.Read();
            if (r.TokenType == JsonTokenType.Null) field.SetNull();
            else field.Set(Scratch, 0, r.CopyString(Scratch));
        }

        private static void Twin(ref Utf8JsonReader r, TwinMessage m)
        {
            r.Read();
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                TwinProperty p = m.AddProperty(Scratch, 0, Copy(ref r))!;
                r.Read();
                while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                {
                    if (r.ValueTextEquals("expected"u8)) Value(ref r, p.Twin.Expected);
                    else if (r.ValueTextEquals("actual"u8)) Value(ref r, p.Twin.Actual);
                    else if (r.ValueTextEquals("optional"u8)) { r.Read(); p.Twin.SetOptional(r.GetBoolean()); }
                    else if (r.ValueTextEquals("metadata"u8))
                    {
                        r.Read();
                        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                        {
                            if (r.ValueTextEquals("type"u8)) Text(ref r, p.Twin.Type);
                            else r.Skip();
                        }
                    }
                    else r.Skip();
                }
            }
        }

        private static void Value(ref Utf8JsonReader r, TwinValue value)
        {
            r.Read();
            value.Presence = Presence.Value;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("value"u8)) Text(ref r, value.Value);
                else if (r.ValueTextEquals("metadata"u8))
                {
                    r.Read();
                    while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                    {
                        if (r.ValueTextEquals("timestamp"u8))
                        {
                            r.Read();
                            value.HasTimestamp = true;
                            value.Timestamp = r.GetInt64();
                        }
                        else r.Skip();
                    }
                }
                else r.Skip();
            }
        }
    }
}
