namespace EdgeNano.Updates.Crypto
{
    /// <summary>
    /// Arithmetic modulo the P-256 prime p = 2^256 - 2^224 + 2^192 + 2^96 - 1 on plain numbers.
    /// A 512-bit product folds back to 256 bits with additions only, because 2^256 is congruent
    /// to 2^224 - 2^192 - 2^96 + 1 (the word sums of FIPS 186-4 D.2.3), which costs less than a
    /// Montgomery reduction; squares also skip the repeated cross products.
    /// </summary>
    internal sealed class P256Field : PrimeField
    {
        private static readonly uint[] PlainOne = new uint[] { 1, 0, 0, 0, 0, 0, 0, 0 };
        private readonly uint[] _product = new uint[2 * Limbs.Count];

        /// <summary>How many products ran: 64 32x32-bit multiplies each.</summary>
        public long Multiplications;

        /// <summary>How many squares ran: 36 32x32-bit multiplies each.</summary>
        public long Squarings;

        /// <summary>Prepares the field.</summary>
        public P256Field()
            : base(P256.Prime, PlainOne, null)
        {
        }

        /// <summary>result = a·b mod p. result may be a or b.</summary>
        public override void Multiply(uint[] a, uint[] b, uint[] result)
        {
            Multiplications++;
            uint[] c = _product;
            for (int i = 0; i < c.Length; i++) c[i] = 0;
            for (int i = 0; i < Limbs.Count; i++)
            {
                ulong ai = a[i];
                ulong carry = 0;
                for (int j = 0; j < Limbs.Count; j++)
                {
                    carry += c[i + j] + ai * b[j];
                    c[i + j] = (uint)carry;
                    carry >>= 32;
                }
                c[i + Limbs.Count] = (uint)carry;
            }
            Reduce(c, result);
        }

        /// <summary>result = a·a mod p. result may be a.</summary>
        public override void Square(uint[] a, uint[] result)
        {
            Squarings++;
            uint[] c = _product;
            for (int i = 0; i < c.Length; i++) c[i] = 0;
            // Cross products a[i]·a[j], i < j, once; then doubled; then the squares a[i]^2.
            for (int i = 0; i < Limbs.Count - 1; i++)
            {
                ulong ai = a[i];
                ulong carry = 0;
                for (int j = i + 1; j < Limbs.Count; j++)
                {
                    carry += c[i + j] + ai * a[j];
                    c[i + j] = (uint)carry;
                    carry >>= 32;
                }
                c[i + Limbs.Count] = (uint)carry;
            }
            uint high = 0;
            for (int i = 0; i < c.Length; i++)
            {
                uint word = c[i];
                c[i] = (word << 1) | high;
                high = word >> 31;
            }
            ulong sum = 0;
            for (int i = 0; i < Limbs.Count; i++)
            {
                ulong ai = a[i];
                sum += c[2 * i] + ai * ai;
                c[2 * i] = (uint)sum;
                sum >>= 32;
                sum += c[2 * i + 1];
                c[2 * i + 1] = (uint)sum;
                sum >>= 32;
            }
            Reduce(c, result);
        }

        // result = c mod p for a 512-bit c (16 words): the FIPS 186-4 D.2.3 word sums
        // s1 + 2 s2 + 2 s3 + s4 + s5 - s6 - s7 - s8 - s9, carried in a signed accumulator.
        private void Reduce(uint[] c, uint[] result)
        {
            long c8 = c[8], c9 = c[9], c10 = c[10], c11 = c[11], c12 = c[12], c13 = c[13], c14 = c[14], c15 = c[15];
            long acc = (long)c[0] + c8 + c9 - c11 - c12 - c13 - c14;
            result[0] = (uint)acc;
            acc >>= 32;
            acc += (long)c[1] + c9 + c10 - c12 - c13 - c14 - c15;
            result[1] = (uint)acc;
            acc >>= 32;
            acc += (long)c[2] + c10 + c11 - c13 - c14 - c15;
            result[2] = (uint)acc;
            acc >>= 32;
            acc += (long)c[3] + 2 * c11 + 2 * c12 + c13 - c15 - c8 - c9;
            result[3] = (uint)acc;
            acc >>= 32;
            acc += (long)c[4] + 2 * c12 + 2 * c13 + c14 - c9 - c10;
            result[4] = (uint)acc;
            acc >>= 32;
            acc += (long)c[5] + 2 * c13 + 2 * c14 + c15 - c10 - c11;
            result[5] = (uint)acc;
            acc >>= 32;
            acc += (long)c[6] + 3 * c14 + 2 * c15 + c13 - c8 - c9;
            result[6] = (uint)acc;
            acc >>= 32;
            acc += (long)c[7] + 3 * c15 + c8 - c10 - c11 - c12 - c13;
            result[7] = (uint)acc;
            acc >>= 32;

            // What is left is a small multiple t of 2^256; fold it in as t·(2^224 - 2^192 - 2^96 + 1)
            // until nothing is left (at most three rounds), then one conditional subtraction.
            while (acc != 0)
            {
                long top = acc;
                acc = (long)result[0] + top;
                result[0] = (uint)acc;
                acc >>= 32;
                for (int i = 1; i < Limbs.Count; i++)
                {
                    acc += result[i];
                    if (i == 3 || i == 6) acc -= top;
                    else if (i == 7) acc += top;
                    result[i] = (uint)acc;
                    acc >>= 32;
                }
            }
            SubtractModulusIfAbove(result);
        }
    }
}
