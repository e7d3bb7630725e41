using MathNet.Numerics.LinearAlgebra;

namespace Signals.Detection;

/// <summary>
/// The expected count of a day, in the spirit of the improved Farrington algorithm (Noufaily et
/// al., Stat Med 2013): a quasi-Poisson log-linear regression on the history with a trend, a
/// day-of-week effect and, given a year or more, an annual harmonic. It is fitted twice: the
/// second fit down-weights days whose Anscombe residual exceeds 2.58, so past outbreaks do not
/// inflate the baseline. Weekday and season effects carry a light ridge penalty so that sparse
/// series (a weekday with no count at all) keep finite estimates.
/// </summary>
public sealed class BaselineModel
{
    private const double OutlierResidual = 2.58;
    private const double Ridge = 0.5;
    private const int MaxIterations = 25;

    private readonly double[] _beta;
    private readonly int _origin;
    private readonly bool _seasonal;

    private BaselineModel(double[] beta, int origin, bool seasonal, double dispersion)
    {
        _beta = beta;
        _origin = origin;
        _seasonal = seasonal;
        Dispersion = dispersion;
    }

    /// <summary>φ: the variance is φ times the mean (never below 1).</summary>
    public double Dispersion { get; }

    /// <summary>Fits on <paramref name="counts"/>[from..to) where day index i has day of week <paramref name="dayOfWeek"/>(i).</summary>
    public static BaselineModel Fit(IReadOnlyList<int> counts, int from, int to, Func<int, int> dayOfWeek)
    {
        var n = to - from;
        var seasonal = n >= 365;
        var total = 0L;
        for (var i = from; i < to; i++) total += counts[i];
        if (total == 0) return Constant(0.5 / (n + 1), from, seasonal); // nothing yet: a small mean, so the first counts stand out
        var x = Design(from, to, from, seasonal, dayOfWeek);
        var weights = Enumerable.Repeat(1.0, n).ToArray();
        var (beta, mu) = Irls(x, counts, from, weights);
        if (beta is null) return Constant((double)total / n, from, seasonal);
        var phi = EstimateDispersion(counts, from, mu, weights, x.ColumnCount);

        // Down-weight outlying days (Farrington's reweighting with Anscombe residuals), then refit.
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            var r = Anscombe(counts[from + i], mu[i], phi);
            weights[i] = r > OutlierResidual ? 1 / (r * r) : 1;
            sum += weights[i];
        }
        for (var i = 0; i < n; i++) weights[i] *= n / sum;
        var (beta2, mu2) = Irls(x, counts, from, weights);
        if (beta2 is not null) (beta, mu) = (beta2, mu2);
        return new BaselineModel(beta, from, seasonal, EstimateDispersion(counts, from, mu, weights, x.ColumnCount));
    }

    /// <summary>The expected count on day index <paramref name="day"/>.</summary>
    public double Expected(int day, int dayOfWeek)
    {
        var row = Row(day, _origin, _seasonal, dayOfWeek);
        var eta = 0.0;
        for (var j = 0; j < row.Length; j++) eta += row[j] * _beta[j];
        return Math.Exp(Math.Clamp(eta, -30, 30));
    }

    private static BaselineModel Constant(double mean, int origin, bool seasonal)
    {
        var beta = new double[Columns(seasonal)];
        beta[0] = Math.Log(mean);
        return new BaselineModel(beta, origin, seasonal, 1);
    }

    private static int Columns(bool seasonal) => seasonal ? 12 : 8;

    // Columns: intercept, trend (years), two annual harmonics (if seasonal: a yearly and a half-yearly wave), six weekday indicators (Monday = reference).
    private static double[] Row(int day, int origin, bool seasonal, int dayOfWeek)
    {
        var row = new double[Columns(seasonal)];
        row[0] = 1;
        row[1] = (day - origin) / 365.25;
        var c = 2;
        if (seasonal)
        {
            var angle = 2 * Math.PI * day / 365.25;
            row[c++] = Math.Cos(angle);
            row[c++] = Math.Sin(angle);
            row[c++] = Math.Cos(2 * angle);
            row[c++] = Math.Sin(2 * angle);
        }
        if (dayOfWeek > 0) row[c + dayOfWeek - 1] = 1;
        return row;
    }

    private static Matrix<double> Design(int from, int to, int origin, bool seasonal, Func<int, int> dayOfWeek)
    {
        var x = Matrix<double>.Build.Dense(to - from, Columns(seasonal));
        for (var i = from; i < to; i++) x.SetRow(i - from, Row(i, origin, seasonal, dayOfWeek(i)));
        return x;
    }

    /// <summary>Iteratively reweighted least squares for the Poisson log-linear model with prior weights.</summary>
    private static (double[]? Beta, double[] Mu) Irls(Matrix<double> x, IReadOnlyList<int> counts, int from, double[] prior)
    {
        var n = x.RowCount;
        var p = x.ColumnCount;
        var mu = new double[n];
        var eta = new double[n];
        for (var i = 0; i < n; i++) { mu[i] = counts[from + i] + 0.5; eta[i] = Math.Log(mu[i]); }
        double[]? beta = null;
        var deviance = double.MaxValue;
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var xtwx = Matrix<double>.Build.Dense(p, p);
            var xtwz = Vector<double>.Build.Dense(p);
            for (var i = 0; i < n; i++)
            {
                var w = prior[i] * mu[i];
                var z = eta[i] + (counts[from + i] - mu[i]) / mu[i];
                for (var a = 0; a < p; a++)
                {
                    var xa = x[i, a];
                    if (xa == 0) continue;
                    xtwz[a] += w * xa * z;
                    for (var b = a; b < p; b++) xtwx[a, b] += w * xa * x[i, b];
                }
            }
            for (var a = 0; a < p; a++)
            {
                for (var b = 0; b < a; b++) xtwx[a, b] = xtwx[b, a];
                if (a >= 2) xtwx[a, a] += Ridge; // weekday and season effects only
            }
            Vector<double> next;
            try { next = xtwx.Cholesky().Solve(xtwz); }
            catch (ArgumentException) { return (null, mu); }
            if (next.Any(double.IsNaN)) return (null, mu);
            beta = next.ToArray();
            var newDeviance = 0.0;
            for (var i = 0; i < n; i++)
            {
                var e = 0.0;
                for (var a = 0; a < p; a++) e += x[i, a] * beta[a];
                eta[i] = Math.Clamp(e, -30, 30);
                mu[i] = Math.Exp(eta[i]);
                var y = counts[from + i];
                newDeviance += prior[i] * 2 * ((y > 0 ? y * Math.Log(y / mu[i]) : 0) - (y - mu[i]));
            }
            if (Math.Abs(newDeviance - deviance) < 1e-8 * (Math.Abs(newDeviance) + 0.1)) break;
            deviance = newDeviance;
        }
        return (beta, mu);
    }

    private static double EstimateDispersion(IReadOnlyList<int> counts, int from, double[] mu, double[] weights, int parameters)
    {
        var n = mu.Length;
        var pearson = 0.0;
        for (var i = 0; i < n; i++)
        {
            var d = counts[from + i] - mu[i];
            pearson += weights[i] * d * d / mu[i];
        }
        return Math.Max(1, pearson / Math.Max(1, n - parameters));
    }

    private static double Anscombe(int y, double mu, double phi) =>
        1.5 * (Math.Pow(y, 2.0 / 3) * Math.Pow(mu, -1.0 / 6) - Math.Sqrt(mu)) / Math.Sqrt(phi);
}
