using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Signals.Feeds;
using Signals.Ingestion;
using Signals.Storage;
using Signals.Tests.Storage;

namespace Signals.Tests.Ingestion;

/// <summary>
/// Posts no honest source sends (invalid UTF-8, NUL characters, unpaired surrogates, dates of year 1 or 9999, a 50 MB
/// text) on every path into the real stores: the replay pipeline, a watched folder and a Mastodon page under <c>run</c>.
/// Each is skipped or cleaned with a message naming where it came from, and never costs the posts around it.
/// </summary>
public sealed class HostileInputTests
{
    private readonly CancellationToken _none = CancellationToken.None;
    private string _dir = null!;

    [SetUp] public void SetUp() => _dir = TestPaths.TempDirectory();
    [TearDown] public void TearDown() => TempSqliteStore.Delete(_dir);

    private static byte[] Line(string id, string text, string createdAt = "2017-07-20T07:00:00Z", string author = "a") =>
        Encoding.UTF8.GetBytes($$"""{"id":"{{id}}","author":"{{author}}","createdAt":"{{createdAt}}","text":"{{text}}"}""" + "\n");

    /// <summary>A line whose text holds bytes that are not UTF-8 (a Latin-1 "é" and a stray continuation byte).</summary>
    private static byte[] InvalidUtf8Line(string id) =>
        [.. Encoding.UTF8.GetBytes($$"""{"id":"{{id}}","createdAt":"2017-07-20T07:00:00Z","text":"Levothyrox caf"""), 0xE9, 0x80, .. "\"}\n"u8];

    private string Write(string name, params byte[][] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, lines.SelectMany(l => l).ToArray());
        return path;
    }

    private static IngestionPipeline Pipeline(ISignalStore store) =>
        new(ShippedIngestor.For(store), Options.Create(new IngestionOptions { ParseBatch = 2, StoreBatch = 2000 }));

    [Test]
    public async Task A_line_of_invalid_utf8_is_skipped_naming_file_and_line_and_the_lines_around_it_are_replayed()
    {
        var (store, dir) = await TempSqliteStore.CreateAsync();
        try
        {
            var file = Write("posts.jsonl", Line("1", "Levothyrox et fatigue"), InvalidUtf8Line("2"), Line("3", "Levothyrox et crampes"));

            var result = await Pipeline(store).RunAsync([file], _none);

            Assert.That(result.Problems, Has.Count.EqualTo(1));
            Assert.That(result.Problems[0], Does.StartWith($"{file} line 2:").And.Contain("invalid UTF-8").And.Contain("skipped"));
            Assert.That((result.Read, result.Stored), Is.EqualTo((2L, 2L)), "the lines before and after are stored");
        }
        finally { TempSqliteStore.Delete(dir); }
    }

    [Test]
    public async Task A_line_of_invalid_utf8_in_a_watched_folder_is_skipped_and_the_folder_feed_goes_on()
    {
        var (store, dir) = await TempSqliteStore.CreateAsync();
        try
        {
            var inbox = Directory.CreateDirectory(Path.Combine(_dir, "inbox")).FullName;
            var file = Path.Combine(inbox, "drop.jsonl");
            await File.WriteAllBytesAsync(file, [.. Line("1", "Levothyrox et fatigue"), .. InvalidUtf8Line("2"), .. Line("3", "Levothyrox et crampes")]);
            var logs = new ListLogger<FeedRefresher>();
            var refresher = new FeedRefresher([new JsonLinesReader()], ShippedIngestor.For(store), store, Options.Create(new FeedsOptions()), TimeProvider.System, logs);
            var feed = new FeedDefinition { Name = "inbox", Type = "jsonl", Location = inbox, Interval = TimeSpan.FromSeconds(10) };

            await refresher.RefreshAsync(feed, _none);
            await File.AppendAllTextAsync(file, Encoding.UTF8.GetString(Line("4", "Levothyrox et palpitations")));
            await refresher.RefreshAsync(feed, _none);

            var state = await store.GetFeedStateAsync("inbox", _none);
            Assert.That((state!.ErrorCount, state.LastError), Is.EqualTo((0, (string?)null)), "the feed is not failing");
            Assert.That(await store.CountPostsAsync(_none), Is.EqualTo(3), "lines 1, 3 and the one appended later");
            Assert.That(logs.Messages, Has.One.Contains($"{file} line 2:").And.Contains("invalid UTF-8"));
        }
        finally { TempSqliteStore.Delete(dir); }
    }

    [TestCase("sqlite")]
    [TestCase("postgres")]
    public async Task Nul_characters_are_removed_and_the_whole_batch_is_stored(string engine)
    {
        await using var db = await TestStore.CreateAsync(engine);
        var file = Write("posts.jsonl",
            Line("1", "Levothyrox et fatigue"),
            Line("2", @"Levothyrox\u0000 et nausées\u0000", author: @"nul\u0000author"),
            Line("3", "Levothyrox et palpitations"));

        var result = await Pipeline(db.Store).RunAsync([file], _none);

        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Stored, Is.EqualTo(3), "one post with a NUL does not roll back its batch");
        var texts = await db.TextsAsync();
        Assert.That(texts, Has.Member("Levothyrox et nausées"));
        Assert.That(texts, Has.None.Contains('\0'));
    }

    [TestCase("sqlite")]
    [TestCase("postgres")]
    public async Task An_escaped_unpaired_surrogate_becomes_a_replacement_character_and_the_post_is_stored(string engine)
    {
        await using var db = await TestStore.CreateAsync(engine);
        var file = Write("posts.jsonl", Line("1", "Levothyrox et fatigue"), Line("2", @"Levothyrox \ud800 et crampes"));

        var result = await Pipeline(db.Store).RunAsync([file], _none);

        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Stored, Is.EqualTo(2));
        Assert.That(await db.TextsAsync(), Has.Member("Levothyrox \uFFFD et crampes"));
    }

    [TestCase(@"\u0000", "Levothyrox et fatigue")]
    [TestCase(@"\ud83d", "Levothyrox \uFFFDet fatigue")]
    public async Task A_mastodon_page_with_a_nul_or_lone_surrogate_in_one_status_is_stored_whole_on_postgres(string hostile, string stored)
    {
        await using var db = await TestStore.CreateAsync("postgres");
        static string Status(int id, string content) =>
            $$$"""{"id":"{{{id}}}","uri":"https://example.social/users/u{{{id}}}/statuses/{{{id}}}","url":"https://example.social/@u{{{id}}}/{{{id}}}","created_at":"2017-07-20T07:00:00.000Z","language":"fr","content":"<p>{{{content}}}</p>","account":{"acct":"u{{{id}}}"}}""";
        var page = "[" + string.Join(",", Status(3, "Levothyrox et crampes"), Status(2, $"Levothyrox {hostile}et fatigue"), Status(1, "Levothyrox et vertiges")) + "]";
        using var server = new Feeds.LoopbackHttpServer(async (_, response) =>
        {
            response.ContentType = "application/json";
            await response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(page));
        });
        using var services = new ServiceCollection().AddLogging().AddSignalsFeedHttp().BuildServiceProvider();
        var http = services.GetRequiredService<IHttpClientFactory>();
        var reader = new MastodonReader(http, Options.Create(new FeedsOptions()));
        var refresher = new FeedRefresher([reader], ShippedIngestor.For(db.Store), db.Store, Options.Create(new FeedsOptions()), TimeProvider.System,
            NullLogger<FeedRefresher>.Instance);
        var feed = new FeedDefinition { Name = "mastodon", Type = "mastodon", Location = server.Url("api/v1/timelines/tag/levothyrox"), Interval = TimeSpan.FromSeconds(10) };

        await refresher.RefreshAsync(feed, _none);

        var state = await db.Store.GetFeedStateAsync("mastodon", _none);
        Assert.That((state!.ErrorCount, state.LastError), Is.EqualTo((0, (string?)null)));
        Assert.That(await db.Store.CountPostsAsync(_none), Is.EqualTo(3), "all three statuses, the hostile one cleaned");
        Assert.That(state.Cursor, Is.EqualTo("3"), "the page is done: it is not read again for ever");
        Assert.That(await db.TextsAsync(), Has.Member(stored));
    }

    [TestCase("0001-01-01T00:00:00Z")]
    [TestCase("9999-12-31T23:59:59Z")]
    [TestCase("1900-01-01T00:00:00Z")]
    [TestCase("2999-06-01T00:00:00Z")]
    public async Task A_post_dated_out_of_range_is_refused_naming_file_and_line_and_the_others_are_stored(string createdAt)
    {
        var (store, dir) = await TempSqliteStore.CreateAsync();
        try
        {
            var file = Write("posts.jsonl", Line("1", "Levothyrox et fatigue"), Line("2", "Levothyrox et crampes", createdAt), Line("3", "beach day", createdAt));

            var result = await Pipeline(store).RunAsync([file], _none);

            Assert.That(result.Problems, Has.Count.EqualTo(2));
            Assert.That(result.Problems[0], Does.StartWith($"{file} line 2: post 2: createdAt").And.Contain("refused"));
            Assert.That((result.Read, result.Stored), Is.EqualTo((1L, 1L)));
            Assert.That((result.FirstDay, result.LastDay), Is.EqualTo(((DateOnly?)new DateOnly(2017, 7, 20), (DateOnly?)new DateOnly(2017, 7, 20))),
                "the replay judges the days of the posts kept, not centuries");
        }
        finally { TempSqliteStore.Delete(dir); }
    }

    [Test]
    public async Task A_post_dated_out_of_range_from_a_feed_is_refused_with_a_message_and_the_feed_goes_on()
    {
        var (store, dir) = await TempSqliteStore.CreateAsync();
        try
        {
            var file = Write("feed.jsonl", Line("1", "Levothyrox et fatigue"), Line("2", "Levothyrox et crampes", "0001-01-01T00:00:00Z"));
            var logs = new ListLogger<FeedRefresher>();
            var refresher = new FeedRefresher([new JsonLinesReader()], ShippedIngestor.For(store), store, Options.Create(new FeedsOptions()), TimeProvider.System, logs);

            await refresher.RefreshAsync(new FeedDefinition { Name = "f", Type = "jsonl", Location = file }, _none);

            Assert.That(await store.CountPostsAsync(_none), Is.EqualTo(1));
            Assert.That((await store.GetFeedStateAsync("f", _none))!.ErrorCount, Is.Zero);
            Assert.That(logs.Messages, Has.One.Contains("post 2: createdAt 0001-01-01T00:00:00Z is before 1990-01-01"));
        }
        finally { TempSqliteStore.Delete(dir); }
    }

    [Test]
    public async Task Detection_of_a_day_at_either_end_of_the_calendar_judges_nothing_instead_of_crashing()
    {
        var (store, dir) = await TempSqliteStore.CreateAsync();
        try
        {
            var catalog = new Signals.Matching.ProductCatalog([new Signals.Matching.Product("levothyroxine", ["levothyrox"])]);
            var runner = new Signals.Detection.DetectionRunner(catalog, store, Options.Create(new Signals.Detection.DetectionOptions()), TimeProvider.System,
                NullLogger<Signals.Detection.DetectionRunner>.Instance);

            Assert.That(await runner.RunForDayAsync(DateOnly.MinValue, _none), Is.Empty);
            Assert.That(await runner.RunForDayAsync(DateOnly.MaxValue, _none), Is.Empty);
        }
        finally { TempSqliteStore.Delete(dir); }
    }

    [Test]
    public async Task A_text_over_the_cap_is_cut_at_the_cap_and_stored()
    {
        await using var db = await TestStore.CreateAsync("sqlite");
        var huge = "Levothyrox " + new string('x', 5_000_000);
        var file = Write("posts.jsonl", Line("1", huge), Line("2", "Levothyrox et crampes"));

        var result = await Pipeline(db.Store).RunAsync([file], _none);

        Assert.That(result.Stored, Is.EqualTo(2));
        Assert.That((await db.TextsAsync()).Max(t => t.Length), Is.EqualTo(PostLimits.MaxTextLength));
    }

    [Test]
    public void Every_way_of_making_a_post_cleans_and_caps_it()
    {
        var made = new Post("s\0", "id\0", "u\0", "a\0", DateTimeOffset.UnixEpoch, "fr\0", "t" + new string('y', 50_000));
        var copied = made with { Text = "x\0\udc00" + new string('z', 50_000), Author = new string('a', 10_000) };

        Assert.That((made.Source, made.ExternalId, made.Url, made.Author, made.Language), Is.EqualTo(("s", "id", "u", "a", "fr")));
        Assert.That(made.Text, Has.Length.EqualTo(PostLimits.MaxTextLength).And.StartWith("ty"));
        Assert.That(copied.Text, Has.Length.EqualTo(PostLimits.MaxTextLength - 1).And.StartWith("x\uFFFDz"));
        Assert.That(copied.Author, Has.Length.EqualTo(PostLimits.MaxFieldLength));
        Assert.That(new Post("s", "i", null, null, DateTimeOffset.UnixEpoch, null, "😀 emoji stays").Text, Is.EqualTo("😀 emoji stays"));
    }
}

/// <summary>A migrated store on either engine, dropped when disposed.</summary>
internal sealed class TestStore : IAsyncDisposable
{
    private readonly Func<Task> _drop;
    private readonly System.Data.Common.DbDataSource _data;
    private TestStore(ISignalStore store, System.Data.Common.DbDataSource data, Func<Task> drop) => (Store, _data, _drop) = (store, data, drop);
    public ISignalStore Store { get; }

    /// <summary>The stored texts, read back with plain SQL.</summary>
    public async Task<List<string>> TextsAsync()
    {
        await using var command = _data.CreateCommand("SELECT text FROM posts ORDER BY text");
        await using var reader = await command.ExecuteReaderAsync();
        var texts = new List<string>();
        while (await reader.ReadAsync()) texts.Add(reader.GetString(0));
        return texts;
    }

    public static async Task<TestStore> CreateAsync(string engine)
    {
        if (engine == "sqlite")
        {
            var (sqlite, dir) = await TempSqliteStore.CreateAsync();
            var data = Microsoft.Data.Sqlite.SqliteFactory.Instance.CreateDataSource($"Data Source={Path.Combine(dir, "s.db")}");
            return new TestStore(sqlite, data, () => { TempSqliteStore.Delete(dir); return Task.CompletedTask; });
        }
        var connectionString = await TestEnvironment.CreateDatabaseAsync("hostile");
        var dataSource = NpgsqlDataSource.Create(connectionString);
        var store = new PostgresSignalStore(dataSource, new StorageOptions { Provider = "postgres", ConnectionString = connectionString, PseudonymKey = "hostile-input-test-key" }, TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        return new TestStore(store, dataSource, async () => { await dataSource.DisposeAsync(); await TestEnvironment.DropDatabaseAsync(connectionString); });
    }

    public ValueTask DisposeAsync() => new(_drop());
}

/// <summary>A logger that keeps the messages, to check what an operator would read.</summary>
internal sealed class ListLogger<T> : Microsoft.Extensions.Logging.ILogger<T>
{
    private readonly List<string> _messages = [];
    public IReadOnlyList<string> Messages { get { lock (_messages) return _messages.ToList(); } }
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;
    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_messages) _messages.Add($"{logLevel}: {formatter(state, exception)}");
    }
}
