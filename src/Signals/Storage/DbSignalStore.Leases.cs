using System.Data.Common;
using System.Globalization;

namespace Signals.Storage;

public abstract partial class DbSignalStore
{
    private const string EnsureFeed = "INSERT INTO feeds (name, error_count) VALUES (@name, 0) ON CONFLICT (name) DO NOTHING";

    /// <summary>
    /// {0}: the names' parameter list; {1}: the engine's row-locking clause. The owner's own leases are claimable again: the
    /// scheduler runs one round at a time, so a lease of its own still standing at a new round was not given back (the
    /// database was down when the read ended) and would otherwise hold the feed until it ran out.
    /// </summary>
    private const string ClaimFeeds = """
        UPDATE feeds SET lease_owner = @owner, leased_until = @lease
        WHERE name IN (SELECT name FROM feeds
                       WHERE name IN ({0}) AND (next_check_at IS NULL OR next_check_at <= @now)
                         AND (leased_until IS NULL OR leased_until < @now OR lease_owner = @owner)
                       ORDER BY name {1})
        RETURNING name
        """;

    private const string ReleaseFeed = "UPDATE feeds SET lease_owner = NULL, leased_until = NULL WHERE name = @name AND lease_owner = @owner";

    public async Task<IReadOnlyList<string>> ClaimDueFeedsAsync(IReadOnlyCollection<string> names, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        if (names.Count == 0) return [];
        await using var connection = await OpenAsync(ct);
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            foreach (var name in names) await ExecuteAsync(connection, tx, EnsureFeed, ct, ("name", name));
            await tx.CommitAsync(ct);
        }
        var parameters = names.Select((name, i) => ($"n{i}", (object?)name))
            .Concat([("owner", owner), ("lease", Instant(leaseUntil)), ("now", Instant(now))]).ToArray();
        var sql = string.Format(CultureInfo.InvariantCulture, ClaimFeeds, string.Join(", ", names.Select((_, i) => $"@n{i}")), SkipLockedRows);
        await using var claim = Command(connection, null, sql, parameters);
        await using var reader = await claim.ExecuteReaderAsync(ct);
        var claimed = new List<string>();
        while (await reader.ReadAsync(ct)) claimed.Add(reader.GetString(0));
        return claimed;
    }

    public async Task ReleaseFeedAsync(string name, string owner, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, null, ReleaseFeed, ct, ("name", name), ("owner", owner));
    }

    public async Task<IReadOnlyList<string>> ListLeaseOwnersAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, null, "SELECT lease_owner FROM feeds WHERE lease_owner IS NOT NULL UNION SELECT claimed_by FROM alerts WHERE claimed_by IS NOT NULL");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var owners = new List<string>();
        while (await reader.ReadAsync(ct)) owners.Add(reader.GetString(0));
        return owners;
    }

    public async Task<int> ReleaseLeasesAsync(IReadOnlyCollection<string> owners, CancellationToken ct)
    {
        if (owners.Count == 0) return 0;
        var list = string.Join(", ", owners.Select((_, i) => $"@o{i}"));
        var parameters = owners.Select((owner, i) => ($"o{i}", (object?)owner)).ToArray();
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var feeds = Command(connection, tx, $"UPDATE feeds SET lease_owner = NULL, leased_until = NULL WHERE lease_owner IN ({list})", parameters);
        var released = await feeds.ExecuteNonQueryAsync(ct);
        await using var alerts = Command(connection, tx, $"UPDATE alerts SET claimed_until = NULL, claimed_by = NULL WHERE claimed_by IN ({list})", parameters);
        released += await alerts.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return released;
    }

    public abstract Task<IAsyncDisposable> LockAsync(string name, CancellationToken ct);
}

/// <summary>Runs an action once when disposed (a lock's release).</summary>
internal sealed class Releaser(Func<ValueTask> release) : IAsyncDisposable
{
    private int _released;
    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _released, 1) == 0 ? release() : ValueTask.CompletedTask;
}
