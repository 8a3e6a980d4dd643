using EdgeNano.DeviceTwin.Json;

namespace EdgeNano.Updates
{
    /// <summary>
    /// The device's two requests (docs/ota-protocol.md), written as bytes straight into a bus
    /// message: {"package":"&lt;64 hex&gt;"} for manifest/get and
    /// {"package":"&lt;64 hex&gt;","file":F,"block":B,"size":S} for block/get. Their shape is fixed,
    /// so no JSON writer (and its cache of encoded strings) is kept for them.
    /// </summary>
    public static class OtaRequest
    {
        /// <summary>The longest request: a block/get with file 65535, block 2147483647, size 65536.</summary>
        public const int MaxLength = 124;

        // The fixed parts, encoded once (static: made when the assembly loads).
        private static readonly byte[] PackageOpen = Utf8.Bytes("{\"package\":\"");
        private static readonly byte[] FileName = Utf8.Bytes(",\"file\":");
        private static readonly byte[] BlockName = Utf8.Bytes(",\"block\":");
        private static readonly byte[] SizeName = Utf8.Bytes(",\"size\":");

        /// <summary>
        /// Writes a request for the package (32 id bytes) into output from 0; file &lt; 0 makes it
        /// a manifest/get. Returns its length, or -1 when output is shorter than MaxLength or file
        /// (above 65535), block (negative) or size (outside 1-65536) is out of range.
        /// </summary>
        public static int Write(byte[] output, byte[] packageId, int file, int block, int size)
        {
            if (output == null || output.Length < MaxLength || packageId == null || packageId.Length < 32) return -1;
            if (file > 65535 || (file >= 0 && (block < 0 || size < 1 || size > 65536))) return -1;
            int at = Bytes(output, 0, PackageOpen);
            for (int i = 0; i < 32; i++)
            {
                output[at++] = HexDigit(packageId[i] >> 4);
                output[at++] = HexDigit(packageId[i] & 15);
            }
            output[at++] = (byte)'"';
            if (file >= 0)
            {
                at = Number(output, Bytes(output, at, FileName), file);
                at = Number(output, Bytes(output, at, BlockName), block);
                at = Number(output, Bytes(output, at, SizeName), size);
            }
            output[at++] = (byte)'}';
            return at;
        }

        private static byte HexDigit(int value)
        {
            return (byte)(value < 10 ? '0' + value : 'a' + value - 10);
        }

        private static int Bytes(byte[] output, int at, byte[] part)
        {
            System.Array.Copy(part, 0, output, at, part.Length);
            return at + part.Length;
        }

        // A non-negative int in decimal.
        private static int Number(byte[] output, int at, int value)
        {
            int digits = 1;
            for (int rest = value / 10; rest > 0; rest /= 10) digits++;
            for (int i = digits - 1; i >= 0; i--)
            {
                output[at + i] = (byte)('0' + value % 10);
                value /= 10;
            }
            return at + digits;
        }
    }
}
