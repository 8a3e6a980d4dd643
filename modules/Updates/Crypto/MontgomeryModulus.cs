namespace EdgeNano.Updates.Crypto
{
    /// <summary>
    /// Arithmetic modulo an odd 256-bit modulus m in Montgomery form: a number a is held as
    /// a·R mod m with R = 2^256, so a product needs no division, only the word-by-word
    /// reduction of Multiply. Used twice: for the field prime p and for the group order n.
    /// Every value passed in must already be below m; every result is fully reduced (below m).
    /// Not thread-safe: it owns its scratch arrays.
    /// </summary>
    internal sealed class MontgomeryModulus
    {
        private readonly uint[] _modulus = new uint[Limbs.Count];
        private readonly uint _inverseWord;              // -m^-1 mod 2^32
        private readonly uint[] _one = new uint[Limbs.Count];       // R mod m: 1 in Montgomery form
        private readonly uint[] _rSquared = new uint[Limbs.Count];  // R^2 mod m: turns a into a·R
        private readonly uint[] _plainOne = new uint[Limbs.Count];
        private readonly uint[] _exponentForInverse = new uint[Limbs.Count]; // m - 2 (Fermat)
        private readonly uint[] _product = new uint[Limbs.Count + 2];
        private readonly uint[][] _powers = new uint[16][];
        private readonly uint[] _power = new uint[Limbs.Count];

        /// <summary>How many Montgomery multiplications (squares included) ran: each is 136 32x32-bit multiplies.</summary>
        public long Multiplications;

        /// <summary>Prepares arithmetic modulo the given odd modulus (eight limbs, least significant first).</summary>
        public MontgomeryModulus(uint[] modulus)
        {
            Limbs.Copy(modulus, _modulus);
            // Newton's iteration doubles the correct low bits of m^-1 each step: 1, 2, 4, ... 32 bits.
            uint inverse = 1;
            for (int i = 0; i < 5; i++) inverse *= 2 - modulus[0] * inverse;
            _inverseWord = (uint)(0 - inverse);

            // R mod m = 2^256 - m for any m above 2^255; doubling it 256 times gives R^2 mod m.
            uint[] zero = new uint[Limbs.Count];
            Limbs.Subtract(zero, modulus, _one);
            Limbs.Copy(_one, _rSquared);
            for (int i = 0; i < 256; i++) Add(_rSquared, _rSquared, _rSquared);

            Limbs.Set(_plainOne, 1);
            uint[] two = new uint[Limbs.Count];
            Limbs.Set(two, 2);
            Limbs.Subtract(modulus, two, _exponentForInverse);
            for (int i = 0; i < _powers.Length; i++) _powers[i] = new uint[Limbs.Count];
        }

        /// <summary>The modulus, for comparisons. Do not write to it.</summary>
        public uint[] Modulus { get { return _modulus; } }

        /// <summary>1 in Montgomery form. Do not write to it.</summary>
        public uint[] One { get { return _one; } }

        /// <summary>True when value is below the modulus (a canonical residue).</summary>
        public bool IsReduced(uint[] value)
        {
            return Limbs.Compare(value, _modulus) < 0;
        }

        /// <summary>result = a + b mod m.</summary>
        public void Add(uint[] a, uint[] b, uint[] result)
        {
            uint carry = Limbs.Add(a, b, result);
            if (carry != 0 || Limbs.Compare(result, _modulus) >= 0) Limbs.Subtract(result, _modulus, result);
        }

        /// <summary>result = a - b mod m.</summary>
        public void Subtract(uint[] a, uint[] b, uint[] result)
        {
            if (Limbs.Subtract(a, b, result) != 0) Limbs.Add(result, _modulus, result);
        }

        /// <summary>result = a·b·R^-1 mod m: the product of two Montgomery-form numbers, in Montgomery form. result may be a or b.</summary>
        public void Multiply(uint[] a, uint[] b, uint[] result)
        {
            Multiplications++;
            uint[] t = _product;
            uint[] m = _modulus;
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
        public void Square(uint[] a, uint[] result)
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

        /// <summary>
        /// result = a^-1 in Montgomery form, by Fermat: a^(m-2), four exponent bits at a time.
        /// The modulus must be prime; a must not be zero (zero gives zero).
        /// </summary>
        public void Invert(uint[] a, uint[] result)
        {
            uint[][] powers = _powers;
            Limbs.Copy(_one, powers[0]);
            Limbs.Copy(a, powers[1]);
            for (int i = 2; i < powers.Length; i++) Multiply(powers[i - 1], a, powers[i]);

            uint[] acc = _power;
            Limbs.Copy(_one, acc);
            for (int window = 63; window >= 0; window--)
            {
                Square(acc, acc);
                Square(acc, acc);
                Square(acc, acc);
                Square(acc, acc);
                int digit = Limbs.Nibble(_exponentForInverse, window);
                if (digit != 0) Multiply(acc, powers[digit], acc);
            }
            Limbs.Copy(acc, result);
        }
    }
}
