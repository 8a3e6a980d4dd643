using System.Numerics;
using EdgeNano.Updates.Crypto;

namespace EdgeNano.Tests.Updates.Crypto;

/// <summary>Jacobian point arithmetic against the textbook affine formulas on BigInteger.</summary>
public class P256CurveTests
{
    private readonly P256Curve _curve = new();

    private JacobianPoint Jacobian((BigInteger X, BigInteger Y)? affine, BigInteger z)
    {
        var point = new JacobianPoint();
        if (affine is null) return point;  // infinity: Z = 0
        var (x, y) = affine.Value;
        Big.ToLimbs(x * z * z % Big.P).CopyTo(point.X, 0);
        Big.ToLimbs(y * z * z * z % Big.P).CopyTo(point.Y, 0);
        Big.ToLimbs(z).CopyTo(point.Z, 0);
        return point;
    }

    private static (BigInteger X, BigInteger Y)? Affine(JacobianPoint point)
    {
        var z = Big.FromLimbs(point.Z);
        if (z.IsZero) return null;
        var zInverse = BigInteger.ModPow(z, Big.P - 2, Big.P);
        return (Big.FromLimbs(point.X) * zInverse * zInverse % Big.P, Big.FromLimbs(point.Y) * BigInteger.ModPow(zInverse, 3, Big.P) % Big.P);
    }

    private static IEnumerable<(BigInteger X, BigInteger Y)?> SomePoints(Random random)
    {
        // Curve points at random x (about half of all x have one): cheaper than scalar multiples.
        yield return ReferenceCurve.G;
        for (int found = 0; found < 6;)
        {
            var point = ReferenceCurve.PointWithX(Big.Random(random, Big.P));
            if (point is null) continue;
            found++;
            yield return point;
        }
    }

    [Fact]
    public void Doubling_matches_the_affine_formula_for_any_Z()
    {
        var random = new Random(1);
        foreach (var point in SomePoints(random))
        {
            var jacobian = Jacobian(point, Big.Random(random, Big.P - 1) + 1);
            _curve.Double(jacobian);
            Assert.Equal(ReferenceCurve.Add(point, point), Affine(jacobian));
        }
    }

    [Fact]
    public void Adding_distinct_equal_opposite_and_infinite_points_matches_the_affine_formula()
    {
        var random = new Random(2);
        var points = SomePoints(random).ToList();
        foreach (var a in points)
        {
            foreach (var b in points.Append(ReferenceCurve.Negate(a)).Append(null))
            {
                foreach (bool mixed in new[] { false, true })
                {
                    if (mixed && b is null) continue;  // a Z = 1 point is never infinity
                    var sum = Jacobian(a, Big.Random(random, Big.P - 1) + 1);
                    var other = Jacobian(b, mixed ? 1 : Big.Random(random, Big.P - 1) + 1);
                    _curve.Add(sum, other, mixed);
                    Assert.Equal(ReferenceCurve.Add(a, b), Affine(sum));
                }
            }
        }
    }

    [Fact]
    public void Adding_to_infinity_gives_the_other_point_and_doubling_infinity_stays_infinity()
    {
        var random = new Random(3);
        var infinity = new JacobianPoint();
        _curve.Double(infinity);
        Assert.True(infinity.IsInfinity);
        var point = ReferenceCurve.Add(ReferenceCurve.G, ReferenceCurve.G);
        _curve.Add(infinity, Jacobian(point, Big.Random(random, Big.P - 1) + 1), false);
        Assert.Equal(point, Affine(infinity));
    }

    [Fact]
    public void The_curve_check_accepts_curve_points_and_refuses_neighbours()
    {
        var random = new Random(5);
        foreach (var point in SomePoints(random))
        {
            var (x, y) = point!.Value;
            Assert.True(_curve.IsOnCurve(Big.ToLimbs(x), Big.ToLimbs(y)));
            Assert.False(_curve.IsOnCurve(Big.ToLimbs(x), Big.ToLimbs((y + 1) % Big.P)));
            Assert.False(_curve.IsOnCurve(Big.ToLimbs((x + 1) % Big.P), Big.ToLimbs(y)));
        }
        Assert.False(_curve.IsOnCurve(new uint[8], new uint[8]));
    }
}
