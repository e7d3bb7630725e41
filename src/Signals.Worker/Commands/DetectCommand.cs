using System.Globalization;
using System.Text;
using Signals.Detection;

namespace Signals.Worker.Commands;

/// <summary>
/// <c>signals detect --series FILE.csv [--out FILE.csv] [--threshold SCORE]</c>: runs the detector
/// prospectively over each series (day t judged on counts up to t only) and writes
/// <c>series_id,t,date,score,expected,threshold,alarm</c> for every row. Ops use it to tune thresholds.
/// </summary>
internal static class DetectCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (CommandLine.Options(args, "detect", "--series", "--out", "--threshold") is not { } o) return 64;
        if (!o.TryGetValue("--series", out var input)) return Usage.Print(Console.Error, 64, "detect needs --series FILE.csv");
        if (!File.Exists(input)) { await Console.Error.WriteLineAsync($"signals detect: no file {Path.GetFullPath(input)}"); return 66; }
        var settings = new DetectorSettings();
        if (o.TryGetValue("--threshold", out var th)) settings = settings with { Threshold = double.Parse(th, CultureInfo.InvariantCulture) };

        IReadOnlyList<DailySeries> series;
        try { series = SeriesCsv.Read(input); }
        catch (InvalidDataException ex) { await Console.Error.WriteLineAsync($"signals detect: {ex.Message}"); return 65; }

        var detector = new SpikeDetector(settings);
        var results = new string[series.Count];
        Parallel.For(0, series.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var s = series[i];
            var baseline = detector.ComputeBaseline(s.Counts, s.DayOfWeek, 0);
            var days = detector.Decide(s.Counts, baseline, settings.Threshold);
            var sb = new StringBuilder();
            for (var d = 0; d < days.Length; d++)
            {
                var r = days[d];
                sb.Append(CultureInfo.InvariantCulture, $"{s.Id},{s.T[d]},{s.Dates[d]:yyyy-MM-dd},{Num(Math.Max(0, r.Score))},{Num(r.Expected)},{Num(r.Threshold)},{(r.Alarm ? 1 : 0)}\n");
            }
            results[i] = sb.ToString();
        });

        await using var output = o.TryGetValue("--out", out var outPath) ? new StreamWriter(outPath) : new StreamWriter(Console.OpenStandardOutput());
        await output.WriteAsync("series_id,t,date,score,expected,threshold,alarm\n");
        foreach (var chunk in results) await output.WriteAsync(chunk);
        return 0;
    }

    private static string Num(double value) => double.IsNaN(value) ? "" : value.ToString("0.####", CultureInfo.InvariantCulture);
}
