namespace EdgeNano.Updates
{
    /// <summary>
    /// The update server's binary result frame (docs/ota-protocol.md), read in place: magic
    /// "ENO1", kind, status, the first 8 bytes of the package id, file, block (big-endian), body.
    /// </summary>
    public static class ResultFrame
    {
        public const int HeaderSize = 20;
        public const int KindManifest = 1;
        public const int KindBlock = 2;
        public const int StatusOk = 0;
        public const int StatusUnknownPackage = 1;
        public const int StatusNoSuchBlock = 2;
        /// <summary>A manifest frame's body starts with the signature.</summary>
        public const int SignatureLength = 64;

        /// <summary>
        /// True when frame[0..length) is a frame of the kind, for the package whose id bytes are
        /// packageId[0..8), about file and block (what the device is waiting for).
        /// </summary>
        public static bool Matches(byte[] frame, int length, int kind, byte[] packageId, int file, int block)
        {
            if (length < HeaderSize) return false;
            if (frame[0] != (byte)'E' || frame[1] != (byte)'N' || frame[2] != (byte)'O' || frame[3] != (byte)'1') return false;
            if (frame[4] != kind) return false;
            for (int i = 0; i < 8; i++)
            {
                if (frame[6 + i] != packageId[i]) return false;
            }
            return File(frame) == file && Block(frame) == block;
        }

        /// <summary>The frame's status byte.</summary>
        public static int Status(byte[] frame)
        {
            return frame[5];
        }

        public static int File(byte[] frame)
        {
            return (frame[14] << 8) | frame[15];
        }

        public static int Block(byte[] frame)
        {
            return (frame[16] << 24) | (frame[17] << 16) | (frame[18] << 8) | frame[19];
        }
    }
}
