using System.Text;
using System.Text.Json;
using CsCheck;
using EdgeNano.DeviceTwin.Json;
using EdgeNano.DeviceTwin.Wire;

namespace EdgeNano.Tests.DeviceTwin.Codec;

/// <summary>The twin wire model: KubeEdge's payloads in, the same shapes out.</summary>
public class TwinCodecTests
{
    private readonly TwinDecoder _decoder = new();
    private readonly TwinMessage _message = new();

    private TwinMessage Decoded(string json)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        Assert.True(_decoder.Decode(bytes, 0, bytes.Length, _message), $"{_decoder.Error} at {_decoder.ErrorPosition}");
        Assert.Null(_decoder.Error);
        return _message;
    }

    private string Refused(string json, TwinMessage? message = null, TwinDecoder? decoder = null)
    {
        decoder ??= _decoder;
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        Assert.False(decoder.Decode(bytes, 0, bytes.Length, message ?? _message));
        return decoder.Error!;
    }

    [Fact]
    public void The_protocol_docs_twin_update_with_type_and_empty_metadata_decodes()
    {
        var m = Decoded("{\"event_id\":\"\",\"timestamp\":1656033557685,\"twin\":{\"pv_meter\":{\"actual\":{\"metadata\":{},\"value\":\"19\"},\"metadata\":{\"type\":\"int\"}}}}");
        Assert.True(m.EventId.HasValue);
        Assert.Equal(0, m.EventId.Length);
        Assert.True(m.HasTimestamp);
        Assert.Equal(1656033557685, m.Timestamp);
        Assert.Equal(1, m.PropertyCount);
        var p = m.PropertyAt(0);
        Assert.True(p.Key.Equals("pv_meter"));
        Assert.True(p.Twin.HasValue);
        Assert.Equal(Presence.Value, p.Twin.Actual.Presence);
        Assert.True(p.Twin.Actual.Value.Equals("19"));
        Assert.False(p.Twin.Actual.HasTimestamp);
        Assert.Equal(Presence.Absent, p.Twin.Expected.Presence);
        Assert.True(p.Twin.Type.Equals("int"));
        Assert.False(p.Twin.HasOptional);
        Assert.Equal(Presence.Absent, p.Twin.ExpectedVersion.Presence);
        Assert.Equal(Presence.Absent, m.DeltaPresence);
    }

    [Fact]
    public void The_protocol_docs_twin_update_without_timestamp_decodes()
    {
        var m = Decoded("{\"event_id\":\"123457\",\"twin\":{\"state\":{\"actual\":{\"value\":\"stop\"}}}}");
        Assert.Equal("123457", m.EventId.GetString());
        Assert.False(m.HasTimestamp);
        Assert.True(m.FindProperty("state")!.Twin.Actual.Value.Equals("stop"));
        Assert.True(m.PropertyAt(0).Twin.Type.IsAbsent);
    }

    [Fact]
    public void The_protocol_docs_delta_decodes_with_its_delta_map()
    {
        var m = Decoded("{\"event_id\":\"b962...\",\"timestamp\":1557314742131,\"twin\":{\"state\":{\"expected\":{\"value\":\"running\",\"metadata\":{\"timestamp\":1557314742122}},\"optional\":true,\"metadata\":{\"type\":\"string\"}}},\"delta\":{\"state\":\"running\"}}");
        Assert.Equal("b962...", m.EventId.GetString());
        Assert.Equal(1557314742131, m.Timestamp);
        var twin = m.FindProperty("state")!.Twin;
        Assert.True(twin.Expected.Value.Equals("running"));
        Assert.True(twin.Expected.HasTimestamp);
        Assert.Equal(1557314742122, twin.Expected.Timestamp);
        Assert.True(twin.HasOptional);
        Assert.True(twin.Optional);
        Assert.True(twin.Type.Equals("string"));
        Assert.Equal(Presence.Absent, twin.Actual.Presence);
        Assert.Equal(Presence.Value, m.DeltaPresence);
        Assert.Equal(1, m.DeltaCount);
        Assert.True(m.DeltaKeyAt(0).Equals("state"));
        Assert.True(m.FindDelta("state")!.Equals("running"));
        Assert.Null(m.FindDelta("other"));
    }

    [Fact]
    public void The_protocol_docs_get_result_decodes()
    {
        var m = Decoded("{\"event_id\":\"123456\",\"timestamp\":1557317510926,\"twin\":{\"state\":{\"expected\":{\"value\":\"stop\",\"metadata\":{\"timestamp\":1557316778931}},\"optional\":true,\"metadata\":{\"type\":\"string\"}}}}");
        Assert.Equal("123456", m.EventId.GetString());
        Assert.Equal(1557317510926, m.Timestamp);
        var twin = m.FindProperty("state")!.Twin;
        Assert.Equal("stop", twin.Expected.Value.GetString());
        Assert.Equal(1557316778931, twin.Expected.Timestamp);
        Assert.True(twin.Optional);
        Assert.Equal("string", twin.Type.ToString());
    }

    [Fact]
    public void The_protocol_docs_error_result_decodes_to_code_and_reason()
    {
        var m = Decoded("{\"event_id\":\"e-7\",\"timestamp\":1700000000123,\"code\":400,\"reason\":\"the value is not float\"}");
        Assert.Equal("e-7", m.EventId.GetString());
        Assert.Equal(1700000000123, m.Timestamp);
        Assert.True(m.HasCode);
        Assert.Equal(400, m.Code);
        Assert.Equal("the value is not float", m.Reason.GetString());
        Assert.Equal(Presence.Absent, m.TwinPresence);
        Assert.Equal(0, m.PropertyCount);
    }

    [Fact]
    public void The_protocol_docs_state_update_decodes()
    {
        var m = Decoded("{\"event_id\":\"\",\"timestamp\":1700000000000,\"state\":\"online\"}");
        Assert.True(m.State.Equals("online"));
        Assert.Equal(1700000000000, m.Timestamp);
        Assert.False(m.HasCode);
    }

    [Fact]
    public void Null_absent_and_value_are_told_apart_where_the_protocol_gives_null_a_meaning()
    {
        var m = Decoded("{\"event_id\":null,\"twin\":{\"gone\":null,\"p\":{\"expected\":null,\"actual\":{\"value\":null},\"metadata\":null,\"optional\":null,\"actual_version\":null}},\"delta\":null}");
        Assert.True(m.EventId.IsNull);
        Assert.True(m.FindProperty("gone")!.Twin.IsNull);
        var p = m.FindProperty("p")!.Twin;
        Assert.True(p.HasValue);
        Assert.Equal(Presence.Null, p.Expected.Presence);
        Assert.Equal(Presence.Value, p.Actual.Presence);
        Assert.True(p.Actual.Value.IsNull);
        Assert.True(p.Type.IsAbsent);
        Assert.False(p.HasOptional);
        Assert.Equal(Presence.Null, p.ActualVersion.Presence);
        Assert.Equal(Presence.Absent, p.ExpectedVersion.Presence);
        Assert.Equal(Presence.Null, m.DeltaPresence);
        Assert.True(m.Reason.IsAbsent);
    }

    [Fact]
    public void Unknown_fields_field_order_and_whitespace_do_not_matter()
    {
        var m = Decoded(" {\n \"twin\" : { \"t\" : { \"extra\" : [1, {\"x\": [null]}], \"metadata\" : {\"type\":\"float\", \"more\": {}},\r\n \"actual_version\":{\"edge\":3,\"cloud\":2,\"z\":1.5},\"actual\":{\"metadata\":{\"timestamp\":5,\"q\":\"r\"},\"value\":\"1.5\"}}} ,\t\"future\":{\"a\":true}, \"timestamp\" : -1, \"event_id\":\"x\" } ");
        var t = m.FindProperty("t")!.Twin;
        Assert.True(t.Type.Equals("float"));
        Assert.Equal(2, t.ActualVersion.Cloud);
        Assert.Equal(3, t.ActualVersion.Edge);
        Assert.True(t.Actual.Value.Equals("1.5"));
        Assert.Equal(5, t.Actual.Timestamp);
        Assert.Equal(-1, m.Timestamp);
        Assert.True(m.EventId.Equals("x"));
    }

    [Fact]
    public void A_key_given_twice_keeps_the_later_twin_as_KubeEdges_map_does()
    {
        var m = Decoded("{\"twin\":{\"k\":{\"actual\":{\"value\":\"1\"},\"optional\":false},\"k\":{\"expected\":{\"value\":\"2\"}}},\"delta\":{\"k\":\"1\",\"k\":\"2\"}}");
        Assert.Equal(1, m.PropertyCount);
        var twin = m.PropertyAt(0).Twin;
        Assert.Equal(Presence.Absent, twin.Actual.Presence);
        Assert.False(twin.HasOptional);
        Assert.True(twin.Expected.Value.Equals("2"));
        Assert.Equal(1, m.DeltaCount);
        Assert.True(m.DeltaValueAt(0).Equals("2"));
    }

    [Fact]
    public void Thirty_two_properties_fit_and_a_thirty_third_is_a_clean_error()
    {
        string Twin(int n) => "{\"twin\":{" + string.Join(",", Enumerable.Range(0, n).Select(i => $"\"p{i}\":{{}}")) + "}}";
        Assert.Equal(32, Decoded(Twin(32)).PropertyCount);
        Assert.Equal(TwinWireError.TooManyEntries, Refused(Twin(33)));
        string Delta(int n) => "{\"delta\":{" + string.Join(",", Enumerable.Range(0, n).Select(i => $"\"p{i}\":\"v\"")) + "}}";
        Assert.Equal(32, Decoded(Delta(32)).DeltaCount);
        Assert.Equal(TwinWireError.TooManyEntries, Refused(Delta(33)));
        var small = new TwinMessage(512, 2, false);
        Assert.Equal(TwinWireError.TooManyEntries, Refused("{\"twin\":{\"a\":null,\"b\":null,\"c\":null}}", small));
    }

    [Theory]
    [InlineData("[1]", TwinWireError.NotAnObject)]
    [InlineData("\"twin\"", TwinWireError.NotAnObject)]
    [InlineData("{\"timestamp\":\"1\"}", TwinWireError.WrongType)]
    [InlineData("{\"timestamp\":1.5}", TwinWireError.NotAnInt64)]
    [InlineData("{\"timestamp\":9223372036854775808}", TwinWireError.NotAnInt64)]
    [InlineData("{\"event_id\":7}", TwinWireError.WrongType)]
    [InlineData("{\"twin\":[]}", TwinWireError.WrongType)]
    [InlineData("{\"twin\":{\"a\":\"19\"}}", TwinWireError.WrongType)]
    [InlineData("{\"twin\":{\"a\":{\"actual\":{\"value\":19}}}}", TwinWireError.WrongType)]
    [InlineData("{\"twin\":{\"a\":{\"optional\":\"yes\"}}}", TwinWireError.WrongType)]
    [InlineData("{\"twin\":{\"a\":{\"actual_version\":{\"edge\":\"1\"}}}}", TwinWireError.WrongType)]
    [InlineData("{\"delta\":{\"a\":1}}", TwinWireError.WrongType)]
    [InlineData("{\"twin\":{\"a\":{}},}", JsonError.TrailingComma)]
    [InlineData("{\"twin\":{\"a\":{}}", JsonError.Truncated)]
    [InlineData("{\"twin\":{}} x", JsonError.DataAfterRoot)]
    public void Payloads_that_are_not_twin_messages_are_refused_with_a_reason(string json, string reason)
    {
        Assert.Equal(reason, Refused(json));
    }

    [Theory]
    [InlineData("{\"event_id\":\"a\",\"timestamp\":\"1\"}", 28)]
    [InlineData("{\"twin\":{\"a\":{\"optional\":1}}}", 25)]
    [InlineData("{\"twin\":{\"a\":{\"actual\":{\"value\":\"1\",}}}}", 36)]
    public void A_refused_payload_reports_the_byte_where_the_fault_is(string json, int position)
    {
        Refused(json);
        Assert.Equal(position, _decoder.ErrorPosition);
    }

    [Fact]
    public void Nesting_within_the_depth_limit_decodes_and_one_level_deeper_is_refused()
    {
        // root, twin, property, actual, metadata = 5 levels; unknown fields may nest up to 8.
        Assert.Equal(1, Decoded("{\"twin\":{\"p\":{\"actual\":{\"metadata\":{\"x\":[[{}]]}}}}}").PropertyCount);
        Assert.Equal(JsonError.TooDeep, Refused("{\"twin\":{\"p\":{\"actual\":{\"metadata\":{\"x\":[[[[]]]]}}}}}"));
    }

    [Fact]
    public void A_payload_longer_than_the_message_can_hold_is_refused_before_reading()
    {
        var small = new TwinMessage(64, 4, false);
        string json = "{\"event_id\":\"" + new string('e', 60) + "\"}";
        Assert.Equal(TwinWireError.PayloadTooLarge, Refused(json, small));
        Assert.Equal(JsonError.PayloadTooLarge, Refused(json, new TwinMessage(4096, 4, false), new TwinDecoder(64, 8)));
    }

    [Fact]
    public void Documents_decode_last_and_current_when_the_message_keeps_documents()
    {
        const string json = "{\"event_id\":\"d\",\"timestamp\":9,\"twin\":{\"state\":{\"last\":null,\"current\":{\"expected\":{\"value\":\"on\"},\"metadata\":{\"type\":\"string\"}}}}}";
        var doc = new TwinMessage(4096, 8, documents: true);
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        Assert.True(_decoder.Decode(bytes, 0, bytes.Length, doc));
        var p = doc.FindProperty("state")!;
        Assert.True(p.Last!.IsNull);
        Assert.True(p.Current!.Expected.Value.Equals("on"));
        Assert.True(p.Current.Type.Equals("string"));
        // Without document support the same payload is still accepted; last/current are skipped.
        Assert.Equal(1, Decoded(json).PropertyCount);
        Assert.Null(_message.PropertyAt(0).Last);
    }

    [Fact]
    public void Membership_lists_decode_device_ids_names_and_states()
    {
        var m = Decoded("{\"event_id\":\"m\",\"timestamp\":1,\"added_devices\":[{\"id\":\"default/thermo-01\",\"name\":\"thermo-01\",\"description\":\"x\",\"twin\":{\"t\":{}}}],\"removed_devices\":[{\"id\":\"old\",\"state\":\"offline\"}],\"devices\":null}");
        Assert.Equal(2, m.MemberCount);
        Assert.Equal(MemberDevice.Added, m.MemberAt(0).List);
        Assert.True(m.MemberAt(0).Id.Equals("default/thermo-01"));
        Assert.True(m.MemberAt(0).Name.Equals("thermo-01"));
        Assert.Equal(MemberDevice.Removed, m.MemberAt(1).List);
        Assert.True(m.MemberAt(1).State.Equals("offline"));
        Assert.Equal(0, m.PropertyCount);
        string Devices(int n) => "{\"devices\":[" + string.Join(",", Enumerable.Range(0, n).Select(i => $"{{\"id\":\"d{i}\"}}")) + "]}";
        Assert.Equal(8, Decoded(Devices(8)).MemberCount);
        Assert.Equal(TwinWireError.TooManyEntries, Refused(Devices(9)));
    }

    [Fact]
    public void Fields_compare_with_byte_ranges_and_other_fields_and_copy_out()
    {
        var m = Decoded("{\"event_id\":\"temp\",\"twin\":{\"temp\":{\"actual\":{\"value\":\"21\\u00b0\"}}}}");
        var key = m.PropertyAt(0).Key;
        Assert.True(key.SameAs(m.EventId));
        Assert.False(key.SameAs(m.Reason));
        byte[] table = Encoding.UTF8.GetBytes("xxtempyy");
        Assert.True(key.Equals(table, 2, 4));
        Assert.False(key.Equals(table, 2, 5));
        byte[] out_ = new byte[8];
        var value = m.PropertyAt(0).Twin.Actual.Value;
        Assert.Equal(4, value.CopyTo(out_, 1));
        Assert.Equal("21°", Encoding.UTF8.GetString(out_, 1, 4));
        Assert.Equal(-1, value.CopyTo(out_, 5));
        Assert.Equal("(absent)", m.Reason.ToString());
    }

    [Fact]
    public void Encoded_twin_update_from_the_device_is_what_edgecore_expects()
    {
        var encoder = new TwinEncoder();
        byte[] buffer = new byte[512];
        byte[] key = Encoding.UTF8.GetBytes("door");
        byte[] value = Encoding.UTF8.GetBytes("open");
        encoder.BeginTwinUpdate(buffer, 0, buffer.Length, "ev-1", 1700000000000);
        encoder.AddActual("temperature", "21.5", "float", 1700000000001);
        encoder.AddActual(key, 0, key.Length, value, 0, value.Length, "string", 0);
        encoder.AddExpected("mode", "eco", null!, 0);
        encoder.AddDeleted("old");
        int length = encoder.EndTwinUpdate();
        Assert.True(length > 0);
        string json = Encoding.UTF8.GetString(buffer, 0, length);
        Assert.Equal("{\"event_id\":\"ev-1\",\"timestamp\":1700000000000,\"twin\":{" +
            "\"temperature\":{\"actual\":{\"value\":\"21.5\",\"metadata\":{\"timestamp\":1700000000001}},\"metadata\":{\"type\":\"float\"}}," +
            "\"door\":{\"actual\":{\"value\":\"open\"},\"metadata\":{\"type\":\"string\"}}," +
            "\"mode\":{\"expected\":{\"value\":\"eco\"}},\"old\":null}}", json);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("21.5", doc.RootElement.GetProperty("twin").GetProperty("temperature").GetProperty("actual").GetProperty("value").GetString());
        var m = Decoded(json);
        Assert.Equal(4, m.PropertyCount);
        Assert.True(m.FindProperty("old")!.Twin.IsNull);
    }

    [Fact]
    public void Encoded_get_state_and_error_payloads_have_the_documented_shapes()
    {
        var encoder = new TwinEncoder();
        byte[] buffer = new byte[256];
        Assert.Equal("{\"event_id\":\"g1\",\"timestamp\":5}", Encoding.UTF8.GetString(buffer, 0, encoder.EncodeTwinGet(buffer, 0, 256, "g1", 5)));
        Assert.Equal("{\"event_id\":\"\",\"timestamp\":1700000000000,\"state\":\"online\"}",
            Encoding.UTF8.GetString(buffer, 0, encoder.EncodeStateUpdate(buffer, 0, 256, "", 1700000000000, "online")));
        var request = Decoded("{\"event_id\":\"e-7\",\"twin\":{}}");
        Assert.Equal("{\"event_id\":\"e-7\",\"timestamp\":1700000000123,\"code\":400,\"reason\":\"the value is not float\"}",
            Encoding.UTF8.GetString(buffer, 0, encoder.EncodeError(buffer, 0, 256, request.EventId, 1700000000123, 400, "the value is not float")));
    }

    [Fact]
    public void A_get_result_strips_versions_and_a_delta_carries_its_map()
    {
        var m = new TwinMessage();
        m.EventId.Set("123456");
        m.SetTimestamp(1557317510926);
        var p = m.AddProperty("state")!;
        p.Twin.Expected.Set("stop", 1557316778931);
        p.Twin.SetOptional(true);
        p.Twin.Type.Set("string");
        p.Twin.ExpectedVersion.Set(3, 4);
        m.AddDelta("state", "stop");
        var encoder = new TwinEncoder();
        byte[] buffer = new byte[512];
        string stripped = Encoding.UTF8.GetString(buffer, 0, encoder.Encode(m, false, buffer, 0, buffer.Length));
        Assert.Equal("{\"event_id\":\"123456\",\"timestamp\":1557317510926,\"twin\":{\"state\":{\"expected\":{\"value\":\"stop\",\"metadata\":{\"timestamp\":1557316778931}},\"optional\":true,\"metadata\":{\"type\":\"string\"}}},\"delta\":{\"state\":\"stop\"}}", stripped);
        string full = Encoding.UTF8.GetString(buffer, 0, encoder.Encode(m, true, buffer, 0, buffer.Length));
        Assert.Contains("\"expected_version\":{\"cloud\":3,\"edge\":4}", full);
    }

    [Fact]
    public void Encoding_into_a_buffer_too_small_reports_minus_one_instead_of_throwing()
    {
        var encoder = new TwinEncoder();
        byte[] buffer = new byte[40];
        Assert.Equal(-1, encoder.EncodeStateUpdate(buffer, 0, buffer.Length, "event", 1700000000000, "online"));
        encoder.BeginTwinUpdate(buffer, 0, buffer.Length, "e", 1);
        encoder.AddActual("temperature", "21.5", "float", 1700000000001);
        Assert.Equal(-1, encoder.EndTwinUpdate());
    }

    [Fact]
    public void Any_generated_message_survives_encode_then_decode_with_its_meaning_intact()
    {
        var original = new TwinMessage(64 * 1024, TwinMessage.DefaultMaxProperties, documents: true);
        var decoded = new TwinMessage(64 * 1024, TwinMessage.DefaultMaxProperties, documents: true);
        var encoder = new TwinEncoder();
        var decoder = new TwinDecoder(64 * 1024, 8);
        byte[] buffer = new byte[64 * 1024];
        byte[] again = new byte[64 * 1024];
        Gen.Int.Sample(seed =>
        {
            TwinMessages.Build(original, seed);
            int length = encoder.Encode(original, true, buffer, 0, buffer.Length);
            Assert.True(length > 0);
            using (JsonDocument.Parse(buffer.AsMemory(0, length))) { }
            Assert.True(decoder.Decode(buffer, 0, length, decoded), decoder.Error);
            Assert.Equal(TwinMessages.Describe(original), TwinMessages.Describe(decoded));
            int length2 = encoder.Encode(decoded, true, again, 0, again.Length);
            Assert.Equal(buffer.AsSpan(0, length).ToArray(), again.AsSpan(0, length2).ToArray());
        }, iter: 1000, threads: 1, print: seed => seed.ToString());
    }

    public static readonly string[] ValidPayloads =
    [
        "{\"event_id\":\"\",\"timestamp\":1656033557685,\"twin\":{\"pv_meter\":{\"actual\":{\"metadata\":{},\"value\":\"19\"},\"metadata\":{\"type\":\"int\"}}}}",
        "{\"event_id\":\"b962...\",\"timestamp\":1557314742131,\"twin\":{\"state\":{\"expected\":{\"value\":\"running\",\"metadata\":{\"timestamp\":1557314742122}},\"optional\":true,\"metadata\":{\"type\":\"string\"}}},\"delta\":{\"state\":\"running\"}}",
        "{\"event_id\":\"123456\",\"timestamp\":1557317510926,\"twin\":{\"state\":{\"expected\":{\"value\":\"stop\",\"metadata\":{\"timestamp\":1557316778931}},\"optional\":true,\"metadata\":{\"type\":\"string\"}},\"t\":{\"actual_version\":{\"cloud\":1,\"edge\":2},\"actual\":{\"value\":\"\\u00e9\\ud83d\\ude00\"}}}}",
        "{\"event_id\":\"e-7\",\"timestamp\":1700000000123,\"code\":400,\"reason\":\"the value is not float\"}",
    ];

    [Fact]
    public void Random_edits_of_valid_payloads_never_throw_and_either_decode_or_say_why()
    {
        var decoder = new TwinDecoder();
        var message = new TwinMessage();
        var gen = Gen.Select(Gen.Int[0, ValidPayloads.Length - 1], Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Byte);
        int refused = 0;
        gen.Sample((which, edit, at, value) =>
        {
            byte[] json = JsonReaderDifferentialTests.Mutate(Encoding.UTF8.GetBytes(ValidPayloads[which]), edit, at, value);
            bool ok = decoder.Decode(json, 0, json.Length, message);
            Assert.Equal(ok, decoder.Error == null);
            if (!ok)
            {
                refused++;
                Assert.InRange(decoder.ErrorPosition, 0, json.Length);
            }
            // Whatever the decoder accepts is JSON that System.Text.Json accepts too.
            if (ok) Assert.False(TokenStreams.Reference(json).Refused, "accepted what System.Text.Json refuses");
        }, iter: 5000, threads: 1);
        Assert.InRange(refused, 500, 4990);
    }

    [Fact]
    public void Decoding_and_encoding_allocate_nothing_once_warm()
    {
        var decoder = new TwinDecoder();
        var message = new TwinMessage();
        var encoder = new TwinEncoder();
        byte[] output = new byte[1024];
        byte[][] payloads = ValidPayloads.Select(Encoding.UTF8.GetBytes).ToArray();
        byte[] key = Encoding.UTF8.GetBytes("temperature");
        byte[] value = Encoding.UTF8.GetBytes("21.5");
        int work = 0;
        void Round()
        {
            foreach (byte[] p in payloads)
            {
                if (decoder.Decode(p, 0, p.Length, message)) work++;
                work += encoder.Encode(message, false, output, 0, output.Length);
            }
            encoder.BeginTwinUpdate(output, 0, output.Length, "ev", 1700000000000);
            encoder.AddActual(key, 0, key.Length, value, 0, value.Length, "float", 1700000000001);
            encoder.AddActual("door", "open", "string", 0);
            work += encoder.EndTwinUpdate();
            work += encoder.EncodeTwinGet(output, 0, output.Length, "ev", 1);
            work += encoder.EncodeStateUpdate(output, 0, output.Length, "ev", 1, "online");
        }
        for (int i = 0; i < 10; i++) Round();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) Round();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(work > 1010 * 4);
    }
}
