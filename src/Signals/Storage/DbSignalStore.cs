using System.Data.Common;
using Signals.Alerts;
using Signals.Detection;

namespace Signals.Storage;

/// <summary>
/// The SQL both engines share. Each engine says how to open a connection, how it stores days
/// and instants, and how it serialises migrations; the statements themselves are the same
/// (both speak <c>INSERT … ON CONFLICT DO NOTHING RETURNING</c>).
/// </summary>
public abstract partial class DbSignalStore(StorageOptions options, TimeProvider time) : ISignalStore
{
    protected abstract string Engine { get; }
    protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken ct);
    protected abstract object Day(DateOnly day);
    protected abstract object Instant(DateTimeOffset instant);
    protected abstract DateOnly ReadDay(DbDataReader reader, int ordinal);
    protected abstract DateTimeOffset ReadInstant(DbDataReader reader, int ordinal);
    /// <summary>Takes whatever lock makes concurrent migration by several processes safe, inside <paramref name="tx"/>.</summary>
    protected abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction tx, CancellationToken ct);
    /// <summary>Appended to the claim's inner select so concurrent claims skip each other's rows (empty where one process writes at a time).</summary>
    protected abstract string SkipLockedRows { get; }
    /// <summary>The first day an alert's e-mail takes examples from (<c>a.first_day</c> minus the lead-in days), in the engine's date arithmetic.</summary>
    protected abstract string LeadInStart { get; }

    /// <summary>What the store keeps of an author: the keyed pseudonym, never the handle.</summary>
    protected string? Pseudonym(string? author) => AuthorPseudonym.Of(author, Key);

    /// <summary>Validation requires it with postgres; the embedded store resolves its own (<see cref="SqlitePseudonymKey"/>). Never a published default.</summary>
    private string Key => options.PseudonymKey is { Length: > 0 } key ? key
        : throw new InvalidOperationException("invalid configuration: Signals:Storage:PseudonymKey is not set");

    /// <summary>What the store keeps of a post's id, link and text: nothing that names a person (<see cref="PostPrivacy"/>).</summary>
    protected (string ExternalId, string? Url, string Text) Stored(Feeds.Post post) =>
        (Feeds.PostLimits.Bounded(PostPrivacy.ExternalId(post.ExternalId, post.Author, Key), Feeds.PostLimits.MaxIdBytes), PostPrivacy.Link(post.Url, post.Author), PostPrivacy.Text(post.Text, post.Author));

    protected DateTimeOffset Now => time.GetUtcNow();

    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await LockForMigrationAsync(connection, tx, ct);
        await ExecuteAsync(connection, tx, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)", ct);
        var applied = new HashSet<int>();
        await using (var cmd = Command(connection, tx, "SELECT version FROM schema_migrations"))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) applied.Add(reader.GetInt32(0));

        foreach (var migration in Migrations.For(Engine).Where(m => !applied.Contains(m.Version)))
        {
            await ExecuteAsync(connection, tx, migration.Sql, ct);
            await using var record = Command(connection, tx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)",
                ("v", migration.Version), ("n", migration.Name), ("t", time.GetUtcNow().ToString("O")));
            await record.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    public async Task<long> CountPostsAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, null, "SELECT COUNT(*) FROM posts");
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct));
    }

    public async Task<int> PurgeOldTextAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var sql = string.Format(System.Globalization.CultureInfo.InvariantCulture, Sql.PurgeOldText, LeadInStart);
        await using var cmd = Command(connection, null, sql, ("cutoff", Instant(cutoff)));
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<int> ForgetAuthorAsync(string author, CancellationToken ct)
    {
        if (Pseudonym(author) is not { } pseudonym) return 0;
        // Random, not derived from the key: nothing that holds the key can find these posts again.
        var replacement = "f:" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        int posts;
        await using (var connection = await OpenAsync(ct))
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            await using (var cmd = Command(connection, tx, "UPDATE posts SET text = '', url = NULL, author_pseudonym = @replacement WHERE author_pseudonym = @pseudonym",
                ("replacement", replacement), ("pseudonym", pseudonym)))
                posts = await cmd.ExecuteNonQueryAsync(ct);
            // The per-day distinct-author rows hold the pseudonym too: left as they were, HMAC(key, handle) would still find which
            // products, events and days were that person's. The same random replacement keeps every count as it was.
            await ExecuteAsync(connection, tx, "UPDATE author_days SET author = @replacement WHERE author = @pseudonym", ct,
                ("replacement", replacement), ("pseudonym", pseudonym));
            await tx.CommitAsync(ct);
        }
        await AfterErasureAsync(ct);
        return posts;
    }

    /// <summary>After a data-subject erasure: whatever the engine needs so the erased bytes leave its files too (SQLite: a checkpoint).</summary>
    protected virtual Task AfterErasureAsync(CancellationToken ct) => Task.CompletedTask;

    public async Task RecordAlertExamplesAsync(long alertId, IReadOnlyList<ScoredPost> examples, CancellationToken ct)
    {
        if (examples.Count == 0) return;
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        foreach (var example in examples)
            await ExecuteAsync(connection, tx, Sql.RecordExample, ct, ("alert", alertId), ("at", Instant(Now)),
                ("source", example.Post.Source), ("external_id", example.Post.ExternalId));
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<DailyCount>> GetDailyCountsAsync(string product, string? @event, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = @event is null
            ? Command(connection, null, Sql.DailyCounts, ("product", product), ("from", Day(from)), ("to", Day(to)))
            : Command(connection, null, Sql.DailyEventCounts, ("product", product), ("event", @event), ("from", Day(from)), ("to", Day(to)));
        return await ReadDailyCountsAsync(cmd, ct);
    }

    public async Task<IReadOnlyList<DailyCount>> GetDailyMentionCountsAsync(string product, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, null, Sql.DailyMentionCounts, ("product", product), ("from", Day(from)), ("to", Day(to)));
        return await ReadDailyCountsAsync(cmd, ct);
    }

    private async Task<IReadOnlyList<DailyCount>> ReadDailyCountsAsync(DbCommand cmd, CancellationToken ct)
    {
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var counts = new List<DailyCount>();
        while (await reader.ReadAsync(ct)) counts.Add(new DailyCount(ReadDay(reader, 0), Convert.ToInt32(reader.GetValue(1))));
        return counts;
    }

    public async Task<IReadOnlySet<string>> GetProductsToJudgeAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, null, Sql.ProductsToJudge, ("from", Day(from)), ("to", Day(to)));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var products = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct)) products.Add(reader.GetString(0));
        return products;
    }

    public async Task<IReadOnlyList<string>> GetActiveEventsAsync(string product, DateOnly from, DateOnly to, int minimumAuthors, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, null, Sql.ActiveEvents, ("product", product), ("from", Day(from)), ("to", Day(to)), ("minimum", minimumAuthors));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var events = new List<string>();
        while (await reader.ReadAsync(ct)) events.Add(reader.GetString(0));
        return events;
    }

    protected static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    protected static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var cmd = Command(connection, tx, sql, parameters);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
