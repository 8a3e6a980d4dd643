namespace EdgeNano.Updates.Crypto
{
    /// <summary>
    /// Point arithmetic on P-256 in Jacobian coordinates:
    /// doubling (a = -3 formula, 3M + 5S), addition (12M + 4S, or 8M + 3S when the added
    /// point has Z = 1) and the curve-equation check. The exceptional cases of the addition
    /// formula (equal points, opposite points, infinity) are handled, so any sequence of
    /// public inputs gives the right point. Not thread-safe: it owns its scratch arrays.
    /// </summary>
    internal sealed class P256Curve
    {
        private readonly P256Field _field = new P256Field();
        private readonly uint[] _t1 = new uint[Limbs.Count];
        private readonly uint[] _t2 = new uint[Limbs.Count];
        private readonly uint[] _t3 = new uint[Limbs.Count];
        private readonly uint[] _t4 = new uint[Limbs.Count];
        private readonly uint[] _u1 = new uint[Limbs.Count];
        private readonly uint[] _u2 = new uint[Limbs.Count];
        private readonly uint[] _s1 = new uint[Limbs.Count];
        private readonly uint[] _s2 = new uint[Limbs.Count];
        private readonly uint[] _h = new uint[Limbs.Count];
        private readonly uint[] _r = new uint[Limbs.Count];
        private readonly uint[] _z3 = new uint[Limbs.Count];

        /// <summary>Arithmetic modulo the field prime p.</summary>
        public P256Field Field { get { return _field; } }

        /// <summary>True when (x, y), both below p, satisfies y^2 = x^3 - 3x + b.</summary>
        public bool IsOnCurve(uint[] x, uint[] y)
        {
            P256Field f = _field;
            f.Square(y, _t1);            // y^2
            f.Square(x, _t2);
            f.Multiply(_t2, x, _t2);     // x^3
            f.Add(x, x, _t3);
            f.Add(_t3, x, _t3);          // 3x
            f.Subtract(_t2, _t3, _t2);
            f.Add(_t2, P256.B, _t2);     // x^3 - 3x + b
            return Limbs.Equal(_t1, _t2);
        }

        /// <summary>point = 2·point ("dbl-2001-b"; infinity stays infinity).</summary>
        public void Double(JacobianPoint point)
        {
            P256Field f = _field;
            uint[] delta = _t1, gamma = _t2, beta = _t3, alpha = _t4;
            f.Square(point.Z, delta);
            f.Square(point.Y, gamma);
            f.Multiply(point.X, gamma, beta);
            f.Subtract(point.X, delta, _u1);
            f.Add(point.X, delta, _u2);
            f.Multiply(_u1, _u2, alpha);
            f.Add(alpha, alpha, _u1);
            f.Add(_u1, alpha, alpha);                 // alpha = 3(X - delta)(X + delta)

            f.Add(point.Y, point.Z, _u1);
            f.Square(_u1, _u1);
            f.Subtract(_u1, gamma, _u1);
            f.Subtract(_u1, delta, point.Z);          // Z3 = (Y + Z)^2 - gamma - delta

            f.Add(beta, beta, beta);
            f.Add(beta, beta, beta);                  // 4 beta
            f.Square(alpha, _u1);
            f.Add(beta, beta, _u2);
            f.Subtract(_u1, _u2, point.X);            // X3 = alpha^2 - 8 beta

            f.Subtract(beta, point.X, _u1);
            f.Multiply(alpha, _u1, _u1);
            f.Square(gamma, _u2);
            f.Add(_u2, _u2, _u2);
            f.Add(_u2, _u2, _u2);
            f.Add(_u2, _u2, _u2);                     // 8 gamma^2
            f.Subtract(_u1, _u2, point.Y);            // Y3 = alpha(4 beta - X3) - 8 gamma^2
        }

        /// <summary>
        /// sum = sum + other. When otherZIsOne, other.Z must be 1 and the
        /// cheaper mixed formula runs. other is not changed; other must not be sum.
        /// </summary>
        public void Add(JacobianPoint sum, JacobianPoint other, bool otherZIsOne)
        {
            if (other.IsInfinity) return;
            if (sum.IsInfinity)
            {
                sum.CopyFrom(other);
                return;
            }
            P256Field f = _field;
            f.Square(sum.Z, _t1);                     // Z1^2
            f.Multiply(other.X, _t1, _u2);            // U2 = X2 Z1^2
            f.Multiply(_t1, sum.Z, _t1);
            f.Multiply(other.Y, _t1, _s2);            // S2 = Y2 Z1^3
            if (otherZIsOne)
            {
                Limbs.Copy(sum.X, _u1);
                Limbs.Copy(sum.Y, _s1);
            }
            else
            {
                f.Square(other.Z, _t2);               // Z2^2
                f.Multiply(sum.X, _t2, _u1);          // U1 = X1 Z2^2
                f.Multiply(_t2, other.Z, _t2);
                f.Multiply(sum.Y, _t2, _s1);          // S1 = Y1 Z2^3
            }
            f.Subtract(_u2, _u1, _h);
            f.Subtract(_s2, _s1, _r);
            if (Limbs.IsZero(_h))
            {
                // Same x: the same point (double it) or its negative (the sum is infinity).
                if (Limbs.IsZero(_r)) Double(sum);
                else sum.SetInfinity();
                return;
            }
            f.Multiply(sum.Z, _h, _z3);
            if (!otherZIsOne) f.Multiply(_z3, other.Z, _z3);   // Z3 = Z1 Z2 H

            uint[] hh = _t1, hhh = _t2, v = _t3;
            f.Square(_h, hh);
            f.Multiply(_h, hh, hhh);
            f.Multiply(_u1, hh, v);
            f.Square(_r, _t4);
            f.Subtract(_t4, hhh, _t4);
            f.Subtract(_t4, v, _t4);
            f.Subtract(_t4, v, sum.X);                // X3 = R^2 - H^3 - 2 U1 H^2

            f.Subtract(v, sum.X, _t4);
            f.Multiply(_r, _t4, _t4);
            f.Multiply(_s1, hhh, _u2);
            f.Subtract(_t4, _u2, sum.Y);              // Y3 = R(U1 H^2 - X3) - S1 H^3
            Limbs.Copy(_z3, sum.Z);
        }
    }
}
