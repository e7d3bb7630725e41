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

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken ct) => await dataSource.OpenConnectionAsync(ct);

    protected override object Day(DateOnly day) => day;
    protected override object Instant(DateTimeOffset instant) => instant.ToUniversalTime();
    protected override DateOnly ReadDay(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateOnly>(ordinal);
    protected override DateTimeOffset ReadInstant(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    protected override async Task LockForMigrationAsync(DbConnection connection, DbTransaction tx, CancellationToken ct) =>
        await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({MigrationLockId})", ct);
}
