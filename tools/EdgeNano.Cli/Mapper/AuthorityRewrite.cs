using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace EdgeNano.Cli.Mapper;

/// <summary>
/// Makes Kestrel take edgecore's gRPC calls. edgecore's Go gRPC client dials the mapper's
/// socket by its path and sends that path as the HTTP/2 <c>:authority</c> (grpc-go 1.56, in
/// KubeEdge v1.16; percent-encoded, <c>%2Fetc%2F...</c>, from grpc-go 1.58 on, in later
/// releases). Kestrel holds <c>:authority</c> to the rules of a Host header and resets such a
/// stream (PROTOCOL_ERROR), with no option to relax it (dotnet/aspnetcore#47043), so without
/// this every RegisterDevice, UpdateDevice and RemoveDevice edgecore sends would fail.
/// <para>
/// This sits between the socket and Kestrel's HTTP/2 parser and rewrites, in each header block
/// the client sends, the value of every <c>:authority</c> field to <c>localhost</c> (meaningless
/// on a Unix socket either way). Only the value's bytes change: each field keeps its HPACK
/// representation, so an authority the client adds to its dynamic table is added to Kestrel's at
/// the same place, and later references to it stay in step. Every other frame passes unchanged.
/// </para>
/// </summary>
internal static class AuthorityRewrite
{
    private const int FrameHeaderLength = 9;
    private const byte Headers = 0x1, Continuation = 0x9;
    private const byte EndStream = 0x1, EndHeaders = 0x4, Padded = 0x8, Priority = 0x20;

    /// <summary>The HTTP/2 default SETTINGS_MAX_FRAME_SIZE, which Kestrel keeps: rewritten blocks are cut to it.</summary>
    private const int MaxFrame = 16384;

    /// <summary>HPACK static table index of <c>:authority</c>.</summary>
    private const int AuthorityIndex = 1;

    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();
    private static readonly byte[] AuthorityName = ":authority"u8.ToArray();
    private static readonly byte[] Localhost = "localhost"u8.ToArray();

    /// <summary>The Kestrel connection middleware.</summary>
    public static ConnectionDelegate Middleware(ConnectionDelegate next) => async connection =>
    {
        IDuplexPipe transport = connection.Transport;
        var rewritten = new Pipe();
        connection.Transport = new Duplex(rewritten.Reader, transport.Output);
        Task pump = PumpAsync(transport.Input, rewritten.Writer);
        try
        {
            await next(connection);
        }
        finally
        {
            await rewritten.Reader.CompleteAsync();
            connection.Transport = transport;
            await pump;
        }
    };

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;
        public PipeWriter Output => output;
    }

    private static async Task PumpAsync(PipeReader input, PipeWriter output)
    {
        Exception? failure = null;
        try
        {
            var stream = new FrameStream();
            while (true)
            {
                ReadResult read = await input.ReadAsync();
                ReadOnlySequence<byte> buffer = read.Buffer;
                SequencePosition consumed = stream.Take(buffer, output);
                input.AdvanceTo(consumed, buffer.End);
                FlushResult flushed = await output.FlushAsync();
                if (read.IsCompleted || flushed.IsCompleted) break;
            }
        }
        catch (Exception e)
        {
            failure = e;
        }
        await input.CompleteAsync(failure);
        await output.CompleteAsync(failure);
    }

    /// <summary>The client's side of one connection: the preface, then frames; header blocks are gathered until END_HEADERS.</summary>
    private sealed class FrameStream
    {
        private bool _prefaceSeen;
        private readonly ArrayBufferWriter<byte> _block = new();
        private byte _blockFlags;
        private uint _blockStream;
        private byte[]? _priority;

        /// <summary>Writes what can be passed on; returns how far the buffer was used (a partial frame waits for more).</summary>
        public SequencePosition Take(ReadOnlySequence<byte> buffer, PipeWriter output)
        {
            var reader = new SequenceReader<byte>(buffer);
            if (!_prefaceSeen)
            {
                if (reader.Remaining < Preface.Length) return reader.Position;
                Span<byte> preface = stackalloc byte[Preface.Length];
                reader.TryCopyTo(preface);
                // Not HTTP/2 with prior knowledge: leave it to Kestrel, which refuses it.
                if (!preface.SequenceEqual(Preface)) throw new InvalidDataException("not an HTTP/2 connection preface");
                reader.Advance(Preface.Length);
                output.Write(Preface);
                _prefaceSeen = true;
            }
            Span<byte> header = stackalloc byte[FrameHeaderLength];
            while (reader.Remaining >= FrameHeaderLength)
            {
                reader.TryCopyTo(header);
                int length = (header[0] << 16) | (header[1] << 8) | header[2];
                if (reader.Remaining < FrameHeaderLength + length) break;
                byte type = header[3];
                ReadOnlySequence<byte> payload = buffer.Slice(reader.Position).Slice(FrameHeaderLength, length);
                if (type is Headers or Continuation) Gather(header, payload, output);
                else
                {
                    output.Write(header);
                    foreach (ReadOnlyMemory<byte> part in payload) output.Write(part.Span);
                }
                reader.Advance(FrameHeaderLength + length);
            }
            return reader.Position;
        }

        private void Gather(ReadOnlySpan<byte> header, ReadOnlySequence<byte> payload, PipeWriter output)
        {
            byte flags = header[4];
            byte[] bytes = payload.ToArray();
            ReadOnlySpan<byte> fragment = bytes;
            if (header[3] == Headers)
            {
                _block.Clear();
                _blockFlags = flags;
                _blockStream = BinaryPrimitives.ReadUInt32BigEndian(header[5..]) & 0x7FFFFFFF;
                int pad = 0;
                if ((flags & Padded) != 0)
                {
                    pad = fragment[0];
                    fragment = fragment[1..];
                }
                _priority = null;
                if ((flags & Priority) != 0)
                {
                    _priority = fragment[..5].ToArray();
                    fragment = fragment[5..];
                }
                fragment = fragment[..^pad];
            }
            _block.Write(fragment);
            if ((flags & EndHeaders) == 0) return;
            byte[] block = RewriteBlock(_block.WrittenSpan);
            WriteBlock(output, block);
        }

        /// <summary>One HEADERS frame (with the priority it came with, no padding), and CONTINUATION frames when the block is above a frame.</summary>
        private void WriteBlock(PipeWriter output, byte[] block)
        {
            int first = Math.Min(block.Length, MaxFrame - (_priority?.Length ?? 0));
            byte flags = (byte)((_blockFlags & (EndStream | Priority)) | (first == block.Length ? EndHeaders : 0));
            WriteFrameHeader(output, first + (_priority?.Length ?? 0), Headers, flags, _blockStream);
            if (_priority != null) output.Write(_priority);
            output.Write(block.AsSpan(0, first));
            for (int at = first; at < block.Length; at += MaxFrame)
            {
                int size = Math.Min(MaxFrame, block.Length - at);
                WriteFrameHeader(output, size, Continuation, at + size == block.Length ? EndHeaders : (byte)0, _blockStream);
                output.Write(block.AsSpan(at, size));
            }
        }

        private static void WriteFrameHeader(PipeWriter output, int length, byte type, byte flags, uint stream)
        {
            Span<byte> header = stackalloc byte[FrameHeaderLength];
            header[0] = (byte)(length >> 16);
            header[1] = (byte)(length >> 8);
            header[2] = (byte)length;
            header[3] = type;
            header[4] = flags;
            BinaryPrimitives.WriteUInt32BigEndian(header[5..], stream);
            output.Write(header);
        }
    }

    /// <summary>
    /// The header block with every <c>:authority</c> value replaced by <c>localhost</c>. HPACK
    /// (RFC 7541 section 6): an indexed field is copied; a literal's name (an index, or a string
    /// when the index is 0) is copied and its value string replaced when the name is
    /// <c>:authority</c>; a dynamic table size update is copied. A block that does not parse is
    /// passed unchanged, for Kestrel to refuse as it would.
    /// </summary>
    internal static byte[] RewriteBlock(ReadOnlySpan<byte> block)
    {
        var output = new ArrayBufferWriter<byte>(block.Length + 16);
        int at = 0;
        while (at < block.Length)
        {
            byte first = block[at];
            int start = at;
            int prefix = (first & 0x80) != 0 ? 7 : (first & 0xC0) == 0x40 ? 6 : (first & 0xE0) == 0x20 ? 5 : 4;
            if (!TryInteger(block, ref at, prefix, out int index)) return block.ToArray();
            if (prefix is 7 or 5)
            {
                output.Write(block[start..at]); // indexed field, or a table size update
                continue;
            }
            bool authority = index == AuthorityIndex;
            if (index == 0)
            {
                if (!TryString(block, ref at, out bool huffman, out int valueStart)) return block.ToArray();
                authority = !huffman && block[valueStart..at].SequenceEqual(AuthorityName);
            }
            ReadOnlySpan<byte> name = block[start..at];
            int valueAt = at;
            if (!TryString(block, ref at, out _, out _)) return block.ToArray();
            output.Write(name);
            if (!authority)
            {
                output.Write(block[valueAt..at]);
                continue;
            }
            output.Write([(byte)Localhost.Length]); // not Huffman-coded, length below 127
            output.Write(Localhost);
        }
        return output.WrittenSpan.ToArray();
    }

    /// <summary>An HPACK integer with an N-bit prefix (RFC 7541 section 5.1).</summary>
    private static bool TryInteger(ReadOnlySpan<byte> block, ref int at, int prefixBits, out int value)
    {
        int max = (1 << prefixBits) - 1;
        value = block[at++] & max;
        if (value < max) return true;
        for (int shift = 0; shift <= 21; shift += 7)
        {
            if (at >= block.Length) return false;
            byte next = block[at++];
            value += (next & 0x7F) << shift;
            if ((next & 0x80) == 0) return true;
        }
        return false;
    }

    /// <summary>An HPACK string (RFC 7541 section 5.2): skips it, saying whether it is Huffman-coded and where its bytes start.</summary>
    private static bool TryString(ReadOnlySpan<byte> block, ref int at, out bool huffman, out int bytesStart)
    {
        bytesStart = at;
        huffman = false;
        if (at >= block.Length) return false;
        huffman = (block[at] & 0x80) != 0;
        if (!TryInteger(block, ref at, 7, out int length) || length > block.Length - at) return false;
        bytesStart = at;
        at += length;
        return true;
    }
}
