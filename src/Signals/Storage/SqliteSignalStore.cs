using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Signals.Storage;

/// <summary>
/// The embedded default: one SQLite file, zero set-up, for one process. WAL lets readers
/// (<c>signals alerts</c>) look while the worker writes; days and instants are ISO-8601 text,
/// which sorts and compares correctly.
/// </summary>
public sealed class SqliteSignalStore : DbSignalStore
{
    private readonly string _connectionString;

    public SqliteSignalStore(StorageOptions options, TimeProvider time) : base(options, time)
    {
        var builder = new SqliteConnectionStringBuilder(options.EffectiveConnectionString);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(file)) is { } dir)
            Directory.CreateDirectory(dir);
        builder.DefaultTimeout = Math.Max(builder.DefaultTimeout, 30); // also the busy timeout
        _connectionString = builder.ToString();
    }

    protected override string Engine => "Sqlite";
    // One writer at a time: the UPDATE itself takes SQLite's write lock, so no row-locking clause exists or is needed.
    protected override string SkipLockedRows => "";

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
        await pragma.ExecuteNonQueryAsync(ct);
        return connection;
    }

    protected override object Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    protected override object Instant(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
    protected override DateOnly ReadDay(DbDataReader reader, int ordinal) => DateOnly.ParseExact(reader.GetString(ordinal), "yyyy-MM-dd", CultureInfo.InvariantCulture);
    protected override DateTimeOffset ReadInstant(DbDataReader reader, int ordinal) =>
        DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    // BeginTransaction in Microsoft.Data.Sqlite is BEGIN IMMEDIATE: it already holds the write lock.
    protected override Task LockForMigrationAsync(DbConnection connection, DbTransaction tx, CancellationToken ct) => Task.CompletedTask;
}
