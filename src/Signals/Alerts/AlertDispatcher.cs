using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Signals.Health;
using Signals.Storage;

namespace Signals.Alerts;

/// <summary>
/// Delivers the outbox: alerts are committed by detection first; the dispatcher claims pending
/// ones (a lease in this worker's name, so two dispatchers on one PostgreSQL never take the same alert
/// and a restarted worker takes back its own), sends each and then marks it sent. A failure is recorded
/// on the alert, which is tried again after a wait that doubles from the dispatch interval up to
/// <see cref="EmailOptions.MaxRetryInterval"/>, for <see cref="EmailOptions.RetryFor"/> after its first
/// failure; then it is left pending for an operator. One failure does not hold up the others.
/// Waits are on the real clock, so a replay's rounds (one per replayed day) do not use retries up.
/// Delivery is at least once: see docs/operations.md for the one window in which an e-mail can be sent twice.
/// Then it announces the episodes that have ended, once each, in the thread of their first e-mail.
/// </summary>
public sealed class AlertDispatcher(
    ISignalStore store,
    AlertEmailComposer composer,
    EpisodeReporter reporter,
    IMailTransport transport,
    IOptions<EmailOptions> options,
    TimeProvider time,
    ILogger<AlertDispatcher> logger,
    LeaseOwner owner,
    SignalsMetrics? metrics = null)
{
    private const int BatchSize = 50;
    // An episode that ended longer ago than this (before the upgrade that brought closing e-mails, or while the worker was
    // stopped for a month) is not announced late: a burst of stale closings would bury the live ones.
    private const int ClosingLateDays = 30;

    // One round at a time in a process: a claim in this worker's name that is still standing is then one a past round left.
    private readonly SemaphoreSlim _round = new(1, 1);

    /// <summary>
    /// Sends every pending alert that is due once, then the closing e-mail of every e-mailed episode over as of
    /// <paramref name="asOf"/> (default: yesterday, the last complete day; a replay passes the day it has just judged).
    /// Returns how many e-mails were delivered. <paramref name="resend"/> names an alert sent again on purpose: its e-mail
    /// gets a new Message-Id, so the pickup folder and mail clients keep both copies.
    /// </summary>
    public async Task<int> DispatchPendingAsync(CancellationToken ct, long? resend = null, DateOnly? asOf = null)
    {
        await _round.WaitAsync(ct);
        try { return await DispatchRoundAsync(ct, resend, asOf); }
        finally { _round.Release(); }
    }

    private async Task<int> DispatchRoundAsync(CancellationToken ct, long? resend, DateOnly? asOf)
    {
        var sent = 0;
        var now = time.GetUtcNow();
        var claimed = await store.ClaimPendingAlertsAsync(BatchSize, now, now + options.Value.ClaimLease, owner.Name, ct);
        metrics?.OutboxAge(claimed.Count == 0 ? TimeSpan.Zero : now - claimed.Min(a => a.CreatedAt));
        foreach (var alert in claimed)
        {
            string? model;
            try
            {
                var report = await reporter.LoadAsync(alert, AlertEmailComposer.IsUpdate(alert) ? EpisodeEmailKind.Update : EpisodeEmailKind.Opened, null, ct);
                model = report.ModelVersion;
                var message = composer.Compose(report, resent: alert.Id == resend);
                await store.RecordAlertExamplesAsync(alert.Id, report.Examples, ct); // what the e-mail cites is evidence: retention keeps its text
                if (alert.Id == resend) message.MessageId = $"resent-{time.GetUtcNow():yyyyMMddHHmmss}-{message.MessageId}";
                await transport.SendAsync(message, ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                await RecordFailureAsync(alert, ex.Message, ct);
                continue;
            }
            await store.MarkAlertSentAsync(alert.Id, time.GetUtcNow(), alert.Observed, CancellationToken.None); // sent is sent: record it even when stopping
            logger.AlertSent(alert.Id, alert.Product, transport.Destination, model ?? "n/a");
            metrics?.AlertSent(alert.Product);
            sent++;
        }
        if (resend is null) sent += await CloseEndedEpisodesAsync(asOf ?? DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1), ct);
        return sent;
    }

    /// <summary>
    /// The closing e-mail of each episode that was e-mailed and is over as of the day. Its claim is a lease in this worker's
    /// name, as an alert's is, so it goes out once across replicas and a crashed worker's claim is taken over; a failed send
    /// is tried again by time, with the alerts' back-off, and given up after <see cref="EmailOptions.RetryFor"/>.
    /// </summary>
    private async Task<int> CloseEndedEpisodesAsync(DateOnly asOf, CancellationToken ct)
    {
        var closed = await store.GetClosedAlertIdsAsync(ct);
        var sent = 0;
        foreach (var alert in (await store.ListAlertsAsync(ct))
            .Where(a => a.Status == AlertStatus.Sent && !closed.Contains(a.Id) && reporter.HasEnded(a, asOf) && reporter.EndDay(a) >= asOf.AddDays(-ClosingLateDays)))
        {
            var now = time.GetUtcNow();
            if (await store.ClaimClosingAsync(alert.Id, now, now + options.Value.ClaimLease, owner.Name, ct) is not { } claim) continue;
            try
            {
                var report = await reporter.LoadAsync(alert, EpisodeEmailKind.Closing, reporter.EndDay(alert), ct);
                await transport.SendAsync(composer.Compose(report), ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                var failedAt = time.GetUtcNow();
                var since = claim.FailingSince ?? failedAt;
                DateTimeOffset? retryAt = failedAt - since >= options.Value.RetryFor ? null : failedAt + Wait(claim.Attempts);
                await store.RecordClosingFailureAsync(alert.Id, ex.Message, failedAt, retryAt, CancellationToken.None);
                logger.ClosingFailed(alert.Id, alert.Product, claim.Attempts + 1, retryAt?.ToString("O", CultureInfo.InvariantCulture) ?? "never (given up)", ex.Message);
                continue;
            }
            await store.CompleteClosingAsync(alert.Id, time.GetUtcNow(), CancellationToken.None);
            logger.EpisodeClosed(alert.Id, alert.Product, alert.FirstDay, alert.LastDay, transport.Destination);
            sent++;
        }
        return sent;
    }

    private async Task RecordFailureAsync(Alert alert, string error, CancellationToken ct)
    {
        var failedAt = time.GetUtcNow();
        var since = alert.FailingSince ?? failedAt;
        DateTimeOffset? retryAt = failedAt - since >= options.Value.RetryFor ? null : failedAt + Wait(alert.Attempts);
        await store.RecordAlertFailureAsync(alert.Id, error, failedAt, retryAt, ct);
        if (retryAt is { } at) logger.AlertDeliveryFailed(alert.Id, alert.Product, alert.Attempts + 1, at.ToString("O", CultureInfo.InvariantCulture), error);
        else logger.AlertDeliveryGivenUp(alert.Id, alert.Product, alert.Attempts + 1, since.ToString("O", CultureInfo.InvariantCulture), error);
    }

    /// <summary>The wait after the <paramref name="failures"/>+1-th failure: the dispatch interval, doubled each time, at most MaxRetryInterval.</summary>
    private TimeSpan Wait(int failures)
    {
        var first = options.Value.DispatchInterval;
        var max = options.Value.MaxRetryInterval;
        return failures >= 30 || first * Math.Pow(2, failures) > max ? max : first * Math.Pow(2, failures);
    }
}
