namespace EdgeNano.Updates.Crypto
{
    /// <summary>
    /// Arithmetic modulo a 256-bit prime m above 2^255: what is the same however products are
    /// reduced (sums, differences, Fermat inversion). Subclasses supply the multiplication and
    /// say how 1 is represented. Values passed in must be below m; results are below m.
    /// Not thread-safe: it owns its scratch arrays.
    /// </summary>
    internal abstract class PrimeField
    {
        private readonly uint[] _modulus;
        private readonly uint[] _one;
        private readonly uint[] _exponentForInverse = new uint[Limbs.Count]; // m - 2 (Fermat)
        // a^2 and a^3 for Invert's two-bit windows (a itself is the third entry), and the power.
        private readonly uint[] _squared;
        private readonly uint[] _cubed;
        private readonly uint[] _power;

        /// <summary>
        /// Prepares a field for modulus; 'one' is how this field represents 1. Both are kept, not
        /// copied: neither may change afterwards. With invertsApart, Invert works in that field's
        /// arrays instead of three of its own: for two fields of one thread that never invert at
        /// the same time (the verifier's p and n).
        /// </summary>
        protected PrimeField(uint[] modulus, uint[] one, PrimeField invertsApart)
        {
            // Kept, not copied: the moduli are P256's constants, which nothing writes to.
            _modulus = modulus;
            _one = one;
            _squared = invertsApart != null ? invertsApart._squared : new uint[Limbs.Count];
            _cubed = invertsApart != null ? invertsApart._cubed : new uint[Limbs.Count];
            _power = invertsApart != null ? invertsApart._power : new uint[Limbs.Count];
            uint[] two = new uint[Limbs.Count];
            Limbs.Set(two, 2);
            Limbs.Subtract(modulus, two, _exponentForInverse);
        }

        /// <summary>The modulus, for comparisons. Do not write to it.</summary>
        public uint[] Modulus { get { return _modulus; } }

        /// <summary>1 as this field represents it. Do not write to it.</summary>
        public uint[] One { get { return _one; } }

        /// <summary>True when value is below the modulus (a canonical residue).</summary>
        public bool IsReduced(uint[] value)
        {
            return Limbs.Compare(value, _modulus) < 0;
        }

        /// <summary>result = a + b mod m. result may be a or b.</summary>
        public void Add(uint[] a, uint[] b, uint[] result)
        {
            uint carry = Limbs.Add(a, b, result);
            if (carry != 0 || Limbs.Compare(result, _modulus) >= 0) Limbs.Subtract(result, _modulus, result);
        }

        /// <summary>result = a - b mod m. result may be a or b.</summary>
        public void Subtract(uint[] a, uint[] b, uint[] result)
        {
            if (Limbs.Subtract(a, b, result) != 0) Limbs.Add(result, _modulus, result);
        }

        /// <summary>result = a·b in this field's representation. result may be a or b.</summary>
        public abstract void Multiply(uint[] a, uint[] b, uint[] result);

        /// <summary>result = a·a. result may be a.</summary>
        public abstract void Square(uint[] a, uint[] result);

        /// <summary>
        /// result = a^-1, by Fermat: a^(m-2), two exponent bits at a time (256 squarings and at
        /// most 128 + 2 multiplications). Two bits, not four: a verification inverts twice, so
        /// the 13 more table entries of four-bit windows (about 1 KB per field on a device) would
        /// save only about 2 % of its 32-bit multiplies (52 products mod p and n). a must not be zero (zero gives zero).
        /// result may be a.
        /// </summary>
        public void Invert(uint[] a, uint[] result)
        {
            Square(a, _squared);
            Multiply(_squared, a, _cubed);

            uint[] acc = _power;
            Limbs.Copy(_one, acc);
            for (int window = 127; window >= 0; window--)
            {
                Square(acc, acc);
                Square(acc, acc);
                int digit = Limbs.TwoBits(_exponentForInverse, window);
                if (digit == 1) Multiply(acc, a, acc);
                else if (digit == 2) Multiply(acc, _squared, acc);
                else if (digit == 3) Multiply(acc, _cubed, acc);
            }
            Limbs.Copy(acc, result);
        }

        /// <summary>value = value - m when value is at least m: the last step of a reduction that ends below 2m.</summary>
        protected void SubtractModulusIfAbove(uint[] value)
        {
            if (Limbs.Compare(value, _modulus) >= 0) Limbs.Subtract(value, _modulus, value);
        }
    }
}
