using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace EdgeNano.Tests.Mapper;

/// <summary>
/// gRPC calls written as raw HTTP/2 frames on a Unix socket, so a test chooses every header
/// itself: Go's gRPC client (edgecore's) sends the socket path as :authority, which .NET's
/// HttpClient will not send. Headers go as HPACK literals without Huffman coding.
/// </summary>
public static class RawHttp2
{
    /// <summary>What the server answered on the call's stream: a HEADERS frame (taken) or RST_STREAM (refused), with the frames' text.</summary>
    public sealed record Answer(bool Reset, uint ResetCode, string HeaderText);

    /// <summary>
    /// Sends the same call `count` times on one connection, :authority encoded as Go's HPACK
    /// encoder does: the first time a literal with incremental indexing of the static name
    /// :authority (which enters the dynamic table), then the indexed dynamic entry (index 62).
    /// The answer of each call's stream, in order.
    /// </summary>
    public static async Task<List<Answer>> CallAsync(string socketPath, string authority, string path, byte[] message, int count = 1)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var output = new MemoryStream();
        output.Write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8);
        Frame(output, 0x4, 0, 0, []); // SETTINGS, none changed
        var body = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(1), (uint)message.Length);
        message.CopyTo(body, 5);
        for (int call = 0; call < count; call++)
        {
            uint id = (uint)(2 * call + 1);
            var block = new MemoryStream();
            if (call == 0)
            {
                block.WriteByte(0x41); // literal with incremental indexing, name = static index 1 (:authority)
                Literal(block, authority);
            }
            else
            {
                block.WriteByte(0x80 | 62); // indexed: the dynamic table's newest entry
            }
            foreach (var (name, value) in new[] { (":method", "POST"), (":scheme", "http"), (":path", path), ("content-type", "application/grpc"), ("te", "trailers") })
            {
                block.WriteByte(0); // literal header field without indexing, new name
                Literal(block, name);
                Literal(block, value);
            }
            Frame(output, 0x1, 0x4, id, block.ToArray()); // HEADERS, END_HEADERS
            Frame(output, 0x0, 0x1, id, body); // DATA, END_STREAM
        }
        await stream.WriteAsync(output.ToArray());

        var answers = new Dictionary<uint, Answer>();
        var header = new byte[9];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (answers.Count < count)
        {
            await stream.ReadExactlyAsync(header, timeout.Token);
            int length = (header[0] << 16) | (header[1] << 8) | header[2];
            byte type = header[3];
            uint id = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(5)) & 0x7FFFFFFF;
            var payload = new byte[length];
            await stream.ReadExactlyAsync(payload, timeout.Token);
            if (type == 0x4 && (header[4] & 0x1) == 0) await stream.WriteAsync(new byte[] { 0, 0, 0, 0x4, 0x1, 0, 0, 0, 0 }, timeout.Token); // SETTINGS ACK
            if (type == 0x7) throw new IOException($"the server closed the connection (GOAWAY {BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(4))})");
            if (id == 0 || answers.ContainsKey(id)) continue;
            if (type == 0x3) answers[id] = new Answer(true, BinaryPrimitives.ReadUInt32BigEndian(payload), "");
            if (type == 0x1) answers[id] = new Answer(false, 0, Encoding.Latin1.GetString(payload));
        }
        return [.. answers.OrderBy(a => a.Key).Select(a => a.Value)];
    }

    private static void Literal(Stream block, string text)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        if (bytes.Length >= 127) throw new ArgumentException("header too long for this writer", nameof(text));
        block.WriteByte((byte)bytes.Length);
        block.Write(bytes);
    }

    private static void Frame(Stream output, byte type, byte flags, uint stream, byte[] payload)
    {
        Span<byte> header = stackalloc byte[9];
        header[0] = (byte)(payload.Length >> 16);
        header[1] = (byte)(payload.Length >> 8);
        header[2] = (byte)payload.Length;
        header[3] = type;
        header[4] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(header[5..], stream);
        output.Write(header);
        output.Write(payload);
    }
}
