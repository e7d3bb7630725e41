using Npgsql;
using Signals.Storage;

namespace Signals.Tests.Storage;

/// <summary>The same contract on a real PostgreSQL server (scripts/test.sh starts one), one fresh database per test.</summary>
public sealed class PostgresSignalStoreTests : SignalStoreContract
{
    private string _connectionString = null!;
    private NpgsqlDataSource _dataSource = null!;

    protected override string Engine => "Postgres";

    protected override async Task<ISignalStore> CreateStoreAsync()
    {
        _connectionString = await TestEnvironment.CreateDatabaseAsync("contract");
        _dataSource = NpgsqlDataSource.Create(_connectionString);
        var options = new StorageOptions { Provider = "postgres", ConnectionString = _connectionString, PseudonymKey = Options.PseudonymKey };
        return new PostgresSignalStore(_dataSource, options, TimeProvider.System);
    }

    protected override async Task DropStoreAsync()
    {
        await _dataSource.DisposeAsync();
        await TestEnvironment.DropDatabaseAsync(_connectionString);
    }

    protected override async Task<object?> ScalarAsync(string sql)
    {
        await using var cmd = _dataSource.CreateCommand(sql);
        return await cmd.ExecuteScalarAsync();
    }

    [Test]
    public async Task Two_replicas_migrating_at_once_apply_each_migration_once()
    {
        var second = new PostgresSignalStore(_dataSource, new StorageOptions { Provider = "postgres", ConnectionString = _connectionString }, TimeProvider.System);
        await using (var cmd = _dataSource.CreateCommand("DROP TABLE post_events, post_products, posts, feeds, alerts, digests, schema_migrations")) await cmd.ExecuteNonQueryAsync();

        await Task.WhenAll(Store.MigrateAsync(CancellationToken.None), second.MigrateAsync(CancellationToken.None));

        Assert.That(Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM schema_migrations")), Is.EqualTo(Migrations.For("Postgres").Count));
    }
}
