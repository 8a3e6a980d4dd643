using EdgeNano.DeviceTwin.Wire;

namespace EdgeNano.Fuzz.Targets;

/// <summary>
/// The twin wire decoder as a device and as the twin hub configure it. A refusal must name its
/// reason and a position inside the payload; a payload either configuration accepts must
/// re-encode to bytes that decode to the same message (encoding that again gives the same
/// bytes).
/// </summary>
public sealed class TwinDecoderTarget : FuzzTarget
{
    // The hub's sizes: large enough that a re-encoded payload (escapes can grow it) still fits.
    private const int HubPayload = 64 * 1024;

    // A device: default 4096-byte payloads, 8 deep, escaped strings up to 512 bytes, no documents.
    private readonly TwinDecoder _device = new(4096, 8, 512);
    private readonly TwinMessage _deviceMessage = new();
    // The hub: big payloads and document (last/current) support.
    private readonly TwinDecoder _hub = new(HubPayload, 8);
    private readonly TwinMessage _hubMessage = new(HubPayload, TwinMessage.DefaultMaxProperties, documents: true);

    private readonly TwinEncoder _encoder = new();
    private readonly TwinMessage _again = new(HubPayload, TwinMessage.DefaultMaxProperties, documents: true);
    private readonly byte[] _first = new byte[4 * HubPayload];
    private readonly byte[] _second = new byte[4 * HubPayload];

    public override string Name => "twin-decoder";
    public override string Description => "DeviceTwin/Wire TwinDecoder (device and hub configurations) + encode/decode round trip";
    public override IReadOnlyList<string> Tokens => [.. JsonTokens.Syntax, .. JsonTokens.Twin];

    public override void Run(ReadOnlySpan<byte> input)
    {
        byte[] payload = input.ToArray();
        Decode(_device, _deviceMessage, payload);
        Decode(_hub, _hubMessage, payload);
    }

    private void Decode(TwinDecoder decoder, TwinMessage message, byte[] payload)
    {
        bool ok = decoder.Decode(payload, 0, payload.Length, message);
        Check(ok == (decoder.Error == null), $"Decode returned {ok} with error '{decoder.Error}'");
        if (!ok)
        {
            Check(decoder.ErrorPosition >= 0 && decoder.ErrorPosition <= payload.Length,
                $"error position {decoder.ErrorPosition} outside 0..{payload.Length}");
            return;
        }
        Check(message.PropertyCount <= message.MaxProperties && message.DeltaCount <= message.MaxProperties
            && message.MemberCount <= message.MaxMembers, "a decoded message holds more entries than its capacity");

        int length = _encoder.Encode(message, true, _first, 0, _first.Length);
        Check(length > 0, "a decoded message does not re-encode");
        Check(_hub.Decode(_first, 0, length, _again), $"the re-encoded message does not decode: {_hub.Error} at {_hub.ErrorPosition}");
        int length2 = _encoder.Encode(_again, true, _second, 0, _second.Length);
        Check(_first.AsSpan(0, length).SequenceEqual(_second.AsSpan(0, length2)),
            "encode(decode(encode(m))) differs from encode(m): the round trip changed the message");
    }
}
