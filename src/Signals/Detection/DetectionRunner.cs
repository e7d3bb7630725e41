using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Signals.Alerts;
using Signals.Matching;
using Signals.Storage;

namespace Signals.Detection;

/// <summary>
/// Judges one complete day for every watched product with the <see cref="SpikeDetector"/> on
/// the daily counts of distinct authors, and writes alerts to the store (the outbox) — never
/// e-mails them itself. Running a day twice gives the same alerts: an alert's
/// key is its product and first day, and a later alarming day extends the open episode.
/// </summary>
public sealed class DetectionRunner(
    ProductCatalog catalog,
    ISignalStore store,
    IOptions<DetectionOptions> options,
    TimeProvider time,
    ILogger<DetectionRunner> logger)
{
    // The days re-judged before the one asked about, so the detector's reset after an alarm is in the same state
    // as in a continuous run (an alarm resets its windows for up to 14 days).
    private const int Lookback = 42;

    public async Task<IReadOnlyList<Alert>> RunForDayAsync(DateOnly day, CancellationToken ct)
    {
        var o = options.Value;
        var detector = new SpikeDetector(o.ToSettings());
        var opened = new List<Alert>();
        foreach (var product in catalog.Products.Select(p => p.Id))
        {
            var decision = await DecideAsync(detector, product, day, ct);
            if (decision is not { Alarm: true }) continue;
            var alert = await RecordAsync(product, day, decision, o.EpisodeQuietDays, ct);
            if (alert is not null) opened.Add(alert);
        }
        return opened;
    }

    private async Task<DayScore?> DecideAsync(SpikeDetector detector, string product, DateOnly day, CancellationToken ct)
    {
        var from = day.AddDays(-detector.Settings.MaxHistoryDays - detector.Settings.GuardDays);
        var stored = await store.GetDailyCountsAsync(product, from, day, ct);
        if (stored.Count == 0) return null;
        from = stored[0].Day; // history starts with the first report
        var counts = new int[day.DayNumber - from.DayNumber + 1];
        foreach (var c in stored) counts[c.Day.DayNumber - from.DayNumber] = c.Count;
        int DayOfWeek(int i) => ((int)from.AddDays(i).DayOfWeek + 6) % 7;
        var first = Math.Max(0, counts.Length - Lookback);
        var baseline = detector.ComputeBaseline(counts, DayOfWeek, first);
        return detector.Decide(counts, baseline, detector.Settings.Threshold, first)[^1];
    }

    /// <summary>Opens a new episode, or extends the product's open one. Returns the alert only when a new one was opened.</summary>
    private async Task<Alert?> RecordAsync(string product, DateOnly day, DayScore decision, int quietDays, CancellationToken ct)
    {
        var latest = await store.GetLatestAlertAsync(product, null, ct);
        if (latest is not null && latest.LastDay >= day.AddDays(-quietDays) && latest.FirstDay <= day)
        {
            if (day > latest.LastDay)
            {
                // The episode keeps the numbers of its most striking day; later days only extend it.
                var peak = decision.Observed > latest.Observed;
                await store.UpdateAlertEpisodeAsync(latest.Id, day, peak ? decision.Observed : latest.Observed,
                    peak ? decision.Expected : latest.Expected, peak ? decision.Threshold : latest.Threshold, ct);
                logger.AlertExtended(latest.Id, product, day, decision.Observed);
            }
            return null;
        }
        var key = $"{product}|*|{day:yyyy-MM-dd}";
        var alert = await store.AddAlertAsync(new Alert(0, key, product, null, day, day, decision.Observed, decision.Expected,
            decision.Threshold, AlertStatus.Pending, 0, null, time.GetUtcNow(), null), ct);
        logger.AlertOpened(product, day, decision.Observed, decision.Expected, decision.Threshold);
        return alert;
    }
}
