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
/// </summary>
public sealed class AlertDispatcher(
    ISignalStore store,
    AlertEmailComposer composer,
    IMailTransport transport,
    IOptions<EmailOptions> options,
    TimeProvider time,
    ILogger<AlertDispatcher> logger,
    LeaseOwner owner,
    SignalsMetrics? metrics = null)
{
    private const int BatchSize = 50;

    // One round at a time in a process: a claim in this worker's name that is still standing is then one a past round left.
    private readonly SemaphoreSlim _round = new(1, 1);

    /// <summary>
    /// Sends every pending alert that is due once. Returns how many were delivered. <paramref name="resend"/> names an alert sent
    /// again on purpose: its e-mail gets a new Message-Id, so the pickup folder and mail clients keep both copies.
    /// </summary>
    public async Task<int> DispatchPendingAsync(CancellationToken ct, long? resend = null)
    {
        await _round.WaitAsync(ct);
        try { return await DispatchRoundAsync(ct, resend); }
        finally { _round.Release(); }
    }

    private async Task<int> DispatchRoundAsync(CancellationToken ct, long? resend)
    {
        var sent = 0;
        var now = time.GetUtcNow();
        var claimed = await store.ClaimPendingAlertsAsync(BatchSize, now, now + options.Value.ClaimLease, owner.Name, ct);
        metrics?.OutboxAge(claimed.Count == 0 ? TimeSpan.Zero : now - claimed.Min(a => a.CreatedAt));
        foreach (var alert in claimed)
        {
            AlertEvidence evidence;
            try
            {
                evidence = await AlertEvidence.LoadAsync(store, alert, ct);
                var message = composer.Compose(alert, evidence);
                await store.RecordAlertExamplesAsync(alert.Id, evidence.Examples, ct); // what the e-mail cites is evidence: retention keeps its text
                if (alert.Id == resend) message.MessageId = $"resent-{time.GetUtcNow():yyyyMMddHHmmss}-{message.MessageId}";
                await transport.SendAsync(message, ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                await RecordFailureAsync(alert, ex.Message, ct);
                continue;
            }
            await store.MarkAlertSentAsync(alert.Id, time.GetUtcNow(), alert.Observed, CancellationToken.None); // sent is sent: record it even when stopping
            logger.AlertSent(alert.Id, alert.Product, transport.Destination, evidence.ModelVersion ?? "n/a");
            metrics?.AlertSent(alert.Product);
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
