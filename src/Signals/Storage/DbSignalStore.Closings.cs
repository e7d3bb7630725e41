namespace Signals.Storage;

public abstract partial class DbSignalStore
{
    public async Task<bool> ClaimClosingAsync(long alertId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, null, "INSERT INTO episode_closings (alert_id) VALUES (@id) ON CONFLICT DO NOTHING", ("id", alertId));
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task CompleteClosingAsync(long alertId, DateTimeOffset? sent, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        if (sent is { } at) await ExecuteAsync(connection, null, "UPDATE episode_closings SET sent_at = @sent WHERE alert_id = @id", ct, ("sent", Instant(at)), ("id", alertId));
        else await ExecuteAsync(connection, null, "DELETE FROM episode_closings WHERE alert_id = @id AND sent_at IS NULL", ct, ("id", alertId));
    }

    public async Task<IReadOnlySet<long>> GetClosedAlertIdsAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, null, "SELECT alert_id FROM episode_closings");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var ids = new HashSet<long>();
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetInt64(0));
        return ids;
    }
}
