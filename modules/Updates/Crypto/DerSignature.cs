namespace EdgeNano.Updates.Crypto
{
    /// <summary>
    /// Turns an ECDSA P-256 signature in DER (ASN.1 SEQUENCE { INTEGER r, INTEGER s }, what
    /// OpenSSL writes) into the 64-byte r, s form EcdsaP256Verifier takes. Strict: only the
    /// one DER encoding of a signature is accepted, so a signature has exactly one form.
    /// </summary>
    public static class DerSignature
    {
        private const byte SequenceTag = 0x30;
        private const byte IntegerTag = 0x02;
        private const int ScalarLength = 32;

        /// <summary>
        /// Decodes der[offset..offset+length) into output64[outputOffset..+64) as r then s, each
        /// 32 bytes big-endian. False (output unspecified) for anything but exactly one minimal
        /// DER SEQUENCE of two non-negative INTEGERs of at most 32 significant bytes: long-form
        /// or overlong lengths, negative numbers, needless leading zero bytes, trailing bytes,
        /// a too small output. Never throws.
        /// </summary>
        public static bool ToP1363(byte[] der, int offset, int length, byte[] output64, int outputOffset)
        {
            if (der == null || output64 == null) return false;
            if (offset < 0 || length < 0 || offset > der.Length - length) return false;
            if (outputOffset < 0 || outputOffset > output64.Length - 2 * ScalarLength) return false;
            // 0x30 len: a P-256 signature is at most 72 bytes, so its length is always short form.
            if (length < 2 || der[offset] != SequenceTag) return false;
            int contentLength = der[offset + 1];
            if (contentLength >= 0x80 || contentLength != length - 2) return false;

            int end = offset + length;
            int at = ReadInteger(der, offset + 2, end, output64, outputOffset);
            if (at < 0) return false;
            at = ReadInteger(der, at, end, output64, outputOffset + ScalarLength);
            return at == end;
        }

        // Reads one INTEGER at der[at..end) into 32 bytes at output[outputAt]; returns where the
        // next element starts, or -1.
        private static int ReadInteger(byte[] der, int at, int end, byte[] output, int outputAt)
        {
            if (end - at < 2 || der[at] != IntegerTag) return -1;
            int length = der[at + 1];
            if (length == 0 || length >= 0x80 || length > end - at - 2) return -1;
            int content = at + 2;
            if ((der[content] & 0x80) != 0) return -1;               // negative
            if (der[content] == 0 && length > 1)
            {
                // A leading zero is allowed only to keep a high bit from reading as a sign.
                if ((der[content + 1] & 0x80) == 0) return -1;
                content++;
                length--;
            }
            if (length > ScalarLength) return -1;
            int pad = ScalarLength - length;
            for (int i = 0; i < pad; i++) output[outputAt + i] = 0;
            for (int i = 0; i < length; i++) output[outputAt + pad + i] = der[content + i];
            return content + length;
        }
    }
}
