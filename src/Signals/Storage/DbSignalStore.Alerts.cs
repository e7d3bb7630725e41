using Signals.Alerts;

namespace Signals.Storage;

public abstract partial class DbSignalStore
{
    public async Task<Alert> AddAlertAsync(Alert alert, CancellationToken ct)
    {
        await using (var connection = await OpenAsync(ct))
        {
            await ExecuteAsync(connection, null, Sql.InsertAlert, ct, ("key", alert.Key), ("product", alert.Product), ("event", alert.Event),
                ("first", Day(alert.FirstDay)), ("last", Day(alert.LastDay)), ("observed", alert.Observed), ("expected", alert.Expected),
                ("threshold", alert.Threshold), ("status", (int)alert.Status), ("created", Instant(alert.CreatedAt)), ("score", alert.Score));
        }
        return (await AlertsAsync(Sql.AlertByKey, ct, ("key", alert.Key))).Single();
    }

    public async Task<Alert?> GetLatestAlertAsync(string product, string? @event, DateOnly day, CancellationToken ct) =>
        (@event is null
            ? await AlertsAsync(Sql.LatestProductAlert, ct, ("product", product), ("day", Day(day)))
            : await AlertsAsync(Sql.LatestEventAlert, ct, ("product", product), ("event", @event), ("day", Day(day)))).SingleOrDefault();

    public async Task UpdateAlertEpisodeAsync(long id, DateOnly lastDay, int observed, double expected, double threshold, double score, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, null, Sql.UpdateEpisode, ct, ("id", id), ("last", Day(lastDay)), ("observed", observed), ("expected", expected),
            ("threshold", threshold), ("score", score));
    }

    public async Task CloseAlertEpisodeAsync(long id, DateOnly closedOn, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, null, Sql.CloseEpisode, ct, ("id", id), ("closed", Day(closedOn)));
    }

    public Task<IReadOnlyList<Alert>> GetProductAlertsAsync(string product, DateOnly from, DateOnly to, CancellationToken ct) =>
        AlertsAsync(Sql.ProductAlertsBetween, ct, ("product", product), ("from", Day(from)), ("to", Day(to)));

    public Task<IReadOnlyList<Alert>> ListAlertsAsync(CancellationToken ct) => AlertsAsync(Sql.ListAlerts, ct);

    public async Task<Alert?> GetAlertAsync(long id, CancellationToken ct) => (await AlertsAsync(Sql.AlertById, ct, ("id", id))).SingleOrDefault();

    public Task<IReadOnlyList<Alert>> GetPendingAlertsAsync(int maxAttempts, int limit, CancellationToken ct) =>
        AlertsAsync(Sql.PendingAlerts, ct, ("max", maxAttempts), ("limit", limit));

    public async Task<IReadOnlyList<Alert>> ClaimPendingAlertsAsync(int limit, DateTimeOffset now, DateTimeOffset leaseUntil, string owner, CancellationToken ct)
    {
        var claimed = await AlertsAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, Sql.ClaimAlerts, SkipLockedRows), ct,
            ("lease", Instant(leaseUntil)), ("owner", owner), ("now", Instant(now)), ("limit", limit));
        return claimed.OrderBy(a => a.Id).ToList();
    }

    public async Task MarkAlertSentAsync(long id, DateTimeOffset sentAt, int observed, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, null, Sql.MarkSent, ct, ("id", id), ("sent", Instant(sentAt)), ("observed", observed));
    }

    public async Task RenotifyAlertAsync(long id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, null, Sql.Renotify, ct, ("id", id));
    }

    public async Task RecordAlertFailureAsync(long id, string error, DateTimeOffset failedAt, DateTimeOffset? retryAt, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, null, Sql.RecordFailure, ct, ("id", id), ("error", error), ("failed", Instant(failedAt)), ("retry", NullableInstantValue(retryAt)), ("gave_up", retryAt is null ? 1 : 0));
    }

    public async Task ResetAlertAsync(long id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, null, Sql.ResetAlert, ct, ("id", id));
    }

    public async Task<bool> ClaimDigestAsync(DateOnly day, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, null, "INSERT INTO digests (day) VALUES (@day) ON CONFLICT DO NOTHING", ("day", Day(day)));
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task CompleteDigestAsync(DateOnly day, DateTimeOffset? sent, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        if (sent is { } at) await ExecuteAsync(connection, null, "UPDATE digests SET sent_at = @sent WHERE day = @day", ct, ("sent", Instant(at)), ("day", Day(day)));
        else await ExecuteAsync(connection, null, "DELETE FROM digests WHERE day = @day AND sent_at IS NULL", ct, ("day", Day(day)));
    }
}
