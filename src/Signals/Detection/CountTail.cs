using MathNet.Numerics;

namespace Signals.Detection;

/// <summary>
/// Upper-tail probabilities of counts, computed directly (not as 1 − CDF, which loses every
/// digit below 1e-16): quasi-Poisson counts with mean μ and variance φμ are taken as negative
/// binomial with size μ/(φ−1), or Poisson when φ ≈ 1.
/// </summary>
public static class CountTail
{
    /// <summary>P(Y ≥ observed) for Y with mean <paramref name="mean"/> and variance dispersion·mean.</summary>
    public static double AtLeast(int observed, double mean, double dispersion)
    {
        if (observed <= 0) return 1;
        if (mean <= 0) return 0;
        if (dispersion <= 1.0001) return SpecialFunctions.GammaLowerRegularized(observed, mean);
        var size = mean / (dispersion - 1);
        // NB(size, p = 1/φ) counting failures: P(Y ≥ k) = I_{1−p}(k, size).
        return SpecialFunctions.BetaRegularized(observed, size, 1 - 1 / dispersion);
    }

    /// <summary>The smallest count whose upper tail is at most <paramref name="alpha"/>: the day's alarm bound on its own.</summary>
    public static int UpperBound(double mean, double dispersion, double alpha)
    {
        var sd = Math.Sqrt(Math.Max(dispersion, 1) * Math.Max(mean, 1e-9));
        var k = Math.Max(1, (int)Math.Floor(mean));
        var limit = (int)Math.Ceiling(mean + 60 * sd + 10);
        while (k < limit && AtLeast(k, mean, dispersion) > alpha) k++;
        return k;
    }
}
