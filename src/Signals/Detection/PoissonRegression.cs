namespace Signals.Detection;

/// <summary>
/// The design matrix of the baseline: dense features row by row (intercept, then with a year of history the trend and
/// the yearly and half-yearly waves), plus each row's weekday (its one indicator column, Monday the reference).
/// </summary>
internal sealed class RegressionDesign
{
    public RegressionDesign(int from, int to, int dense, Func<int, int> dayOfWeek)
    {
        Dense = dense;
        Rows = to - from;
        Values = new double[Rows * dense];
        Weekday = new int[Rows];
        for (var i = 0; i < Rows; i++)
        {
            Features(from + i, from, dense, Values.AsSpan(i * dense, dense));
            Weekday[i] = dayOfWeek(from + i);
        }
    }

    public int Dense { get; }
    public int Rows { get; }
    public int Columns => Dense + 6;
    public double[] Values { get; }
    public int[] Weekday { get; }

    public double LinearPredictor(int i, double[] beta)
    {
        var eta = 0.0;
        for (var j = 0; j < Dense; j++) eta += Values[i * Dense + j] * beta[j];
        return Weekday[i] > 0 ? eta + beta[Dense + Weekday[i] - 1] : eta;
    }

    /// <summary>Dense features: intercept, then (dense = 6) trend in years since <paramref name="origin"/> and cos/sin of the yearly and half-yearly waves.</summary>
    public static void Features(int day, int origin, int dense, Span<double> row)
    {
        row[0] = 1;
        if (dense < 6) return;
        row[1] = (day - origin) / 365.25;
        var angle = 2 * Math.PI * day / 365.25;
        row[2] = Math.Cos(angle);
        row[3] = Math.Sin(angle);
        row[4] = Math.Cos(2 * angle);
        row[5] = Math.Sin(2 * angle);
    }
}

/// <summary>Ridge-penalised Poisson log-linear regression by iteratively reweighted least squares, on plain arrays.</summary>
internal static class PoissonRegression
{
    private const int MaxIterations = 25;

    /// <summary>
    /// Fits with prior weights (a row of weight 0 is left out) and an optional offset (a known log-exposure added to each
    /// row's linear predictor), starting from <paramref name="eta"/> and leaving the fitted linear predictor, offset
    /// included, in it. <paramref name="ridge"/> is added to the diagonal of XᵀWX for the weekday and season columns, not
    /// intercept and trend. Null if the system is not positive definite.
    /// </summary>
    public static double[]? Fit(RegressionDesign x, double[] y, double[] prior, double[]? offset, double[] eta, double ridge)
    {
        var p = x.Columns;
        var d = x.Dense;
        var a = new double[p * p];
        var b = new double[p];
        var mus = new double[x.Rows];
        for (var i = 0; i < x.Rows; i++) mus[i] = Math.Exp(eta[i]);
        double[]? beta = null;
        var deviance = double.MaxValue;
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            Array.Clear(a);
            Array.Clear(b);
            for (var i = 0; i < x.Rows; i++)
            {
                if (prior[i] == 0) continue;
                var mu = mus[i];
                var w = prior[i] * mu;
                var wz = w * (eta[i] - (offset?[i] ?? 0) + (y[i] - mu) / mu);
                var row = x.Values.AsSpan(i * d, d);
                for (var r = 0; r < d; r++)
                {
                    var wr = w * row[r];
                    b[r] += wz * row[r];
                    for (var c = 0; c <= r; c++) a[r * p + c] += wr * row[c];
                }
                if (x.Weekday[i] > 0)
                {
                    var k = d + x.Weekday[i] - 1;
                    b[k] += wz;
                    a[k * p + k] += w;
                    for (var c = 0; c < d; c++) a[k * p + c] += w * row[c];
                }
            }
            for (var r = d == 1 ? 1 : 2; r < p; r++) a[r * p + r] += ridge;
            var next = SolveCholesky(a, b, p);
            if (next is null) return null;
            beta = next;
            var newDeviance = 0.0;
            for (var i = 0; i < x.Rows; i++)
            {
                eta[i] = Math.Clamp(x.LinearPredictor(i, beta) + (offset?[i] ?? 0), -30, 30);
                var mu = mus[i] = Math.Exp(eta[i]);
                newDeviance += prior[i] * 2 * ((y[i] > 0 ? y[i] * Math.Log(y[i] / mu) : 0) - (y[i] - mu));
            }
            // 1e-7 of the deviance: well below what moves an expected count by a visible amount.
            if (Math.Abs(newDeviance - deviance) < 1e-7 * (Math.Abs(newDeviance) + 0.1)) break;
            deviance = newDeviance;
        }
        return beta;
    }

    /// <summary>Solves A·x = b for a symmetric positive-definite A given by its lower triangle (row-major p×p). Null if A is not positive definite.</summary>
    private static double[]? SolveCholesky(double[] a, double[] b, int p)
    {
        var l = new double[p * p];
        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[i * p + j];
                for (var k = 0; k < j; k++) sum -= l[i * p + k] * l[j * p + k];
                if (i == j)
                {
                    if (!(sum > 1e-12)) return null;
                    l[i * p + i] = Math.Sqrt(sum);
                }
                else l[i * p + j] = sum / l[j * p + j];
            }
        }
        var z = new double[p];
        for (var i = 0; i < p; i++)
        {
            var sum = b[i];
            for (var k = 0; k < i; k++) sum -= l[i * p + k] * z[k];
            z[i] = sum / l[i * p + i];
        }
        var x = new double[p];
        for (var i = p - 1; i >= 0; i--)
        {
            var sum = z[i];
            for (var k = i + 1; k < p; k++) sum -= l[k * p + i] * x[k];
            x[i] = sum / l[i * p + i];
        }
        return x.Any(double.IsNaN) ? null : x;
    }
}
