namespace EdgeNano.Updates.Crypto
{
    /// <summary>
    /// Verifies ECDSA signatures on NIST P-256 over a SHA-256 hash (FIPS 186-4 6.4), in
    /// device code: nanoFramework has neither crypto nor BigInteger. Every working array is
    /// allocated by the constructor, so a verification allocates nothing. Not constant-time
    /// (keys, hashes and signatures are public). Not thread-safe: one instance per thread.
    /// </summary>
    /// <remarks>
    /// R = u1·G + u2·Q is computed by Shamir's trick: one doubling per bit of both scalars, then
    /// G, Q or G + Q added as the pair of bits says (G and Q have Z = 1, so the cheaper mixed
    /// addition applies to them); 255 doublings and about 192 additions. The x of R is compared
    /// with r without a field inversion, as r·Z^2 == X (and (r + n)·Z^2 == X when r + n &lt; p).
    /// </remarks>
    public sealed class EcdsaP256Verifier
    {
        /// <summary>Length of a SEC1 uncompressed public key: 0x04, X, Y.</summary>
        public const int UncompressedKeyLength = 65;

        /// <summary>Length of a raw public key: X, Y (no prefix byte).</summary>
        public const int RawKeyLength = 64;

        /// <summary>Length of a P1363 signature: r, s (32 bytes each, big-endian).</summary>
        public const int SignatureLength = 64;

        /// <summary>Length of the SHA-256 hash that was signed.</summary>
        public const int HashLength = 32;

        // Three points, not tables of multiples: two-bit windows (4 points for G and 4 for Q)
        // took about as many multiplies and 1.1 KB more of a plain ESP32's heap; four-bit windows
        // (16 points each) took 15 % fewer multiplies and 6.6 KB more (docs/benchmarks-crypto.md),
        // for a check that runs once per update (docs/memory.md).
        private readonly P256Curve _curve = new P256Curve();
        private readonly MontgomeryModulus _order;
        private readonly JacobianPoint _g = new JacobianPoint();
        private readonly JacobianPoint _q = new JacobianPoint();
        private readonly JacobianPoint _gq = new JacobianPoint();
        private readonly JacobianPoint _sum = new JacobianPoint();
        // The key is read straight into _q's X and Y; e and s^-1 live in _u1 and _s, and the
        // final x check works in _u1 and _u2 (no longer needed by then): 4 numbers in all.
        private readonly uint[] _r = new uint[Limbs.Count];
        private readonly uint[] _s = new uint[Limbs.Count];
        private readonly uint[] _u1 = new uint[Limbs.Count];
        private readonly uint[] _u2 = new uint[Limbs.Count];

        /// <summary>Prepares the verifier (the generator G and the working arrays).</summary>
        public EcdsaP256Verifier()
        {
            // s^-1 mod n and the curve's inversions never run at once: one set of arrays for both.
            _order = new MontgomeryModulus(P256.Order, _curve.Field);
            Limbs.Copy(P256.GX, _g.X);
            Limbs.Copy(P256.GY, _g.Y);
            Limbs.Copy(_curve.Field.One, _g.Z);
        }

        /// <summary>Products mod p run so far (64 32x32-bit multiplies each), for cost estimates.</summary>
        internal long FieldMultiplications { get { return _curve.Field.Multiplications; } }

        /// <summary>Squares mod p run so far (36 32x32-bit multiplies each).</summary>
        internal long FieldSquarings { get { return _curve.Field.Squarings; } }

        /// <summary>Montgomery products mod n run so far (136 32x32-bit multiplies each).</summary>
        internal long OrderMultiplications { get { return _order.Multiplications; } }

        /// <summary>
        /// True only for a valid signature of hash by publicKey. Never throws on bad input: wrong
        /// lengths or offsets, null arrays, a key not on the curve or with a coordinate &gt;= p,
        /// r or s zero or &gt;= n, all give false.
        /// </summary>
        /// <param name="publicKey">The key: 65 bytes SEC1 uncompressed (0x04, X, Y) or 64 bytes X, Y. Compressed keys (0x02/0x03) are not supported (false).</param>
        /// <param name="publicKeyOffset">Where the key starts.</param>
        /// <param name="publicKeyLength">65 or 64, as above.</param>
        /// <param name="hash">The SHA-256 hash of the signed data (32 bytes from hashOffset).</param>
        /// <param name="hashOffset">Where the hash starts.</param>
        /// <param name="signature">IEEE P1363 signature r, s: 64 bytes (use DerSignature.ToP1363 for DER).</param>
        /// <param name="signatureOffset">Where the signature starts.</param>
        /// <param name="signatureLength">Must be 64.</param>
        public bool Verify(byte[] publicKey, int publicKeyOffset, int publicKeyLength,
                           byte[] hash, int hashOffset,
                           byte[] signature, int signatureOffset, int signatureLength)
        {
            if (!Fits(hash, hashOffset, HashLength)) return false;
            if (signatureLength != SignatureLength || !Fits(signature, signatureOffset, SignatureLength)) return false;
            if (!LoadPublicKey(publicKey, publicKeyOffset, publicKeyLength)) return false;

            MontgomeryModulus order = _order;
            Limbs.FromBigEndian(signature, signatureOffset, _r);
            Limbs.FromBigEndian(signature, signatureOffset + 32, _s);
            if (Limbs.IsZero(_r) || !order.IsReduced(_r)) return false;
            if (Limbs.IsZero(_s) || !order.IsReduced(_s)) return false;

            // e: the hash as a number; 2^256 < 2n, so one subtraction reduces it mod n.
            uint[] e = _u1;
            Limbs.FromBigEndian(hash, hashOffset, e);
            if (!order.IsReduced(e)) Limbs.Subtract(e, order.Modulus, e);

            // w = s^-1 in Montgomery form; a Montgomery product of a plain number with it is plain.
            uint[] w = _s;
            order.ToMontgomery(_s, w);
            order.Invert(w, w);
            order.Multiply(e, w, _u1);                // u1 = e / s mod n
            order.Multiply(_r, w, _u2);               // u2 = r / s mod n

            ComputeSum();
            if (_sum.IsInfinity) return false;
            return XMatches(_r);
        }

        /// <summary>
        /// True when the key is usable: 65 bytes 0x04, X, Y or 64 bytes X, Y, both coordinates
        /// below p, the point on the curve (so not the point at infinity). Check once when the
        /// key is configured; Verify checks again anyway.
        /// </summary>
        public bool IsValidPublicKey(byte[] publicKey, int offset, int length)
        {
            return LoadPublicKey(publicKey, offset, length);
        }

        private static bool Fits(byte[] array, int offset, int length)
        {
            return array != null && offset >= 0 && offset <= array.Length - length;
        }

        // Reads the key into _q's X and Y; false when it is not a curve point.
        private bool LoadPublicKey(byte[] key, int offset, int length)
        {
            if (!Fits(key, offset, length)) return false;
            int at;
            if (length == UncompressedKeyLength)
            {
                if (key[offset] != 0x04) return false;
                at = offset + 1;
            }
            else if (length == RawKeyLength)
            {
                at = offset;
            }
            else
            {
                return false;
            }
            P256Field field = _curve.Field;
            uint[] x = _q.X, y = _q.Y;
            Limbs.FromBigEndian(key, at, x);
            Limbs.FromBigEndian(key, at + 32, y);
            if (!field.IsReduced(x) || !field.IsReduced(y)) return false;
            return _curve.IsOnCurve(x, y);
        }

        // _sum = u1·G + u2·Q, one bit of each scalar per step, from the top.
        private void ComputeSum()
        {
            JacobianPoint q = _q;                     // X and Y: the key, as LoadPublicKey read it
            Limbs.Copy(_curve.Field.One, q.Z);
            // G + Q (Z is not 1; infinity when Q = -G, and then adding it changes nothing).
            _gq.CopyFrom(q);
            _curve.Add(_gq, _g, true);

            JacobianPoint sum = _sum;
            sum.SetInfinity();
            for (int bit = 255; bit >= 0; bit--)
            {
                if (!sum.IsInfinity) _curve.Double(sum);
                int pair = Limbs.Bit(_u1, bit) | (Limbs.Bit(_u2, bit) << 1);
                if (pair == 1) _curve.Add(sum, _g, true);
                else if (pair == 2) _curve.Add(sum, q, true);
                else if (pair == 3) _curve.Add(sum, _gq, false);
            }
        }

        // x(R) mod n == r, i.e. x(R) is r or r + n (when below p); x(R) = X / Z^2, compared as r·Z^2 == X.
        private bool XMatches(uint[] r)
        {
            P256Field field = _curve.Field;
            uint[] zz = _u1, rzz = _u2;
            field.Square(_sum.Z, zz);
            field.Multiply(r, zz, rzz);
            if (Limbs.Equal(rzz, _sum.X)) return true;

            uint carry = Limbs.Add(r, _order.Modulus, rzz);
            if (carry != 0 || !field.IsReduced(rzz)) return false;
            field.Multiply(rzz, zz, rzz);
            return Limbs.Equal(rzz, _sum.X);
        }
    }
}
