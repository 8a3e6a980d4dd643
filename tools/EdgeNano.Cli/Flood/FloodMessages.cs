using System.Text;
using EdgeNano.Cli.Twin;

namespace EdgeNano.Cli.Flood;

/// <summary>A message to publish: where and what.</summary>
public readonly record struct FloodMessage(string Topic, byte[] Payload);

/// <summary>
/// Builds each kind of flood message for one device. Valid ones are made fresh (a new desired
/// value each, in <c>twin set</c>'s exact JSON, to the twin owner); the rest are a fixed set of
/// variants made once at start, so the flood spends its time publishing, not formatting.
/// </summary>
public sealed class FloodMessages
{
    /// <summary>event_id prefix of valid updates, so their results from the owner can be counted.</summary>
    public const string ValidEventPrefix = "flood-v";

    private readonly DeviceTopics _topics;
    private readonly IReadOnlyList<FloodProperty> _properties;
    private readonly FloodMessage[] _invalid;
    private readonly FloodMessage[] _malformed;
    private readonly FloodMessage[] _oversize;
    private readonly FloodMessage[] _other;
    private long _validCount;

    /// <param name="oversizeBytes">The smallest oversize payload; variants go up to 8 times this.</param>
    public FloodMessages(DeviceTopics topics, IReadOnlyList<FloodProperty> properties, int oversizeBytes, int seed)
    {
        _topics = topics;
        _properties = properties;
        var random = new Random(seed);
        _invalid = BuildInvalid();
        _malformed = BuildMalformed(random);
        _oversize = BuildOversize(oversizeBytes);
        _other = BuildOther();
    }

    /// <summary>The properties valid messages set.</summary>
    public IReadOnlyList<FloodProperty> Properties => _properties;

    /// <summary>The next message of a kind; variants are drawn from random.</summary>
    public FloodMessage Next(FloodKind kind, Random random) => kind switch
    {
        FloodKind.Valid => NextValid(),
        FloodKind.Invalid => _invalid[random.Next(_invalid.Length)],
        FloodKind.Malformed => _malformed[random.Next(_malformed.Length)],
        FloodKind.Oversize => _oversize[random.Next(_oversize.Length)],
        _ => _other[random.Next(_other.Length)],
    };

    /// <summary>A new desired value of the next property, to the twin owner: exactly what <c>twin set</c> publishes.</summary>
    public FloodMessage NextValid()
    {
        long n = ++_validCount;
        FloodProperty property = _properties[(int)(n % _properties.Count)];
        string value = property.NextValue();
        return new FloodMessage(_topics.TwinUpdate, TwinPayloads.SetExpected(ValidEventPrefix + n, [new(property.Key, value)], null));
    }

    /// <summary>Well-formed deltas the twin rules must refuse as a whole: wrong type, bad characters, a bad key, a value too long.</summary>
    private FloodMessage[] BuildInvalid()
    {
        var list = new List<FloodMessage>();
        foreach (FloodProperty p in _properties)
        {
            list.Add(Delta(p.Key, p.WrongValue, null));
            list.Add(Delta(p.Key, p.WrongValue, p.Type));
            list.Add(Delta(p.Key, "on off", null));
        }
        list.Add(Delta("bad key", "1", null));
        list.Add(Delta(new string('k', 129), "1", null));
        list.Add(Delta(_properties[0].Key, new string('7', 513), null));
        return list.ToArray();
    }

    private FloodMessage Delta(string key, string value, string? type)
    {
        string metadata = type == null ? "" : ",\"metadata\":{\"type\":\"" + type + "\"}";
        string json = "{\"event_id\":\"flood-i\",\"timestamp\":1700000000000,\"twin\":{\"" + key + "\":{\"expected\":{\"value\":\"" + value + "\"}" +
            metadata + "}},\"delta\":{\"" + key + "\":\"" + value + "\"}}";
        return new FloodMessage(_topics.TwinDelta, Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Not twin JSON: cut short, wrong shape, empty, random bytes, nested too deep, bad escapes and UTF-8, trailing bytes.</summary>
    private FloodMessage[] BuildMalformed(Random random)
    {
        string key = _properties[0].Key;
        byte[] noise = new byte[96];
        random.NextBytes(noise);
        byte[][] payloads =
        [
            Encoding.UTF8.GetBytes("{\"twin\":{\"" + key + "\":"),
            Encoding.UTF8.GetBytes("[1,2"),
            [],
            noise,
            Encoding.UTF8.GetBytes(new string('[', 300) + new string(']', 300)),
            Encoding.UTF8.GetBytes("{\"twin\":{\"" + key + "\":{\"expected\":{\"value\":\"tr\\u00\"}}}}"),
            [.. Encoding.UTF8.GetBytes("{\"twin\":{\"" + key + "\":{\"expected\":{\"value\":\""), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"}}}}")],
            Encoding.UTF8.GetBytes("{\"twin\":{\"" + key + "\":{\"expected\":{\"value\":\"true\"}}}} trailing"),
            Encoding.UTF8.GetBytes("{\"twin\":{\"" + key + "\" {\"expected\":1}}}"),
        ];
        var list = new List<FloodMessage>();
        foreach (byte[] payload in payloads)
        {
            list.Add(new FloodMessage(_topics.TwinDelta, payload));
            list.Add(new FloodMessage(_topics.TwinGetResult, payload));
        }
        return list.ToArray();
    }

    /// <summary>Deltas padded past the device's largest message: from oversizeBytes to 8 times that.</summary>
    private FloodMessage[] BuildOversize(int oversizeBytes)
    {
        var list = new List<FloodMessage>();
        foreach (int size in new[] { oversizeBytes, oversizeBytes * 2, oversizeBytes * 4, oversizeBytes * 8 })
        {
            string head = "{\"event_id\":\"flood-o\",\"twin\":{\"" + _properties[0].Key + "\":{\"expected\":{\"value\":\"true\"}}},\"pad\":\"";
            string json = head + new string('x', Math.Max(0, size - head.Length - 2)) + "\"}";
            list.Add(new FloodMessage(_topics.TwinDelta, Encoding.UTF8.GetBytes(json)));
            list.Add(new FloodMessage(_topics.TwinGetResult, Encoding.UTF8.GetBytes(json)));
        }
        return list.ToArray();
    }

    /// <summary>Deltas and results for neighbours of the device: siblings, a longer name, the other ID form.</summary>
    private FloodMessage[] BuildOther()
    {
        string id = _topics.DeviceId;
        string name = id[(id.LastIndexOf('/') + 1)..];
        string[] others = [id + "-2", id + "x", id + "/extra", name == id ? "default/" + id : name];
        var list = new List<FloodMessage>();
        for (int i = 0; i < 16; i++)
        {
            string other = i < others.Length ? others[i] : id + "-" + i;
            var topics = new DeviceTopics(other);
            byte[] payload = Encoding.UTF8.GetBytes("{\"event_id\":\"flood-x\",\"twin\":{\"" + _properties[0].Key +
                "\":{\"expected\":{\"value\":\"true\"}}},\"delta\":{\"" + _properties[0].Key + "\":\"true\"}}");
            list.Add(new FloodMessage(topics.TwinDelta, payload));
            list.Add(new FloodMessage(topics.TwinGetResult, payload));
            list.Add(new FloodMessage(topics.TwinUpdateResult, payload));
        }
        return list.ToArray();
    }
}
