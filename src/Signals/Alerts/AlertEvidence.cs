using Signals.Detection;
using Signals.Storage;

namespace Signals.Alerts;

/// <summary>What an analyst needs beside the numbers: the recent daily series, example posts, and the events they name.</summary>
public sealed record AlertEvidence(
    IReadOnlyList<DailyCount> Series,
    IReadOnlyList<ChartDay> Chart,
    IReadOnlyList<ScoredPost> Examples,
    IReadOnlyList<(string Event, int Posts)> TopEvents,
    IReadOnlyList<Alert> EventSignals,
    string? ModelVersion)
{
    public const int SeriesDays = 90;
    public const int ExampleCount = 8;

    public static async Task<AlertEvidence> LoadAsync(ISignalStore store, Alert alert, CancellationToken ct)
    {
        var series = await store.GetDailyCountsAsync(alert.Product, alert.Event, alert.LastDay.AddDays(-SeriesDays + 1), alert.LastDay, ct);
        var chart = await ChartDaysAsync(store, alert, ct);
        // Examples from the episode's days and the two before, where a surge starts.
        var examples = await store.GetExamplePostsAsync(alert.Product, alert.FirstDay.AddDays(-2), alert.LastDay, ExampleCount * 5, ct);
        var top = examples.SelectMany(p => p.Events).GroupBy(e => e).Select(g => (g.Key, g.Count()))
            .OrderByDescending(e => e.Item2).ThenBy(e => e.Key, StringComparer.Ordinal).Take(5).ToList();
        // Product–event pairs that alarmed within this episode, each with its own observed and expected.
        var eventSignals = alert.Event is not null ? [] : (await store.ListAlertsAsync(ct))
            .Where(a => a.Product == alert.Product && a.Event is not null && a.FirstDay >= alert.FirstDay && a.FirstDay <= alert.LastDay)
            .OrderByDescending(a => a.Observed).ToList();
        return new AlertEvidence(series, chart, examples.Take(ExampleCount).ToList(), top, eventSignals, examples.FirstOrDefault()?.ModelVersion);
    }

    /// <summary>The last 90 days with the detector's expected counts and bounds, recomputed from a year of history (as it saw them then).</summary>
    private static async Task<IReadOnlyList<ChartDay>> ChartDaysAsync(ISignalStore store, Alert alert, CancellationToken ct)
    {
        var from = alert.LastDay.AddDays(-365);
        var stored = await store.GetDailyCountsAsync(alert.Product, alert.Event, from, alert.LastDay, ct);
        var counts = new int[alert.LastDay.DayNumber - from.DayNumber + 1];
        foreach (var c in stored) counts[c.Day.DayNumber - from.DayNumber] = c.Count;
        var first = stored.Count > 0 ? stored[0].Day.DayNumber - from.DayNumber : counts.Length - 1;
        var chartStart = counts.Length - SeriesDays;
        var detector = new SpikeDetector(new DetectorSettings());
        var baseline = detector.ComputeBaseline(counts[first..], i => ((int)from.AddDays(first + i).DayOfWeek + 6) % 7, Math.Max(0, chartStart - first));
        var bound = Math.Pow(10, -detector.Settings.Threshold);
        return Enumerable.Range(chartStart, SeriesDays).Select(i =>
        {
            var expected = i >= first ? baseline.Expected[i - first] : double.NaN;
            var threshold = double.IsNaN(expected) ? double.NaN : CountTail.UpperBound(expected, baseline.Dispersion[i - first], bound);
            return new ChartDay(from.AddDays(i), counts[i], expected, threshold);
        }).ToList();
    }
}
