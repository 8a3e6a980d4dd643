namespace EdgeNano.Runtime.Storage
{
    /// <summary>
    /// The on-flash frame around a snapshot, so a torn or corrupted value is recognised instead of
    /// parsed. All numbers little-endian:
    /// <code>
    /// 0  magic "ENSR" (4 bytes)
    /// 4  format version (2 bytes, currently 1)
    /// 6  payload length (4 bytes)
    /// 10 CRC-32 of bytes 0..9 and of the payload (4 bytes)
    /// 14 payload
    /// </code>
    /// The caller writes the payload at PayloadOffset in its own buffer and Seal adds the header in
    /// place, so framing costs no copy and no allocation.
    /// </summary>
    public static class SnapshotRecord
    {
        /// <summary>Bytes before the payload.</summary>
        public const int HeaderSize = 14;
        /// <summary>Where the payload starts in a record buffer.</summary>
        public const int PayloadOffset = HeaderSize;
        /// <summary>The format this firmware writes and reads.</summary>
        public const int FormatVersion = 1;

        private const byte Magic0 = (byte)'E';
        private const byte Magic1 = (byte)'N';
        private const byte Magic2 = (byte)'S';
        private const byte Magic3 = (byte)'R';
        private const int VersionAt = 4;
        private const int LengthAt = 6;
        private const int CrcAt = 10;

        /// <summary>
        /// Writes the header for the payload already at record[PayloadOffset..+payloadLength) and
        /// returns the record's total length.
        /// </summary>
        public static int Seal(byte[] record, int payloadLength)
        {
            if (payloadLength < 0 || payloadLength > record.Length - HeaderSize)
                throw new System.ArgumentOutOfRangeException("payloadLength");
            record[0] = Magic0;
            record[1] = Magic1;
            record[2] = Magic2;
            record[3] = Magic3;
            WriteUInt16(record, VersionAt, FormatVersion);
            WriteInt32(record, LengthAt, payloadLength);
            WriteInt32(record, CrcAt, (int)Checksum(record, payloadLength));
            return HeaderSize + payloadLength;
        }

        /// <summary>
        /// Checks record[0..length) read back from a store. Ok with the payload at PayloadOffset,
        /// Corrupt (too short, wrong magic, length that does not match, checksum mismatch) or
        /// UnknownVersion. Never throws on any bytes.
        /// </summary>
        public static StoreResult Open(byte[] record, int length, out int payloadLength)
        {
            payloadLength = 0;
            if (record == null || length < HeaderSize || length > record.Length) return StoreResult.Corrupt;
            if (record[0] != Magic0 || record[1] != Magic1 || record[2] != Magic2 || record[3] != Magic3)
                return StoreResult.Corrupt;
            // The version is checked before the rest: a later format may lay out its header differently.
            if (ReadUInt16(record, VersionAt) != FormatVersion) return StoreResult.UnknownVersion;
            int declared = ReadInt32(record, LengthAt);
            // A torn write leaves fewer bytes than declared; trailing bytes mean it is not our record.
            if (declared != length - HeaderSize) return StoreResult.Corrupt;
            if ((uint)ReadInt32(record, CrcAt) != Checksum(record, declared)) return StoreResult.Corrupt;
            payloadLength = declared;
            return StoreResult.Ok;
        }

        /// <summary>
        /// Reads key from the store into record and checks it: the store's result (Missing,
        /// TooLarge, Failed, InvalidKey) or Open's. On Ok the payload is at PayloadOffset.
        /// </summary>
        public static StoreResult Load(IStore store, string key, byte[] record, out int payloadLength)
        {
            payloadLength = 0;
            int length;
            StoreResult read = store.Read(key, record, out length);
            if (read != StoreResult.Ok) return read;
            return Open(record, length, out payloadLength);
        }

        private static uint Checksum(byte[] record, int payloadLength)
        {
            uint running = Crc32.Update(Crc32.Start, record, 0, CrcAt);
            running = Crc32.Update(running, record, PayloadOffset, payloadLength);
            return Crc32.Finish(running);
        }

        private static void WriteUInt16(byte[] buffer, int at, int value)
        {
            buffer[at] = (byte)value;
            buffer[at + 1] = (byte)(value >> 8);
        }

        /// <summary>Writes a little-endian int: the byte order of the header, and of the int fields modules keep in their payloads.</summary>
        public static void WriteInt32(byte[] buffer, int at, int value)
        {
            buffer[at] = (byte)value;
            buffer[at + 1] = (byte)(value >> 8);
            buffer[at + 2] = (byte)(value >> 16);
            buffer[at + 3] = (byte)(value >> 24);
        }

        private static int ReadUInt16(byte[] buffer, int at)
        {
            return buffer[at] | (buffer[at + 1] << 8);
        }

        /// <summary>Reads a little-endian int written by WriteInt32.</summary>
        public static int ReadInt32(byte[] buffer, int at)
        {
            return buffer[at] | (buffer[at + 1] << 8) | (buffer[at + 2] << 16) | (buffer[at + 3] << 24);
        }
    }
}
