using Microsoft.Data.Sqlite;
using Signals.Storage;

namespace Signals.Tests.Storage;

public sealed class SqliteSignalStoreTests : SignalStoreContract
{
    private string _dir = null!;
    private string ConnectionString => $"Data Source={Path.Combine(_dir, "signals.db")}";

    protected override string Engine => "Sqlite";

    protected override Task<ISignalStore> CreateStoreAsync()
    {
        _dir = TestPaths.TempDirectory();
        var options = new StorageOptions { Provider = "sqlite", ConnectionString = ConnectionString, PseudonymKey = Options.PseudonymKey };
        return Task.FromResult<ISignalStore>(new SqliteSignalStore(options, TimeProvider.System));
    }

    protected override ISignalStore SameDatabase(StorageOptions options) =>
        new SqliteSignalStore(new StorageOptions { Provider = "sqlite", ConnectionString = ConnectionString, PseudonymKey = options.PseudonymKey }, TimeProvider.System);

    protected override Task DropStoreAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    protected override async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync();
    }
}
