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

    public SqliteSignalStore(StorageOptions options, TimeProvider time) : this(WithFolder(options), time)
    {
    }

    private SqliteSignalStore((StorageOptions Options, string? CreatedFolder) prepared, TimeProvider time) : base(SqlitePseudonymKey.Resolve(prepared.Options), time)
    {
        CreatedFolder = prepared.CreatedFolder;
        var options = prepared.Options;
        var builder = new SqliteConnectionStringBuilder(options.EffectiveConnectionString);
        builder.DefaultTimeout = Math.Max(builder.DefaultTimeout, 30); // also the busy timeout
        _connectionString = builder.ToString();
    }

    /// <summary>
    /// The folder of the database file, when this store had to create it: a Data Source in a folder that does not exist is made
    /// (the zero-setup default, data/, does not exist in a fresh clone), and start-up says so, since a typo in the path would
    /// otherwise start an empty database somewhere unexpected without a word (SignalsHost.PrepareAsync logs it).
    /// </summary>
    public string? CreatedFolder { get; }

    /// <summary>The database's folder exists before its key file is made beside it.</summary>
    private static (StorageOptions, string?) WithFolder(StorageOptions options)
    {
        var file = new SqliteConnectionStringBuilder(options.EffectiveConnectionString).DataSource;
        if (file is not { Length: > 0 } || file == ":memory:" || Path.GetDirectoryName(Path.GetFullPath(file)) is not { } dir || Directory.Exists(dir)) return (options, null);
        Directory.CreateDirectory(dir);
        return (options, dir);
    }

    protected override string Engine => "Sqlite";

    /// <summary>
    /// SQLite serves one process: a second writer (another worker or replay on the same file) would interleave
    /// claims and episodes. This takes an exclusive lock on a file beside the database for as long as the returned
    /// handle lives; the operating system drops it when the process dies, even by kill -9.
    /// </summary>
    public IDisposable LockForSingleProcess()
    {
        var file = new SqliteConnectionStringBuilder(_connectionString).DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:") return new MemoryStream();
        var lockPath = Path.GetFullPath(file) + ".lock";
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new StoreInUseException(
                $"Another Signals process is using {Path.GetFullPath(file)} (SQLite serves one process at a time; use the postgres store for several workers).");
        }
    }
    // One process per database (LockForSingleProcess), so a lock within the process is exclusive among all users of the store.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> Locks = new();

    public override async Task<IAsyncDisposable> LockAsync(string name, CancellationToken ct)
    {
        var gate = Locks.GetOrAdd($"{_connectionString}|{name}", _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Releaser(() => { gate.Release(); return ValueTask.CompletedTask; });
    }

    // One writer at a time: the UPDATE itself takes SQLite's write lock, so no row-locking clause exists or is needed.
    protected override string SkipLockedRows => "";
    protected override string LeadInStart => $"date(a.first_day, '-{Alerts.EpisodeReporter.LeadInDays} days')";

    // SQLITE_TOOBIG, SQLITE_CONSTRAINT (RAISE(ABORT) in a trigger too), SQLITE_MISMATCH; not "no such table" nor "busy".
    protected override bool RefusesRow(DbException exception) => exception is SqliteException { SqliteErrorCode: 18 or 19 or 20 };

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var pragma = connection.CreateCommand();
        // secure_delete: deleted and overwritten content (a forgotten author's texts, purged texts) is zeroed in the file, not left
        // in free space until a VACUUM that may never run.
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;";
        await pragma.ExecuteNonQueryAsync(ct);
        return connection;
    }

    /// <summary>
    /// The erased texts are zeroed in the pages written to the WAL, but the database file keeps the old pages until a checkpoint,
    /// and the WAL keeps the old frames until it is reset: a truncating checkpoint makes both hold only the new pages.
    /// </summary>
    protected override async Task AfterErasureAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await checkpoint.ExecuteNonQueryAsync(ct);
    }

    protected override object Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    protected override object Instant(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
    protected override DateOnly ReadDay(DbDataReader reader, int ordinal) => DateOnly.ParseExact(reader.GetString(ordinal), "yyyy-MM-dd", CultureInfo.InvariantCulture);
    protected override DateTimeOffset ReadInstant(DbDataReader reader, int ordinal) =>
        DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    // BeginTransaction in Microsoft.Data.Sqlite is BEGIN IMMEDIATE: it already holds the write lock.
    protected override Task LockForMigrationAsync(DbConnection connection, DbTransaction tx, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>The embedded store is held by another process.</summary>
public sealed class StoreInUseException(string message) : Exception(message);
