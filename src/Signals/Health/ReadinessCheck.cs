using Microsoft.Extensions.Options;
using Signals.Alerts;
using Signals.Classification;
using Signals.Storage;

namespace Signals.Health;

/// <summary>
/// What "ready" means for ops: the database answers, the model is loaded, no feed is paused by
/// repeated failures, and the outbox is not stuck (an alert that used up its delivery attempts).
/// Each check says what is wrong in words an operator can act on.
/// </summary>
public sealed class ReadinessCheck(ISignalStore store, AdverseEventClassifier classifier, IOptions<HealthOptions> health, IOptions<EmailOptions> email,
    StartupState? startup = null)
{
    private static readonly TimeSpan DatabaseTimeout = TimeSpan.FromSeconds(5);

    public async Task<IReadOnlyList<CheckResult>> RunAsync(CancellationToken ct)
    {
        var results = new List<CheckResult> { new("model", true, classifier.ModelVersion) };
        if (startup?.Pending is { } pending) results.Add(new("startup", false, pending));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(DatabaseTimeout);
        try
        {
            results.Add(new("database", true, $"{await store.CountPostsAsync(timeout.Token)} posts"));
            var feeds = await store.ListFeedStatesAsync(timeout.Token);
            var paused = feeds.Where(f => f.ErrorCount >= health.Value.FeedErrorLimit).ToList();
            // A degraded feed is still read (a source ignoring its cursor is read a page per interval, a post the database refused
            // is skipped, a server asking for a longer wait than the cap is tried again after the cap): ready, but named.
            var degraded = feeds.Where(f => f.ErrorCount < health.Value.FeedErrorLimit && f.LastError is not null
                                            && (f.ErrorCount == 0 || f.LastError.Contains("degraded: ", StringComparison.Ordinal)))
                .Select(f => f.ErrorCount == 0 ? $"{f.FeedName} {f.LastError}" : $"{f.FeedName} degraded: {f.LastError}").ToList();
            results.Add(new("feeds", paused.Count == 0, (paused.Count == 0 ? "no feed paused"
                : string.Join("; ", paused.Select(f => $"{f.FeedName} failed {f.ErrorCount} times: {f.LastError}")))
                + (degraded.Count == 0 ? "" : "; " + string.Join("; ", degraded))));
            var stuck = (await store.ListAlertsAsync(timeout.Token)).Where(a => a.Status == AlertStatus.Pending && a.GaveUpAt is not null).ToList();
            results.Add(new("outbox", stuck.Count == 0, stuck.Count == 0 ? "no undeliverable alert"
                : string.Join("; ", stuck.Select(a => $"alert {a.Id} ({a.Product}) undelivered after {a.Attempts} attempts over {email.Value.RetryFor.TotalHours:0.#} h: {a.LastError}"))));
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            results.Add(new("database", false, $"unreachable: {ex.Message}"));
        }
        return results;
    }
}

public sealed record CheckResult(string Name, bool Healthy, string Detail);
