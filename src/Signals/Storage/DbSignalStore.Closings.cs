namespace Signals.Storage;

public abstract partial class DbSignalStore
{
    // Insert the claim, or take an unsent one that is due and whose lease has run out or is the caller's own.
    private const string ClaimClosing = """
        INSERT INTO episode_closings (alert_id, claimed_by, claimed_until) VALUES (@id, @owner, @lease)
        ON CONFLICT (alert_id) DO UPDATE SET claimed_by = excluded.claimed_by, claimed_until = excluded.claimed_until
        WHERE episode_closings.sent_at IS NULL AND episode_closings.gave_up_at IS NULL
          AND (episode_closings.next_attempt_at IS NULL OR episode_closings.next_attempt_at <= @now)
          AND (episode_closings.claimed_until IS NULL OR episode_closings.claimed_until < @now OR episode_closings.claimed_by = @owner)
        RETURNING attempts, failing_since
        """;

    private const string RecordClosingFailure = """
        UPDATE episode_closings SET attempts = attempts + 1, last_error = @error, claimed_until = NULL, claimed_by = NULL,
            failing_since = COALESCE(failing_since, @failed), next_attempt_at = @retry,
            gave_up_at = CASE WHEN @gave_up = 1 THEN @failed ELSE NULL END
        WHERE alert_id = @id AND sent_at IS NULL
        """;

    public async Task<ClosingClaim?> ClaimClosingAsync(long alertId, DateTimeOffset now, DateTimeOffset leaseUntil, string owner, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, null, ClaimClosing, ("id", alertId), ("owner", owner), ("lease", Instant(leaseUntil)), ("now", Instant(now)));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new ClosingClaim(Convert.ToInt32(reader.GetValue(0)), NullableInstant(reader, 1)) : null;
    }

    public async Task CompleteClosingAsync(long alertId, DateTimeOffset sent, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, null, "UPDATE episode_closings SET sent_at = @sent, claimed_until = NULL, claimed_by = NULL WHERE alert_id = @id", ct,
            ("sent", Instant(sent)), ("id", alertId));
    }

    public async Task RecordClosingFailureAsync(long alertId, string error, DateTimeOffset failedAt, DateTimeOffset? retryAt, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, null, RecordClosingFailure, ct, ("id", alertId), ("error", error), ("failed", Instant(failedAt)),
            ("retry", NullableInstantValue(retryAt)), ("gave_up", retryAt is null ? 1 : 0));
    }

    public async Task<IReadOnlySet<long>> GetClosedAlertIdsAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, null, "SELECT alert_id FROM episode_closings WHERE sent_at IS NOT NULL OR gave_up_at IS NOT NULL");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var ids = new HashSet<long>();
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetInt64(0));
        return ids;
    }
}
