namespace EdgeNano.Runtime.Storage
{
    /// <summary>
    /// CRC-32 as used by zip, PNG and Ethernet (reflected polynomial 0xEDB88320, initial and final
    /// value 0xFFFFFFFF; "123456789" gives 0xCBF43926). The 1 KB table is built once, on first use.
    /// </summary>
    public static class Crc32
    {
        private const uint Polynomial = 0xEDB88320;
        private static readonly uint[] Table = BuildTable();

        /// <summary>The CRC-32 of data[offset..offset+count).</summary>
        public static uint Compute(byte[] data, int offset, int count)
        {
            return Finish(Update(Start, data, offset, count));
        }

        /// <summary>The running value before any byte; feed it to Update, then Finish.</summary>
        public const uint Start = 0xFFFFFFFF;

        /// <summary>Adds data[offset..offset+count) to a running value; lets a record checksum its header and payload without copying them together.</summary>
        public static uint Update(uint running, byte[] data, int offset, int count)
        {
            uint[] table = Table;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                running = table[(running ^ data[i]) & 0xFF] ^ (running >> 8);
            }
            return running;
        }

        /// <summary>The CRC from a running value.</summary>
        public static uint Finish(uint running)
        {
            return running ^ 0xFFFFFFFF;
        }

        private static uint[] BuildTable()
        {
            uint[] table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int bit = 0; bit < 8; bit++)
                {
                    c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
                }
                table[n] = c;
            }
            return table;
        }
    }
}
