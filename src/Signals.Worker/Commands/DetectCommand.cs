using System.Globalization;
using System.Text;
using Signals.Detection;

namespace Signals.Worker.Commands;

/// <summary>
/// <c>signals detect --series FILE.csv [--out FILE.csv] [--threshold SCORE]</c>: runs the detector prospectively over each series
/// as the worker does (day t judged on counts up to t only, open episodes kept out of the baseline) and writes
/// <c>series_id,t,date,count,expected,score,threshold_score,alarm_count,alarm</c> for every row. Ops use it to tune thresholds.
/// </summary>
internal static class DetectCommand
{
    public const string Header = "series_id,t,date,count,expected,score,threshold_score,alarm_count,alarm";

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (CommandLine.Options(args, "detect", "--series", "--out", "--threshold") is not { } o) return 64;
        if (!o.TryGetValue("--series", out var input)) return Usage.Print(Console.Error, 64, "detect needs --series FILE.csv");
        if (!File.Exists(input)) { await Console.Error.WriteLineAsync($"signals detect: no file {Path.GetFullPath(input)}"); return 66; }
        var settings = new DetectorSettings();
        if (o.TryGetValue("--threshold", out var th))
        {
            if (!double.TryParse(th, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) || !(score > 0))
                return Usage.Print(Console.Error, 64, $"detect: --threshold must be a positive score (−log10 p, e.g. 3), not '{th}'");
            settings = settings with { Threshold = score };
        }

        IReadOnlyList<DailySeries> series;
        try { series = SeriesCsv.Read(input); }
        catch (InvalidDataException ex) { await Console.Error.WriteLineAsync($"signals detect: {ex.Message}"); return 65; }

        var detector = new SpikeDetector(settings);
        var quietDays = new DetectionOptions().EpisodeQuietDays;
        var results = new string[series.Count];
        Parallel.For(0, series.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var s = series[i];
            var days = detector.Run(s.Counts, s.DayOfWeek, settings.Threshold, quietDays);
            var sb = new StringBuilder();
            for (var d = 0; d < days.Length; d++)
            {
                var r = days[d];
                // A day before the detector can judge has no expected count, score or bound: empty, not a reassuring zero.
                var judged = !double.IsNaN(r.Expected);
                sb.Append(CultureInfo.InvariantCulture,
                    $"{s.Id},{s.T[d]},{s.Dates[d]:yyyy-MM-dd},{s.Counts[d]},{Num(r.Expected)},{(judged ? Num(r.Score) : "")},{Num(settings.Threshold)},{Num(r.Threshold)},{(judged ? (r.Alarm ? "1" : "0") : "")}\n");
            }
            results[i] = sb.ToString();
        });

        // Days before a baseline can be fitted are not judged: say so, once per series, with what it takes.
        var needed = settings.MinHistoryDays + settings.GuardDays;
        foreach (var s in series.Where(s => s.Counts.Length <= needed))
            await Console.Error.WriteLineAsync($"signals detect: series '{s.Id}' has {s.Counts.Length} days, too short to judge: the detector needs "
                + $"{settings.MinHistoryDays} days of history to fit a baseline, and leaves the last {settings.GuardDays} days before a day out of its fit, "
                + $"so the first day it judges is day {needed + 1}; its rows are written with empty expected, score and alarm");
        if (series.Any(s => s.Counts.Length > needed))
            await Console.Error.WriteLineAsync($"signals detect: the first {needed} days of each series are not judged (empty expected, score and alarm): "
                + $"{settings.MinHistoryDays} days of history, then the {settings.GuardDays} days left out of the fit");

        await using var output = o.TryGetValue("--out", out var outPath) ? new StreamWriter(outPath) : new StreamWriter(Console.OpenStandardOutput());
        await output.WriteAsync(Header + "\n");
        foreach (var chunk in results) await output.WriteAsync(chunk);
        return 0;
    }

    private static string Num(double value) => double.IsNaN(value) ? "" : value.ToString("0.####", CultureInfo.InvariantCulture);
}
