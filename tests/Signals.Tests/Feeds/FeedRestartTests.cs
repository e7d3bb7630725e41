using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Signals.Classification;
using Signals.Feeds;
using Signals.Ingestion;
using Signals.Matching;
using Signals.Storage;
using Signals.Tests.Storage;

namespace Signals.Tests.Feeds;

/// <summary>
/// The refresher over real HTTP: a Mastodon hashtag timeline on loopback (statuses cloned from
/// the API-documented fixture) that pages with <c>min_id</c>, read by the production reader and
/// HTTP client into a real store.
/// </summary>
public sealed class FeedRestartTests
{
    private readonly List<string> _dirs = [];
    private ServiceProvider _services = null!;

    [SetUp]
    public void SetUp()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddOptions<FeedsOptions>().Configure(o => o.RetryDelay = TimeSpan.FromMilliseconds(50));
        services.AddSignalsFeedHttp();
        _services = services.BuildServiceProvider();
    }

    [TearDown]
    public void TearDown()
    {
        _services.Dispose();
        foreach (var dir in _dirs) TempSqliteStore.Delete(dir);
        _dirs.Clear();
    }

    /// <summary>A new migrated store; its file.</summary>
    private async Task<string> NewStoreAsync()
    {
        var (_, dir) = await TempSqliteStore.CreateAsync();
        _dirs.Add(dir);
        return Path.Combine(dir, "s.db");
    }

    /// <summary>A worker's refresher (fresh objects, as after a restart) on the store in <paramref name="db"/>.</summary>
    private (FeedRefresher Refresher, SqliteSignalStore Store) Worker(string db)
    {
        var store = new SqliteSignalStore(new StorageOptions { ConnectionString = $"Data Source={db}" }, TimeProvider.System);
        var ingestor = Signals.Tests.Ingestion.ShippedIngestor.For(store, Classifier);
        var options = _services.GetRequiredService<IOptions<FeedsOptions>>();
        var reader = new MastodonReader(_services.GetRequiredService<IHttpClientFactory>(), options);
        return (new FeedRefresher([reader], ingestor, store, options, TimeProvider.System, NullLogger<FeedRefresher>.Instance), store);
    }

    private static readonly AdverseEventClassifier Classifier = new(Path.Combine(TestPaths.RepoRoot, "models", "adverse-event.zip"));

    private static List<string> StoredIds(string db)
    {
        using var connection = new SqliteConnection($"Data Source={db}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT external_id FROM posts ORDER BY external_id";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }

    /// <summary>A hashtag timeline: ids from 1000 up, each a status about Levothyrox; pages as the API does (newest first, <c>min_id</c> = just after).</summary>
    private sealed class Timeline
    {
        private static readonly JsonObject Template = JsonNode.Parse(File.ReadAllText(
            Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "mastodon", "tag-levothyrox.json")))!.AsArray()[0]!.AsObject();

        public int Newest { get; set; } = 1009;
        public Func<int, Task>? OnPage { get; set; }
        public int Pages;

        public async Task ServeAsync(System.Net.HttpListenerRequest request, System.Net.HttpListenerResponse response)
        {
            var limit = int.Parse(request.QueryString["limit"] ?? "20");
            var minId = request.QueryString["min_id"] is { } m ? int.Parse(m) : (int?)null;
            var ids = minId is { } after
                ? Enumerable.Range(after + 1, Math.Max(0, Newest - after)).Take(limit).Reverse()
                : Enumerable.Range(1000, Newest - 999).Reverse().Take(limit);
            var page = Interlocked.Increment(ref Pages);
            if (OnPage is not null) await OnPage(page);
            var statuses = new JsonArray(ids.Select(id => (JsonNode)Status(id)).ToArray());
            response.ContentType = "application/json";
            await response.OutputStream.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(statuses));
        }

        private static JsonObject Status(int id)
        {
            var status = Template.DeepClone().AsObject();
            status["id"] = id.ToString();
            status["uri"] = $"https://mastodon.social/users/marie_l/statuses/{id}";
            status["url"] = $"https://mastodon.social/@marie_l/{id}";
            status["created_at"] = new DateTimeOffset(2017, 7, 20, 0, 0, 0, TimeSpan.Zero).AddMinutes(id - 1000).ToString("yyyy-MM-ddTHH:mm:ss.fffZ");
            status["content"] = $"<p>Post {id}: depuis le nouveau <a href=\"https://mastodon.social/tags/Levothyrox\">#<span>Levothyrox</span></a> je suis épuisée</p>";
            status["account"]!["acct"] = $"user{id % 37}";
            return status;
        }
    }

    [Test]
    public async Task Stopped_in_the_middle_of_paging_then_restarted_stores_what_one_uninterrupted_run_stores()
    {
        var feed = (LoopbackHttpServer server) => new FeedDefinition { Name = "tag", Type = "mastodon", Location = server.Url("api/v1/timelines/tag/levothyrox") };

        // One uninterrupted run: the first read, then a burst of 95 statuses (three pages of 40) read to the end.
        var steady = new Timeline();
        using var steadyServer = new LoopbackHttpServer(steady.ServeAsync);
        var steadyDb = await NewStoreAsync();
        var (steadyWorker, _) = Worker(steadyDb);
        await steadyWorker.RefreshAsync(feed(steadyServer), CancellationToken.None);
        steady.Newest = 1104;
        await steadyWorker.RefreshAsync(feed(steadyServer), CancellationToken.None);
        var expected = StoredIds(steadyDb);
        Assert.That(expected, Has.Count.EqualTo(105));

        // The same, stopped while the third page of the burst is being fetched, then a fresh worker on the same store.
        using var stop = new CancellationTokenSource();
        var interrupted = new Timeline();
        using var server = new LoopbackHttpServer(interrupted.ServeAsync);
        var db = await NewStoreAsync();
        var (worker, _) = Worker(db);
        await worker.RefreshAsync(feed(server), CancellationToken.None);
        interrupted.Newest = 1104;
        interrupted.OnPage = async page =>
        {
            if (page != 4) return;
            await stop.CancelAsync();
            await Task.Delay(TimeSpan.FromSeconds(10));
        };
        await Assert.CatchAsync<OperationCanceledException>(() => worker.RefreshAsync(feed(server), stop.Token));
        var partial = StoredIds(db);
        Assert.That(partial, Has.Count.LessThan(105).And.Count.GreaterThan(10), "stopped part-way");

        interrupted.OnPage = null;
        var (restarted, _) = Worker(db);
        await restarted.RefreshAsync(feed(server), CancellationToken.None);

        Assert.That(StoredIds(db), Is.EqualTo(expected), "no post lost, none twice");
    }

    [Test]
    public async Task A_server_asking_to_come_back_in_an_hour_is_not_checked_before()
    {
        using var server = new LoopbackHttpServer((_, response) =>
        {
            response.StatusCode = 429;
            response.Headers["Retry-After"] = "3600";
            return Task.CompletedTask;
        });
        var (worker, store) = Worker(await NewStoreAsync());
        var feed = new FeedDefinition { Name = "busy", Type = "mastodon", Location = server.Url("api/v1/timelines/tag/levothyrox"), Interval = TimeSpan.FromMinutes(5) };
        var before = DateTimeOffset.UtcNow;

        await worker.RefreshAsync(feed, CancellationToken.None);

        var state = await store.GetFeedStateAsync("busy", CancellationToken.None);
        Assert.That(state!.ErrorCount, Is.EqualTo(1));
        Assert.That(state.LastError, Does.Contain("429").And.Contain(server.Url("api/v1/timelines/tag/levothyrox")));
        Assert.That(state.NextCheckAt, Is.GreaterThanOrEqualTo(before + TimeSpan.FromHours(1)), "the Retry-After, not the 5-minute back-off");
    }
}
