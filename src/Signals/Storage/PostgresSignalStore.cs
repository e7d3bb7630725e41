using System.Data.Common;
using Npgsql;

namespace Signals.Storage;

/// <summary>The production store: PostgreSQL through one shared <see cref="NpgsqlDataSource"/> (it pools connections).</summary>
public sealed partial class PostgresSignalStore(NpgsqlDataSource dataSource, StorageOptions options, TimeProvider time) : DbSignalStore(options, time)
{
    // Any fixed number: replicas starting together wait for each other's migrations.
    private const long MigrationLockId = 0x5167_6E61_6C73;

    protected override string Engine => "Postgres";
    protected override string SkipLockedRows => "FOR UPDATE SKIP LOCKED";
    protected override string LeadInStart => $"a.first_day - {Alerts.EpisodeReporter.LeadInDays}";

    // Data exceptions (22), integrity constraints (23), program limits such as an index row too large (54), RAISE in a
    // trigger (P0); not a lost connection (08), a shutdown (57), a missing table (42) or a deadlock (40).
    protected override bool RefusesRow(DbException exception) =>
        exception is PostgresException { SqlState: ['2', '2' or '3', ..] or ['5', '4', ..] or ['P', '0', ..] };

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken ct)
    {
        try { return await dataSource.OpenConnectionAsync(ct); }
        catch (NpgsqlException ex) when (!ct.IsCancellationRequested)
        {
            throw new StoreUnavailableException($"PostgreSQL at {Target(dataSource.ConnectionString)} unreachable: {StoreUnavailableException.Cause(ex)}", ex.IsTransient, ex);
        }
    }

    /// <summary>Host and port (and database) of a connection string, for messages; never its password.</summary>
    public static string Target(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host ?? "localhost"}:{builder.Port} (database {builder.Database ?? builder.Username ?? "postgres"})";
    }

    protected override object Day(DateOnly day) => day;
    protected override object Instant(DateTimeOffset instant) => instant.ToUniversalTime();
    protected override DateOnly ReadDay(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateOnly>(ordinal);
    protected override DateTimeOffset ReadInstant(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public override async Task<IAsyncDisposable> LockAsync(string name, CancellationToken ct)
    {
        // A session lock on a connection of its own: held while the work runs in other connections, gone if the process dies.
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            await ExecuteAsync(connection, null, "SELECT pg_advisory_lock(@key)", ct, ("key", LockKey(name)));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return new Releaser(async () =>
        {
            try { await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", LockKey(name))); }
            finally { await connection.DisposeAsync(); } // closing the session releases it anyway
        });
    }

    /// <summary>A stable 64-bit key for a lock name (FNV-1a), the same in every process.</summary>
    private static long LockKey(string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in name) hash = (hash ^ c) * 1099511628211UL;
        return unchecked((long)hash);
    }

    protected override async Task LockForMigrationAsync(DbConnection connection, DbTransaction tx, CancellationToken ct) =>
        await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({MigrationLockId})", ct);
}
