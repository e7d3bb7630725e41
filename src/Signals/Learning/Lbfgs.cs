namespace Signals.Learning;

/// <summary>
/// Limited-memory BFGS with a backtracking (Armijo) line search, for the small smooth convex problems of
/// <see cref="VerdictUpdate"/>: a few thousand variables, a few hundred rows. ML.NET's L-BFGS cannot start from a model's
/// weights and pull toward them; this one minimises whatever <c>f</c> says.
/// </summary>
internal static class Lbfgs
{
    /// <param name="f">The objective at x; writes its gradient into the second argument.</param>
    public static double[] Minimize(Func<double[], double[], double> f, int n, int maxIterations = 200, int memory = 8, double tolerance = 1e-6)
    {
        var x = new double[n];
        var g = new double[n];
        var fx = f(x, g);
        var s = new List<double[]>();
        var y = new List<double[]>();
        var direction = new double[n];
        var alpha = new double[memory];
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            if (Math.Sqrt(Dot(g, g)) <= tolerance * Math.Max(1, Math.Sqrt(Dot(x, x)))) break;
            // Two-loop recursion: direction = −H·g from the last pairs of steps and gradient changes.
            Array.Copy(g, direction, n);
            for (var k = s.Count - 1; k >= 0; k--)
            {
                alpha[k] = Dot(s[k], direction) / Dot(y[k], s[k]);
                Axpy(-alpha[k], y[k], direction);
            }
            var gamma = s.Count == 0 ? 1 / Math.Max(1, Math.Sqrt(Dot(g, g))) : Dot(s[^1], y[^1]) / Dot(y[^1], y[^1]);
            for (var i = 0; i < n; i++) direction[i] *= gamma;
            for (var k = 0; k < s.Count; k++)
            {
                var beta = Dot(y[k], direction) / Dot(y[k], s[k]);
                Axpy(alpha[k] - beta, s[k], direction);
            }
            for (var i = 0; i < n; i++) direction[i] = -direction[i];
            var slope = Dot(g, direction);
            if (slope >= 0) { for (var i = 0; i < n; i++) direction[i] = -g[i]; slope = -Dot(g, g); s.Clear(); y.Clear(); }
            var step = 1.0;
            var next = new double[n];
            var nextG = new double[n];
            double fNext;
            while (true)
            {
                for (var i = 0; i < n; i++) next[i] = x[i] + step * direction[i];
                fNext = f(next, nextG);
                if (fNext <= fx + 1e-4 * step * slope || step < 1e-10) break;
                step /= 2;
            }
            var sk = new double[n];
            var yk = new double[n];
            for (var i = 0; i < n; i++) { sk[i] = next[i] - x[i]; yk[i] = nextG[i] - g[i]; }
            var improvement = fx - fNext;
            (x, g, fx) = (next, nextG, fNext);
            if (Dot(sk, yk) > 1e-12)
            {
                if (s.Count == memory) { s.RemoveAt(0); y.RemoveAt(0); }
                s.Add(sk);
                y.Add(yk);
            }
            if (improvement <= 1e-10 * Math.Max(1, Math.Abs(fx))) break;
        }
        return x;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (var i = 0; i < x.Length; i++) y[i] += a * x[i];
    }
}
