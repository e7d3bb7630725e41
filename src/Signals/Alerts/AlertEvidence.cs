using Signals.Detection;
using Signals.Storage;

namespace Signals.Alerts;

/// <summary>What an analyst needs beside the numbers: the recent daily series, example posts, and the events they name.</summary>
public sealed record AlertEvidence(
    IReadOnlyList<DailyCount> Series,
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
        // Examples from the episode's days and the two before, where a surge starts.
        var examples = await store.GetExamplePostsAsync(alert.Product, alert.FirstDay.AddDays(-2), alert.LastDay, ExampleCount * 5, ct);
        var top = examples.SelectMany(p => p.Events).GroupBy(e => e).Select(g => (g.Key, g.Count()))
            .OrderByDescending(e => e.Item2).ThenBy(e => e.Key, StringComparer.Ordinal).Take(5).ToList();
        // Product–event pairs that alarmed within this episode, each with its own observed and expected.
        var eventSignals = alert.Event is not null ? [] : (await store.ListAlertsAsync(ct))
            .Where(a => a.Product == alert.Product && a.Event is not null && a.FirstDay >= alert.FirstDay && a.FirstDay <= alert.LastDay)
            .OrderByDescending(a => a.Observed).ToList();
        return new AlertEvidence(series, examples.Take(ExampleCount).ToList(), top, eventSignals, examples.FirstOrDefault()?.ModelVersion);
    }
}
