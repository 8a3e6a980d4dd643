using System.Buffers.Binary;

namespace EdgeNano.Cli.Ota;

/// <summary>The binary result frame of docs/ota-protocol.md ("ENO1", kind, status, tag, file, block, body).</summary>
public static class OtaFrame
{
    public const int HeaderSize = 20;
    public const byte KindManifest = 1;
    public const byte KindBlock = 2;
    public const byte StatusOk = 0;
    public const byte StatusUnknownPackage = 1;
    public const byte StatusNoSuchBlock = 2;

    /// <summary>A frame with the given header and body (body may be empty).</summary>
    public static byte[] Build(byte kind, byte status, ReadOnlySpan<byte> tag, int file, int block, ReadOnlySpan<byte> body)
    {
        var frame = new byte[HeaderSize + body.Length];
        "ENO1"u8.CopyTo(frame);
        frame[4] = kind;
        frame[5] = status;
        tag[..8].CopyTo(frame.AsSpan(6, 8));
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14), (ushort)file);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(16), (uint)block);
        body.CopyTo(frame.AsSpan(HeaderSize));
        return frame;
    }

    /// <summary>The tag a frame carries for a package id given as hex (zeros when it is not hex).</summary>
    public static byte[] TagOf(string packageId)
    {
        var tag = new byte[8];
        for (int i = 0; i < 8 && 2 * i + 1 < packageId.Length; i++)
        {
            if (!byte.TryParse(packageId.AsSpan(2 * i, 2), System.Globalization.NumberStyles.HexNumber, null, out tag[i])) return new byte[8];
        }
        return tag;
    }
}
