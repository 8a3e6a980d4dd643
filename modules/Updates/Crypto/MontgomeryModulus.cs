namespace EdgeNano.Updates.Crypto
{
    /// <summary>
    /// Arithmetic modulo an odd 256-bit prime m above 2^255 in Montgomery form: a number a is
    /// held as a·R mod m with R = 2^256, so a product needs no division, only the word-by-word
    /// reduction of Multiply. Works for any such modulus; the verifier uses it for the group
    /// order n (p has a faster special form, see P256Field).
    /// </summary>
    internal sealed class MontgomeryModulus : PrimeField
    {
        private readonly uint _inverseWord;              // -m^-1 mod 2^32
        private readonly uint[] _rSquared = new uint[Limbs.Count];  // R^2 mod m: turns a into a·R
        private readonly uint[] _plainOne = new uint[Limbs.Count];
        private readonly uint[] _product = new uint[Limbs.Count + 2];

        /// <summary>How many Montgomery multiplications (squares included) ran: each is 136 32x32-bit multiplies.</summary>
        public long Multiplications;

        /// <summary>Prepares arithmetic modulo the given odd modulus (eight limbs, least significant first, above 2^255).</summary>
        public MontgomeryModulus(uint[] modulus)
            : this(modulus, null)
        {
        }

        /// <summary>The same, inverting in another field's arrays (see <see cref="PrimeField"/>: never at the same time as it).</summary>
        public MontgomeryModulus(uint[] modulus, PrimeField invertsApart)
            : base(modulus, MontgomeryOne(modulus), invertsApart)
        {
            // Newton's iteration doubles the correct low bits of m^-1 each step: 1, 2, 4, ... 32 bits.
            uint inverse = 1;
            for (int i = 0; i < 5; i++) inverse *= 2 - modulus[0] * inverse;
            _inverseWord = (uint)(0 - inverse);

            // Doubling R mod m 256 times gives R^2 mod m.
            Limbs.Copy(One, _rSquared);
            for (int i = 0; i < 256; i++) Add(_rSquared, _rSquared, _rSquared);
            Limbs.Set(_plainOne, 1);
        }

        // R mod m = 2^256 - m for any m above 2^255.
        private static uint[] MontgomeryOne(uint[] modulus)
        {
            uint[] one = new uint[Limbs.Count];
            Limbs.Subtract(one, modulus, one);
            return one;
        }

        /// <summary>result = a·b·R^-1 mod m: the product of two Montgomery-form numbers, in Montgomery form. result may be a or b.</summary>
        public override void Multiply(uint[] a, uint[] b, uint[] result)
        {
            Multiplications++;
            uint[] t = _product;
            uint[] m = Modulus;
            for (int i = 0; i < t.Length; i++) t[i] = 0;
            // Coarsely integrated operand scanning: add a·b[i], then add a multiple of m that
            // clears the low word and drop that word. Every ulong sum stays below 2^64.
            for (int i = 0; i < Limbs.Count; i++)
            {
                ulong bi = b[i];
                ulong carry = 0;
                for (int j = 0; j < Limbs.Count; j++)
                {
                    carry += t[j] + a[j] * bi;
                    t[j] = (uint)carry;
                    carry >>= 32;
                }
                carry += t[8];
                t[8] = (uint)carry;
                t[9] = (uint)(carry >> 32);

                ulong q = (uint)(t[0] * _inverseWord);
                carry = (t[0] + q * m[0]) >> 32;
                for (int j = 1; j < Limbs.Count; j++)
                {
                    carry += t[j] + q * m[j];
                    t[j - 1] = (uint)carry;
                    carry >>= 32;
                }
                carry += t[8];
                t[7] = (uint)carry;
                t[8] = t[9] + (uint)(carry >> 32);
            }
            // The sum is below 2m: one conditional subtraction reduces it.
            bool subtract = t[8] != 0;
            if (!subtract)
            {
                subtract = true;
                for (int i = Limbs.Count - 1; i >= 0; i--)
                {
                    if (t[i] != m[i])
                    {
                        subtract = t[i] > m[i];
                        break;
                    }
                }
            }
            if (subtract)
            {
                long borrow = 0;
                for (int i = 0; i < Limbs.Count; i++)
                {
                    borrow += (long)t[i] - m[i];
                    result[i] = (uint)borrow;
                    borrow >>= 32;
                }
            }
            else
            {
                for (int i = 0; i < Limbs.Count; i++) result[i] = t[i];
            }
        }

        /// <summary>result = a·a in Montgomery form.</summary>
        public override void Square(uint[] a, uint[] result)
        {
            Multiply(a, a, result);
        }

        /// <summary>result = a·R mod m: a plain number (below m) into Montgomery form.</summary>
        public void ToMontgomery(uint[] a, uint[] result)
        {
            Multiply(a, _rSquared, result);
        }

        /// <summary>result = a·R^-1 mod m: a Montgomery-form number back to a plain number.</summary>
        public void FromMontgomery(uint[] a, uint[] result)
        {
            Multiply(a, _plainOne, result);
        }
    }
}
