namespace EdgeNano.Updates.Crypto
{
    /// <summary>
    /// A curve point in Jacobian coordinates (x = X/Z^2, y = Y/Z^3), each coordinate a number
    /// below p. Z = 0 is the point at infinity. Keeping Z lets additions
    /// and doublings run without a field inversion each.
    /// </summary>
    internal sealed class JacobianPoint
    {
        /// <summary>X coordinate.</summary>
        public readonly uint[] X = new uint[Limbs.Count];

        /// <summary>Y coordinate.</summary>
        public readonly uint[] Y = new uint[Limbs.Count];

        /// <summary>Z coordinate; zero for the point at infinity.</summary>
        public readonly uint[] Z = new uint[Limbs.Count];

        /// <summary>True for the point at infinity.</summary>
        public bool IsInfinity { get { return Limbs.IsZero(Z); } }

        /// <summary>Makes this the point at infinity.</summary>
        public void SetInfinity()
        {
            Limbs.Set(X, 0);
            Limbs.Set(Y, 0);
            Limbs.Set(Z, 0);
        }

        /// <summary>Copies another point into this one.</summary>
        public void CopyFrom(JacobianPoint other)
        {
            Limbs.Copy(other.X, X);
            Limbs.Copy(other.Y, Y);
            Limbs.Copy(other.Z, Z);
        }
    }
}
