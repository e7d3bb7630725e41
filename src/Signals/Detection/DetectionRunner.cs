using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Signals.Alerts;
using Signals.Matching;
using Signals.Storage;

namespace Signals.Detection;

/// <summary>
/// Judges one complete day for every watched product and writes alerts to the store (the
/// outbox) — never e-mails them itself. Running a day twice gives the same alerts: an alert's
/// key is its product and first day, and a later alarming day extends the open episode.
/// </summary>
public sealed class DetectionRunner(
    ProductCatalog catalog,
    ISignalStore store,
    IOptions<DetectionOptions> options,
    TimeProvider time,
    ILogger<DetectionRunner> logger)
{
    public async Task<IReadOnlyList<Alert>> RunForDayAsync(DateOnly day, CancellationToken ct)
    {
        var o = options.Value;
        var rule = new BaselineRule(o.StandardDeviations, o.MinimumCount);
        var opened = new List<Alert>();
        foreach (var product in catalog.Products.Select(p => p.Id))
        {
            var decision = await DecideAsync(rule, product, day, o.BaselineDays, ct);
            if (!decision.Alarm) continue;
            var alert = await RecordAsync(product, day, decision, o.EpisodeQuietDays, ct);
            if (alert is not null) opened.Add(alert);
        }
        return opened;
    }

    private async Task<Decision> DecideAsync(BaselineRule rule, string product, DateOnly day, int baselineDays, CancellationToken ct)
    {
        var from = day.AddDays(-baselineDays);
        var counts = (await store.GetDailyCountsAsync(product, from, day, ct)).ToDictionary(c => c.Day, c => c.Count);
        var history = Enumerable.Range(0, baselineDays).Select(i => counts.GetValueOrDefault(from.AddDays(i))).ToList();
        return rule.Evaluate(history, counts.GetValueOrDefault(day));
    }

    /// <summary>Opens a new episode, or extends the product's open one. Returns the alert only when a new one was opened.</summary>
    private async Task<Alert?> RecordAsync(string product, DateOnly day, Decision decision, int quietDays, CancellationToken ct)
    {
        var latest = await store.GetLatestAlertAsync(product, null, ct);
        if (latest is not null && latest.LastDay >= day.AddDays(-quietDays) && latest.FirstDay <= day)
        {
            if (day > latest.LastDay)
            {
                await store.UpdateAlertEpisodeAsync(latest.Id, day, Math.Max(latest.Observed, decision.Observed), decision.Expected, decision.Threshold, ct);
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
