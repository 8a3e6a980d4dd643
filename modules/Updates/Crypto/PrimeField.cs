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
        private readonly uint[] _modulus = new uint[Limbs.Count];
        private readonly uint[] _one = new uint[Limbs.Count];
        private readonly uint[] _exponentForInverse = new uint[Limbs.Count]; // m - 2 (Fermat)
        private readonly uint[][] _powers = new uint[16][];
        private readonly uint[] _power = new uint[Limbs.Count];

        /// <summary>Prepares a field for modulus (copied); 'one' is how this field represents 1.</summary>
        protected PrimeField(uint[] modulus, uint[] one)
        {
            Limbs.Copy(modulus, _modulus);
            Limbs.Copy(one, _one);
            uint[] two = new uint[Limbs.Count];
            Limbs.Set(two, 2);
            Limbs.Subtract(modulus, two, _exponentForInverse);
            for (int i = 0; i < _powers.Length; i++) _powers[i] = new uint[Limbs.Count];
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
        /// result = a^-1, by Fermat: a^(m-2), four exponent bits at a time (256 squarings and
        /// at most 64 + 14 multiplications). a must not be zero (zero gives zero).
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

        /// <summary>value = value - m when value is at least m: the last step of a reduction that ends below 2m.</summary>
        protected void SubtractModulusIfAbove(uint[] value)
        {
            if (Limbs.Compare(value, _modulus) >= 0) Limbs.Subtract(value, _modulus, value);
        }
    }
}
