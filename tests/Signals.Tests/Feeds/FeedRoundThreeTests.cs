using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Signals.Alerts;
using Signals.Classification;
using Signals.Feeds;
using Signals.Health;
using Signals.Storage;
using Signals.Tests.Ingestion;
using Signals.Tests.Storage;

namespace Signals.Tests.Feeds;

/// <summary>
/// Issue 22, items 1 and 3, through a live RSS feed on loopback and the production HTTP client, on both engines: a guid of a few
/// KB, a post the database refuses, a Retry-After of 31 years. The good posts are stored and health names what went wrong.
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class FeedRoundThreeTests(string engine)
{
    private static readonly AdverseEventClassifier Classifier = new(Path.Combine(TestPaths.RepoRoot, "models", "adverse-event.zip"));
    private readonly CancellationToken _none = CancellationToken.None;
    private DbSignalStore _store = null!;
    private string? _dir, _connectionString;
    private NpgsqlDataSource? _dataSource;
    private ServiceProvider _services = null!;

    [SetUp]
    public async Task SetUp()
    {
        if (engine == "sqlite") (_store, _dir) = await TempSqliteStore.CreateAsync();
        else
        {
            _connectionString = await TestEnvironment.CreateDatabaseAsync("feeds22");
            _dataSource = NpgsqlDataSource.Create(_connectionString);
            _store = new PostgresSignalStore(_dataSource, new StorageOptions { Provider = "postgres", ConnectionString = _connectionString, PseudonymKey = "round-three-key" }, TimeProvider.System);
            await _store.MigrateAsync(_none);
        }
        var services = new ServiceCollection().AddLogging();
        services.AddOptions<FeedsOptions>().Configure(o => { o.RetryDelay = TimeSpan.Zero; o.Retries = 1; o.MaxBackoff = TimeSpan.FromHours(6); });
        services.AddSignalsFeedHttp();
        _services = services.BuildServiceProvider();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _services.DisposeAsync();
        if (_dir is not null) TempSqliteStore.Delete(_dir);
        if (_dataSource is not null) await _dataSource.DisposeAsync();
        if (_connectionString is not null) await TestEnvironment.DropDatabaseAsync(_connectionString);
    }

    private FeedRefresher Refresher(ListLogger<FeedRefresher> logs)
    {
        var options = _services.GetRequiredService<IOptions<FeedsOptions>>();
        return new([new RssAtomReader(_services.GetRequiredService<IHttpClientFactory>(), options, TimeProvider.System)],
            ShippedIngestor.For(_store, Classifier), _store, options, TimeProvider.System, logs);
    }

    private async Task<string> FeedsHealthAsync() =>
        (await new ReadinessCheck(_store, Classifier, Options.Create(new HealthOptions()), Options.Create(new EmailOptions())).RunAsync(_none)).Single(c => c.Name == "feeds").Detail;

    private static FeedDefinition Feed(string url) => new() { Name = "forum", Type = "rss", Location = url, Interval = TimeSpan.FromMinutes(10) };

    internal static string Rss(params (string Guid, string Text)[] items)
    {
        var day = DateTimeOffset.UtcNow.AddDays(-1).ToString("R");
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>forum</title><link>http://forum.example/</link><description>d</description>");
        foreach (var (guid, text) in items)
            xml.Append($"<item><guid isPermaLink=\"false\">{SecurityElementEscape(guid)}</guid><title>{SecurityElementEscape(text)}</title><pubDate>{day}</pubDate></item>");
        return xml.Append("</channel></rss>").ToString();
    }

    private static string SecurityElementEscape(string s) => System.Security.SecurityElement.Escape(s);

    private static LoopbackHttpServer Serve(string body) => new(async (_, response) =>
    {
        response.ContentType = "application/rss+xml; charset=utf-8";
        await response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(body));
    });

    [Test]
    public async Task A_live_feed_with_a_guid_of_a_few_kilobytes_stores_all_its_good_items_and_the_long_one_once()
    {
        using var server = Serve(Rss(("good-1", "Levothyrox: crampes depuis une semaine"), (SignalStoreContract.RandomId(5_000, 7), "Levothyrox et fatigue, encore"),
            ("good-2", "Levothyrox: je perds mes cheveux")));
        var logs = new ListLogger<FeedRefresher>();

        await Refresher(logs).RefreshAsync(Feed(server.Url("rss")), _none);
        await _store.SaveFeedStateAsync((await _store.GetFeedStateAsync("forum", _none))! with { Cursor = null, NextCheckAt = null }, _none);
        await Refresher(logs).RefreshAsync(Feed(server.Url("rss")), _none); // read again: nothing twice

        Assert.That(await _store.CountPostsAsync(_none), Is.EqualTo(3), string.Join("\n", logs.Messages));
        var state = await _store.GetFeedStateAsync("forum", _none);
        Assert.That((state!.ErrorCount, state.LastError), Is.EqualTo((0, (string?)null)));
    }

    [Test]
    public async Task A_post_the_database_refuses_is_named_in_one_log_line_and_in_health_and_the_others_are_stored()
    {
        await using (var connection = await OpenAsync())
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = engine == "postgres"
                ? """
                  CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
                  BEGIN IF NEW.external_id LIKE 'poison%' THEN RAISE EXCEPTION 'poisoned row %', NEW.external_id; END IF; RETURN NEW; END $$;
                  CREATE TRIGGER refuse_poison BEFORE INSERT ON posts FOR EACH ROW EXECUTE FUNCTION refuse_poison();
                  """
                : "CREATE TRIGGER refuse_poison BEFORE INSERT ON posts WHEN NEW.external_id LIKE 'poison%' BEGIN SELECT RAISE(ABORT, 'poisoned row'); END;";
            await cmd.ExecuteNonQueryAsync();
        }
        using var server = Serve(Rss(("good-1", "Levothyrox: crampes depuis une semaine"), ("poison-1", "Levothyrox et fatigue, encore"), ("good-2", "Levothyrox: je perds mes cheveux")));
        var logs = new ListLogger<FeedRefresher>();

        await Refresher(logs).RefreshAsync(Feed(server.Url("rss")), _none);

        Assert.That(await _store.CountPostsAsync(_none), Is.EqualTo(2));
        var refused = logs.Messages.Where(m => m.Contains("poison-1")).ToList();
        Assert.That(refused, Has.Count.EqualTo(1));
        Assert.That(refused[0], Does.StartWith("Error").And.Contain("forum").And.Contain("poisoned row").And.Not.Contain("\n"));
        Assert.That(await FeedsHealthAsync(), Does.Contain("forum degraded").And.Contain("could not be stored").And.Contain("poison-1"));
    }

    [Test]
    public async Task A_retry_after_of_31_years_is_honoured_up_to_the_cap_and_health_shows_the_feed_degraded()
    {
        using var server = new LoopbackHttpServer((_, response) =>
        {
            response.StatusCode = 429;
            response.Headers["Retry-After"] = "1000000000";
            return Task.CompletedTask;
        });
        var before = DateTimeOffset.UtcNow;

        await Refresher(new ListLogger<FeedRefresher>()).RefreshAsync(Feed(server.Url("rss")), _none);

        var state = await _store.GetFeedStateAsync("forum", _none);
        Assert.That(state!.NextCheckAt, Is.LessThanOrEqualTo(DateTimeOffset.UtcNow + TimeSpan.FromHours(6)), "next try at most MaxBackoff away, not in 2058");
        Assert.That(state.NextCheckAt, Is.GreaterThanOrEqualTo(before + TimeSpan.FromHours(6)), "the server's wait is honoured up to the cap");
        var feeds = await FeedsHealthAsync();
        Assert.That(feeds, Does.Contain("forum degraded").And.Contain("asked to wait 31.7 years").And.Contain("MaxBackoff"));
    }

    private async Task<System.Data.Common.DbConnection> OpenAsync()
    {
        if (_dataSource is not null) return await _dataSource.OpenConnectionAsync();
        var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dir!, "s.db")}");
        await connection.OpenAsync();
        return connection;
    }
}
