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

    protected override ISignalStore SameDatabase(StorageOptions options) =>
        new PostgresSignalStore(_dataSource, new StorageOptions { Provider = "postgres", ConnectionString = _connectionString, PseudonymKey = options.PseudonymKey }, TimeProvider.System);

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
        var second = new PostgresSignalStore(_dataSource, new StorageOptions { Provider = "postgres", ConnectionString = _connectionString, PseudonymKey = Options.PseudonymKey }, TimeProvider.System);
        // Every table of the schema, whichever migrations made them, so a new migration needs no edit here.
        await using (var cmd = _dataSource.CreateCommand("""
            DO $$ DECLARE t record; BEGIN
              FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
                EXECUTE format('DROP TABLE %I CASCADE', t.tablename);
              END LOOP;
            END $$
            """)) await cmd.ExecuteNonQueryAsync();

        await Task.WhenAll(Store.MigrateAsync(CancellationToken.None), second.MigrateAsync(CancellationToken.None));

        Assert.That(Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM schema_migrations")), Is.EqualTo(Migrations.For("Postgres").Count));
    }

    [Test]
    public async Task Two_writers_storing_overlapping_batches_in_opposite_orders_neither_deadlock_nor_store_a_post_twice()
    {
        var second = new PostgresSignalStore(_dataSource, new StorageOptions { Provider = "postgres", ConnectionString = _connectionString, PseudonymKey = Options.PseudonymKey }, TimeProvider.System);
        var added = 0;
        for (var round = 0; round < 5; round++) // a deadlock needs an unlucky interleaving: give it several chances
        {
            var posts = Enumerable.Range(0, 400).Select(i => Posts.Scored($"r{round}p{i:D4}", $"a{i % 50}", Posts.Day(15))).ToList();
            var backwards = Enumerable.Reverse(posts).ToList();
            // Two replicas (or two replays of one file) whose batches hold the same posts in different orders.
            var counts = await Task.WhenAll(
                Task.Run(async () => { var n = 0; foreach (var batch in posts.Chunk(100)) n += await Store.AddPostsAsync(batch, CancellationToken.None); return n; }),
                Task.Run(async () => { var n = 0; foreach (var batch in backwards.Chunk(150)) n += await second.AddPostsAsync(batch, CancellationToken.None); return n; }));
            added += counts.Sum();
        }

        Assert.That(added, Is.EqualTo(2_000));
        Assert.That(Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM posts")), Is.EqualTo(2_000));
        Assert.That(Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM post_products")), Is.EqualTo(2_000));
    }

    [Test]
    public async Task Replicas_claiming_feeds_at_once_never_get_the_same_feed()
    {
        var feeds = Enumerable.Range(0, 60).Select(i => $"feed-{i:00}").ToList();
        var now = DateTimeOffset.UtcNow;
        var replicas = Enumerable.Range(0, 6).Select(_ =>
            new PostgresSignalStore(_dataSource, new StorageOptions { Provider = "postgres", ConnectionString = _connectionString, PseudonymKey = Options.PseudonymKey }, TimeProvider.System)).ToList();

        var claims = await Task.WhenAll(replicas.Select((replica, i) => Task.Run(async () =>
        {
            var mine = new List<string>();
            for (var round = 0; round < 5; round++) mine.AddRange(await replica.ClaimDueFeedsAsync(feeds, $"replica-{i}", now, now.AddMinutes(5), CancellationToken.None));
            return mine;
        })));

        // A replica's later rounds may take back its own leases (one it could not give back); no feed goes to two replicas.
        var all = claims.SelectMany(c => c.Distinct()).ToList();
        Assert.That(all, Has.Count.EqualTo(feeds.Count), "no feed claimed by two replicas");
        Assert.That(all, Is.EquivalentTo(feeds), "every due feed claimed");
    }
}
