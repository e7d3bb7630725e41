using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Signals.Detection;

namespace Signals.Benchmarks;

/// <summary>
/// The detection benchmark of bench/spike (see its README): our detector next to R surveillance's
/// detectors on the same 120 series. The detector sees only the counts; the truth is used to score.
/// </summary>
internal static class DetectionQuality
{
    /// <summary>The scores at one threshold. <see cref="EarlyShare"/>: detected outbreaks caught within 2 days of their start (the median delay is ≤ 2 exactly when it is ≥ ½).</summary>
    internal sealed record Outcome(double Threshold, int FalseAlarms, int NonOutbreakDays, double Pod, double PodSpike, double PodSurge,
        double MedianDelay, double MedianDelaySpike, double MedianDelaySurge, double EarlyShare,
        IReadOnlyDictionary<string, (int FalseAlarms, int Series, int NonOutbreakDays, double Pod)> ByScenario, int[] Delays)
    {
        public double Fpr => (double)FalseAlarms / NonOutbreakDays;

        /// <summary>The share of all outbreaks (detected or not) with an alarm within <paramref name="days"/> days of their start.</summary>
        public double DetectedWithin(int days) => (double)Delays.Count(d => d >= 0 && d <= days) / Delays.Length;
    }

    /// <summary>Decides one series at one threshold: alarm or not for every day (the detector sees the counts only).</summary>
    internal delegate bool[] AlarmsOf(int series, double threshold);

    /// <summary>Our threshold grid: 1 to 9 by 0.25, plus the default.</summary>
    internal static List<double> Thresholds(double defaultThreshold) =>
        Enumerable.Range(0, 33).Select(i => 1.0 + 0.25 * i).Append(defaultThreshold).Distinct().Order().ToList();

    internal static List<Outcome> Sweep(IReadOnlyList<DailySeries> series, BenchmarkTruth truth, int evalStart, IEnumerable<double> thresholds, AlarmsOf alarmsOf) =>
        thresholds.AsParallel().Select(th => Score(series, truth, th, evalStart, alarmsOf)).OrderBy(o => o.Threshold).ToList();

    /// <summary>
    /// The worker's decision: <see cref="SpikeDetector.Run"/> over the whole series, its episodes (and their quiet days) kept out of
    /// later fits as the worker keeps its stored alerts' days out. The baseline depends on the alarms, so it is refitted per threshold.
    /// </summary>
    internal static AlarmsOf Episodic(IReadOnlyList<DailySeries> series, SpikeDetector detector, int quietDays) => (i, threshold) =>
        detector.Run(series[i].Counts, series[i].DayOfWeek, threshold, quietDays, withBounds: false).Select(d => d is not null && d.Alarm).ToArray();

    /// <summary>A decision on fixed baselines (no episode mask): <see cref="SpikeDetector.Decide"/> from a month before 2017 (so the scan windows have history and no earlier alarm state is assumed).</summary>
    internal static AlarmsOf Shipped(IReadOnlyList<DailySeries> series, Baseline[] baselines, SpikeDetector detector, int evalStart) => (i, threshold) =>
        detector.Decide(series[i].Counts, baselines[i], threshold, from: evalStart - 31, withBounds: false).Select(d => d is not null && d.Alarm).ToArray();

    public static int Run(string dir, DetectorSettings? overrides = null, int quietDays = 14, bool episodes = true)
    {
        if (!File.Exists(Path.Combine(dir, "series.csv"))) { Console.Error.WriteLine($"no benchmark data in {Path.GetFullPath(dir)}"); return 66; }
        var clock = Stopwatch.StartNew();
        var series = SeriesCsv.Read(Path.Combine(dir, "series.csv"));
        var truth = BenchmarkTruth.Load(dir);
        var evalStart = Array.FindIndex(series[0].Dates, d => d >= new DateOnly(2017, 1, 1));
        var settings = overrides ?? new DetectorSettings();
        var detector = new SpikeDetector(settings);
        AlarmsOf alarmsOf;
        if (episodes) alarmsOf = Episodic(series, detector, quietDays);
        else
        {
            // For comparison: the baseline before episodes were kept out of it (fitted once, judged from a month before 2017).
            var baselines = new Baseline[series.Count];
            Parallel.For(0, series.Count, i => baselines[i] = detector.ComputeBaseline(series[i].Counts, series[i].DayOfWeek, 0));
            alarmsOf = Shipped(series, baselines, detector, evalStart);
        }
        var cache = new Dictionary<double, Outcome>();
        Outcome At(double threshold) => cache.TryGetValue(threshold, out var o) ? o : cache[threshold] = Score(series, truth, threshold, evalStart, alarmsOf);

        var atDefault = At(settings.Threshold);
        var matched = ExactFpr(At, 0.01);
        var peers = PeerOutcomes(dir);

        Console.WriteLine($"Detection benchmark: {series.Count} series, {truth.EvalOutbreaks.Count} outbreaks in 2017; episodes {(episodes ? $"kept out of the baseline (quiet days {quietDays}, lead {settings.EpisodeLeadDays})" : "in the baseline")}; {cache.Count} thresholds tried, {clock.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine();
        Console.WriteLine($"Timeliness at exactly 1 % false-positive days (ours: threshold {matched.Threshold:F3}, FPR {matched.Fpr:P2}; peers: {PeersFile})");
        Console.WriteLine("share of ALL outbreaks detected within d days of their start");
        Console.WriteLine($"{"detector",-15}" + string.Concat(Enumerable.Range(0, 15).Select(d => $"{d,6}")) + $"{"POD",7}");
        void Line(string name, Func<int, double> within, double pod) =>
            Console.WriteLine($"{name,-15}" + string.Concat(Enumerable.Range(0, 15).Select(d => $"{within(d),6:F3}")) + $"{pod,7:F3}");
        Line("signals", matched.DetectedWithin, matched.Pod);
        foreach (var (name, delays) in peers) Line(name, d => Within(delays, d), Within(delays, int.MaxValue));
        var worstGap = Enumerable.Range(0, 15).Min(d => matched.DetectedWithin(d) - peers.Max(p => Within(p.Delays, d)));
        Console.WriteLine($"  signals minus the best peer, worst d: {worstGap:+0.000;-0.000}");
        Console.WriteLine($"  POD at 1 % FPR: {matched.Pod:F3} (spikes {matched.PodSpike:F3}, surges {matched.PodSurge:F3})");
        var spikes = truth.EvalOutbreaks.Select((o, k) => (o.Shape, k)).Where(p => p.Shape == "spike").Select(p => p.k).ToArray();
        Console.WriteLine($"  spikes only ({spikes.Length}; a surge has no case on its first day): within 0 / 1 / 2 days");
        Console.WriteLine($"    {"signals",-15}" + string.Concat(Enumerable.Range(0, 3).Select(d => $"{Within(spikes.Select(k => matched.Delays[k]).ToArray(), d),7:F3}")));
        foreach (var (name, delays, shapes) in PeerShapes(dir))
            Console.WriteLine($"    {name,-15}" + string.Concat(Enumerable.Range(0, 3).Select(d => $"{Within(delays.Where((_, k) => shapes[k] == "spike").ToArray(), d),7:F3}")));
        DayZeroAnatomy(series, truth);
        Console.WriteLine();
        Console.WriteLine($"At each detector's default threshold (ours: score {settings.Threshold})");
        Console.WriteLine($"{"detector",-22} {"FPR",7} {"FA/yr",6} {"POD",6} {"delay",6}");
        Console.WriteLine($"{"signals",-22} {atDefault.Fpr,7:F4} {atDefault.FalseAlarms / (double)series.Count,6:F2} {atDefault.Pod,6:F3} {atDefault.MedianDelay,6:F1}");
        foreach (var f in BenchmarkTruth.Rows(Path.Combine(dir, "summary_overall.csv"), out var h))
            Console.WriteLine($"{f[h["detector"]],-22} {f[h["FPR"]],7} {f[h["false_alarms_per_year"]],6} {f[h["POD"]],6} {f[h["median_delay_days"]],6}");
        Console.WriteLine();
        Console.WriteLine("Ours by scenario at the default threshold");
        Console.WriteLine($"{"scenario",-9} {"FPR",7} {"FA/series-yr",13} {"POD",6}");
        foreach (var (scenario, s) in atDefault.ByScenario.OrderBy(p => p.Key))
            Console.WriteLine($"{scenario,-9} {(double)s.FalseAlarms / s.NonOutbreakDays,7:F4} {(double)s.FalseAlarms / s.Series,13:F2} {s.Pod,6:F3}");
        Console.WriteLine();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            thresholdAtFpr1 = Math.Round(matched.Threshold, 3), podAtFpr1 = Math.Round(matched.Pod, 3), podSpikeAtFpr1 = Math.Round(matched.PodSpike, 3),
            podSurgeAtFpr1 = Math.Round(matched.PodSurge, 3), detectedWithinDaysAtFpr1 = Enumerable.Range(0, 15).Select(d => Math.Round(matched.DetectedWithin(d), 3)),
            worstGapToBestPeer = Math.Round(worstGap, 3), defaultThreshold = settings.Threshold, fprAtDefault = Math.Round(atDefault.Fpr, 4),
            falseAlarmsPerSeriesYearAtDefault = Math.Round(atDefault.FalseAlarms / (double)series.Count, 2), podAtDefault = Math.Round(atDefault.Pod, 3),
            s6FalseAlarmsPerSeriesYear = Math.Round(atDefault.ByScenario["S6"].FalseAlarms / (double)atDefault.ByScenario["S6"].Series, 2),
        }));
        return 0;
    }

    private const string PeersFile = "peers_per_outbreak_fpr1.csv";

    private static double Within(int[] delays, int days) => (double)delays.Count(d => d >= 0 && d <= days) / delays.Length;

    /// <summary>Each R peer's delay per outbreak (−1: not detected) at its own threshold for exactly 1 % false-positive days (see bench/spike/README.md).</summary>
    internal static List<(string Name, int[] Delays)> PeerOutcomes(string dir) =>
        BenchmarkTruth.Rows(Path.Combine(dir, PeersFile), out var h).ToList()
            .GroupBy(f => f[h["method"]])
            .Select(g => (g.Key, g.Select(f => f[h["detected"]] == "1" ? int.Parse(f[h["delay"]], CultureInfo.InvariantCulture) : -1).ToArray()))
            .ToList();

    /// <summary>What day 0 holds (from the truth columns, which only scoring reads): why no detector wins much there.</summary>
    private static void DayZeroAnatomy(IReadOnlyList<DailySeries> series, BenchmarkTruth truth)
    {
        var counts = series.ToDictionary(s => s.Id, s => s.Counts);
        foreach (var shape in new[] { "spike", "surge" })
        {
            var outbreaks = truth.EvalOutbreaks.Where(o => o.Shape == shape).ToList();
            int none = 0, weak = 0;
            var shares = new List<double>();
            foreach (var o in outbreaks)
            {
                var (cases, mu) = truth.Injected[o.Series];
                var total = Enumerable.Range(o.Start, o.End - o.Start + 1).Sum(t => cases[t]);
                if (cases[o.Start] == 0) none++;
                if (cases[o.Start] < 2 * Math.Sqrt(mu[o.Start]) || counts[o.Series][o.Start] < 2) weak++;
                shares.Add((double)cases[o.Start] / Math.Max(1, total));
            }
            shares.Sort();
            Console.WriteLine($"  day 0 of the {outbreaks.Count} {shape}s: no case {none / (double)outbreaks.Count:P0}, excess below 2·√μ or under 2 reports "
                + $"{weak / (double)outbreaks.Count:P0}, median share of the cases {shares[shares.Count / 2]:P0}");
        }
    }

    private static List<(string Name, int[] Delays, string[] Shapes)> PeerShapes(string dir) =>
        BenchmarkTruth.Rows(Path.Combine(dir, PeersFile), out var h).ToList()
            .GroupBy(f => f[h["method"]])
            .Select(g => (g.Key, g.Select(f => f[h["detected"]] == "1" ? int.Parse(f[h["delay"]], CultureInfo.InvariantCulture) : -1).ToArray(),
                g.Select(f => f[h["shape"]]).ToArray()))
            .ToList();

    /// <summary>
    /// The lowest threshold whose false-positive days are at most <paramref name="target"/>, searched as the peers' were (bisection to
    /// 0.001 in the score; the FPR falls as the threshold rises).
    /// </summary>
    internal static Outcome ExactFpr(Func<double, Outcome> at, double target)
    {
        double lo = 1, hi = 8; // at lo the FPR is above the target, at hi below
        while (hi - lo > 0.001)
        {
            var mid = Math.Round((lo + hi) / 2, 4);
            if (at(mid).Fpr <= target) hi = mid; else lo = mid;
        }
        return at(hi);
    }

    private static Outcome Score(IReadOnlyList<DailySeries> series, BenchmarkTruth truth, double threshold, int evalStart, AlarmsOf alarmsOf)
    {
        var alarms = new Dictionary<string, bool[]>();
        int falseAlarms = 0, quiet = 0;
        var byScenario = new Dictionary<string, (int FalseAlarms, int Series, int NonOutbreakDays, int Detected, int Outbreaks)>();
        var all = new bool[series.Count][];
        Parallel.For(0, series.Count, i => all[i] = alarmsOf(i, threshold));
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var alarm = all[i];
            alarms[s.Id] = alarm;
            var outbreakDays = truth.OutbreakDays[s.Id];
            int fa = 0, q = 0;
            for (var t = evalStart; t < alarm.Length; t++)
            {
                if (outbreakDays[t]) continue;
                q++;
                if (alarm[t]) fa++;
            }
            falseAlarms += fa;
            quiet += q;
            var scenario = s.Id.Split('_')[0];
            var b = byScenario.GetValueOrDefault(scenario);
            byScenario[scenario] = (b.FalseAlarms + fa, b.Series + 1, b.NonOutbreakDays + q, b.Detected, b.Outbreaks);
        }
        var delays = new List<double>();
        var spikeDelays = new List<double>();
        var surgeDelays = new List<double>();
        int detected = 0, spikes = 0, spikesDetected = 0, surgesDetected = 0;
        var firstDelays = new int[truth.EvalOutbreaks.Count];
        var index = 0;
        foreach (var o in truth.EvalOutbreaks)
        {
            var a = alarms[o.Series];
            var first = Enumerable.Range(o.Start, o.End - o.Start + 1).FirstOrDefault(t => a[t], -1);
            var hit = first >= 0;
            firstDelays[index++] = hit ? first - o.Start : -1;
            if (o.Shape == "spike") spikes++;
            if (hit)
            {
                detected++;
                delays.Add(first - o.Start);
                (o.Shape == "spike" ? spikeDelays : surgeDelays).Add(first - o.Start);
                if (o.Shape == "spike") spikesDetected++; else surgesDetected++;
            }
            var b = byScenario[o.Scenario];
            byScenario[o.Scenario] = (b.FalseAlarms, b.Series, b.NonOutbreakDays, b.Detected + (hit ? 1 : 0), b.Outbreaks + 1);
        }
        var surges = truth.EvalOutbreaks.Count - spikes;
        return new Outcome(threshold, falseAlarms, quiet, (double)detected / truth.EvalOutbreaks.Count, (double)spikesDetected / spikes,
            (double)surgesDetected / surges, Median(delays), Median(spikeDelays), Median(surgeDelays), (double)delays.Count(d => d <= 2) / Math.Max(1, delays.Count),
            byScenario.ToDictionary(p => p.Key, p => (p.Value.FalseAlarms, p.Value.Series, p.Value.NonOutbreakDays, (double)p.Value.Detected / p.Value.Outbreaks)),
            firstDelays);
    }

    /// <summary>Interpolates POD and delay linearly between the two thresholds whose FPRs bracket the target.</summary>
    internal static (double Pod, double PodSpike, double PodSurge, double MedianDelay, double DelaySpike, double DelaySurge, double EarlyShare) AtFpr(IReadOnlyList<Outcome> outcomes, double target)
    {
        for (var i = 0; i + 1 < outcomes.Count; i++)
        {
            var (lo, hi) = (outcomes[i], outcomes[i + 1]); // lo: lower threshold, higher FPR
            if (lo.Fpr >= target && hi.Fpr <= target)
            {
                var w = lo.Fpr == hi.Fpr ? 0 : (lo.Fpr - target) / (lo.Fpr - hi.Fpr);
                double Mix(double a, double b) => a + w * (b - a);
                return (Mix(lo.Pod, hi.Pod), Mix(lo.PodSpike, hi.PodSpike), Mix(lo.PodSurge, hi.PodSurge), Mix(lo.MedianDelay, hi.MedianDelay),
                    Mix(lo.MedianDelaySpike, hi.MedianDelaySpike), Mix(lo.MedianDelaySurge, hi.MedianDelaySurge), Mix(lo.EarlyShare, hi.EarlyShare));
            }
        }
        return (double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0) return double.NaN;
        values.Sort();
        var m = values.Count / 2;
        return values.Count % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2;
    }
}
