using System.Diagnostics;
using Signals.Detection;

namespace Signals.Benchmarks;

/// <summary>Detection cost: N products × Y years of daily counts, every day judged prospectively (seeded synthetic counts).</summary>
internal static class DetectionSpeed
{
    public static int Run(int products, int years)
    {
        var days = years * 365;
        var random = new Random(20170715);
        var start = new DateOnly(2015, 1, 1);
        var series = Enumerable.Range(0, products).Select(p =>
        {
            var level = Math.Exp(random.NextDouble() * 5 - 1); // 0.4 to 55 a day
            var counts = new int[days];
            for (var d = 0; d < days; d++) counts[d] = Poisson(random, level * (1 + 0.2 * Math.Sin(d * 2 * Math.PI / 7)));
            return counts;
        }).ToList();
        int DayOfWeek(int d) => ((int)start.AddDays(d).DayOfWeek + 6) % 7;

        var detector = new SpikeDetector(new DetectorSettings());
        var clock = Stopwatch.StartNew();
        var baselines = new Baseline[series.Count];
        Parallel.For(0, series.Count, i => baselines[i] = detector.ComputeBaseline(series[i], DayOfWeek, 0));
        var fitted = clock.Elapsed.TotalSeconds;
        var alarms = 0;
        Parallel.For(0, series.Count, i =>
        {
            var scores = detector.Decide(series[i], baselines[i], detector.Settings.Threshold, withBounds: false);
            Interlocked.Add(ref alarms, scores.Count(s => s is not null && s.Alarm));
        });
        Console.WriteLine($"detection: {products} products x {years} years ({days} days each, every day judged): {clock.Elapsed.TotalSeconds:F2} s " +
            $"(baselines {fitted:F2} s, scans {clock.Elapsed.TotalSeconds - fitted:F2} s) on {Environment.ProcessorCount} cores, {alarms} alarms");
        Console.WriteLine($"{{\"products\":{products},\"years\":{years},\"seconds\":{clock.Elapsed.TotalSeconds:F2}}}");
        return 0;
    }

    internal static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        for (var p = random.NextDouble(); p > limit; p *= random.NextDouble()) k++;
        return k;
    }
}
