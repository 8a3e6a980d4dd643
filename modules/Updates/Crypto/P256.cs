namespace EdgeNano.Updates.Crypto
{
    /// <summary>
    /// The NIST P-256 (secp256r1) domain parameters from FIPS 186-4 D.1.2.3 / SEC 2 2.4.2, as
    /// limbs (least significant 32 bits first): y^2 = x^3 - 3x + b over the prime field p,
    /// base point G of prime order n (cofactor 1, so every curve point but infinity is in the group).
    /// </summary>
    internal static class P256
    {
        /// <summary>p = 2^256 - 2^224 + 2^192 + 2^96 - 1.</summary>
        public static readonly uint[] Prime = new uint[]
        {
            0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0x00000000, 0x00000000, 0x00000001, 0xFFFFFFFF,
        };

        /// <summary>n, the order of G.</summary>
        public static readonly uint[] Order = new uint[]
        {
            0xFC632551, 0xF3B9CAC2, 0xA7179E84, 0xBCE6FAAD, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0xFFFFFFFF,
        };

        /// <summary>The curve coefficient b.</summary>
        public static readonly uint[] B = new uint[]
        {
            0x27D2604B, 0x3BCE3C3E, 0xCC53B0F6, 0x651D06B0, 0x769886BC, 0xB3EBBD55, 0xAA3A93E7, 0x5AC635D8,
        };

        /// <summary>x of the base point G.</summary>
        public static readonly uint[] GX = new uint[]
        {
            0xD898C296, 0xF4A13945, 0x2DEB33A0, 0x77037D81, 0x63A440F2, 0xF8BCE6E5, 0xE12C4247, 0x6B17D1F2,
        };

        /// <summary>y of the base point G.</summary>
        public static readonly uint[] GY = new uint[]
        {
            0x37BF51F5, 0xCBB64068, 0x6B315ECE, 0x2BCE3357, 0x7C0F9E16, 0x8EE7EB4A, 0xFE1A7F9B, 0x4FE342E2,
        };
    }
}
