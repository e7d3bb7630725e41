using System.Globalization;
using Signals.Detection;

namespace Signals.Benchmarks;

/// <summary>
/// What the median delay at FPR 1 %/day is made of (docs/detection.md, "Why the median delay stays at 3 days"): the
/// shipped detector next to variants that give short windows more of the false-alarm budget, and next to the same scan on
/// the true mean and dispersion. Every row is scored by DetectionQuality's own code. The "true baseline" rows read
/// <c>mu</c> and the scenario's φ: they are a bound on what any baseline could do, not a detector.
/// </summary>
internal static class DetectionVariants
{
    public static int Run(string dir)
    {
        var series = SeriesCsv.Read(Path.Combine(dir, "series.csv"));
        var truth = BenchmarkTruth.Load(dir);
        var evalStart = Array.FindIndex(series[0].Dates, d => d >= new DateOnly(2017, 1, 1));
        var shipped = new DetectorSettings();
        var detector = new SpikeDetector(shipped);
        var fitted = new Baseline[series.Count];
        Parallel.For(0, series.Count, i => fitted[i] = detector.ComputeBaseline(series[i].Counts, series[i].DayOfWeek, 0));
        var oracle = TrueBaselines(dir, series);

        DetectionQuality.AlarmsOf Windows(Baseline[] baselines, params int[] windows) =>
            DetectionQuality.Shipped(series, baselines, new SpikeDetector(shipped with { Windows = windows }), evalStart);
        var rows = new List<(string Name, DetectionQuality.AlarmsOf Alarms)>
        {
            ("shipped (windows 1-14)", DetectionQuality.Shipped(series, fitted, detector, evalStart)),
            ("penalty a=0 (= shipped)", Penalised(series, fitted, shipped, evalStart, 0)),
            ("penalty a=1", Penalised(series, fitted, shipped, evalStart, 1)),
            ("penalty a=3", Penalised(series, fitted, shipped, evalStart, 3)),
            ("windows 1,2,3,5,7", Windows(fitted, 1, 2, 3, 5, 7)),
            ("windows 1,2,3", Windows(fitted, 1, 2, 3)),
            ("windows 1,2", Windows(fitted, 1, 2)),
            ("windows 1", Windows(fitted, 1)),
            ("true baseline", DetectionQuality.Shipped(series, oracle, detector, evalStart)),
            ("true baseline, w 1,2", Windows(oracle, 1, 2)),
        };
        var thresholds = Enumerable.Range(0, 65).Select(i => 1.0 + 0.125 * i).ToList();
        Console.WriteLine("At a matched FPR of 1 %/day; penalty a: a window of L days scores −log10 p − a·log10 L; early: detected within 2 days");
        Console.WriteLine($"{"variant",-24} {"POD",6} {"spike",6} {"surge",6} {"delay",6} {"early",6}");
        foreach (var (name, alarms) in rows)
        {
            var m = DetectionQuality.AtFpr(DetectionQuality.Sweep(series, truth, evalStart, thresholds, alarms), 0.01);
            Console.WriteLine($"{name,-24} {m.Pod,6:F3} {m.PodSpike,6:F3} {m.PodSurge,6:F3} {m.MedianDelay,6:F2} {m.EarlyShare,6:F3}");
        }
        return 0;
    }

    /// <summary>
    /// The shipped decision with the score of a window of L days lowered by a·log10 L, so that short windows reach the
    /// threshold with less evidence than long ones (a = 0 is the shipped rule, written out again here).
    /// </summary>
    private static DetectionQuality.AlarmsOf Penalised(IReadOnlyList<DailySeries> series, Baseline[] baselines, DetectorSettings s, int evalStart, double a) =>
        (i, threshold) =>
        {
            var (counts, b) = (series[i].Counts, baselines[i]);
            var alarm = new bool[counts.Length];
            var lastAlarm = evalStart - 32;
            for (var t = lastAlarm + 1; t < counts.Length; t++)
            {
                if (double.IsNaN(b.Expected[t])) continue;
                double best = double.NegativeInfinity, expected = 0;
                int observed = 0, length = 0, bestObserved = 0;
                foreach (var window in s.Windows)
                {
                    for (; length < window; length++)
                    {
                        var day = t - length;
                        if (day <= lastAlarm || day < 0 || double.IsNaN(b.Expected[day])) goto done;
                        observed += counts[day];
                        expected += b.Expected[day];
                    }
                    var score = -Math.Log10(Math.Max(CountTail.AtLeast(observed, expected, b.Dispersion[t]), 1e-300)) - a * Math.Log10(window);
                    if (score > best) (best, bestObserved) = (score, observed);
                }
            done:
                if (best >= threshold && bestObserved >= s.MinimumCount && counts[t] >= s.MinimumDayCount) alarm[lastAlarm = t] = true;
            }
            return alarm;
        };

    /// <summary>The simulation's own mean (<c>mu</c>) and its scenario's φ: analysis only.</summary>
    private static Baseline[] TrueBaselines(string dir, IReadOnlyList<DailySeries> series)
    {
        var phi = BenchmarkTruth.Rows(Path.Combine(dir, "scenarios.csv"), out var h)
            .ToDictionary(f => f[h["scenario"]], f => double.Parse(f[h["phi"]], CultureInfo.InvariantCulture));
        var mu = new Dictionary<string, List<double>>();
        foreach (var f in BenchmarkTruth.Rows(Path.Combine(dir, "series.csv"), out var c))
        {
            if (!mu.TryGetValue(f[c["series_id"]], out var list)) mu[f[c["series_id"]]] = list = [];
            list.Add(double.Parse(f[c["mu"]], CultureInfo.InvariantCulture));
        }
        return series.Select(s => new Baseline(mu[s.Id].ToArray(), Enumerable.Repeat(phi[s.Id.Split('_')[0]], s.Counts.Length).ToArray())).ToArray();
    }
}
