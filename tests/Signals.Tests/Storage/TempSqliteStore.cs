using Microsoft.Data.Sqlite;
using Signals.Storage;

namespace Signals.Tests.Storage;

/// <summary>A migrated SQLite store in a temporary folder, for tests of the stages around the store; the folder goes with it.</summary>
internal static class TempSqliteStore
{
    public static async Task<(SqliteSignalStore Store, string Directory)> CreateAsync(TimeProvider? time = null)
    {
        var dir = TestPaths.TempDirectory();
        var store = new SqliteSignalStore(new StorageOptions { ConnectionString = $"Data Source={Path.Combine(dir, "s.db")}" }, time ?? TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        return (store, dir);
    }

    public static void Delete(string directory)
    {
        SqliteConnection.ClearAllPools(); // pooled connections keep the file open
        Directory.Delete(directory, recursive: true);
    }
}
