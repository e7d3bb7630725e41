using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Signals.Health;
using Signals.Storage;

namespace Signals.Alerts;

/// <summary>
/// Delivers the outbox: alerts are committed by detection first; the dispatcher claims pending
/// ones (a lease, so two dispatchers on one PostgreSQL never take the same alert), sends each and
/// then marks it sent. A failure is recorded on the alert and it stays pending
/// for the next round, up to the attempt limit; one failure does not hold up the others.
/// </summary>
public sealed class AlertDispatcher(
    ISignalStore store,
    AlertEmailComposer composer,
    IMailTransport transport,
    IOptions<EmailOptions> options,
    TimeProvider time,
    ILogger<AlertDispatcher> logger,
    SignalsMetrics? metrics = null)
{
    private const int BatchSize = 50;

    /// <summary>
    /// Sends every pending alert once. Returns how many were delivered. <paramref name="resend"/> names an alert sent
    /// again on purpose: its e-mail gets a new Message-Id, so the pickup folder and mail clients keep both copies.
    /// </summary>
    public async Task<int> DispatchPendingAsync(CancellationToken ct, long? resend = null)
    {
        var max = options.Value.MaxAttempts;
        var sent = 0;
        var now = time.GetUtcNow();
        var claimed = await store.ClaimPendingAlertsAsync(max, BatchSize, now, now + options.Value.ClaimLease, ct);
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
                logger.AlertDeliveryFailed(alert.Id, alert.Product, alert.Attempts + 1, max, ex.Message);
                await store.RecordAlertFailureAsync(alert.Id, ex.Message, ct);
                continue;
            }
            await store.MarkAlertSentAsync(alert.Id, time.GetUtcNow(), alert.Observed, CancellationToken.None); // sent is sent: record it even when stopping
            logger.AlertSent(alert.Id, alert.Product, transport.Destination, evidence.ModelVersion ?? "n/a");
            metrics?.AlertSent(alert.Product);
            sent++;
        }
        return sent;
    }
}
