using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Signals.Classification;
using Signals.Feeds;
using Signals.Ingestion;
using Signals.Matching;
using Signals.Storage;
using Signals.Tests.Storage;

namespace Signals.Tests.Feeds;

/// <summary>The refresher and scheduler with real readers, a real store and the shipped model; time is faked.</summary>
public sealed class FeedRefresherTests
{
    private string _dir = null!;
    private SqliteSignalStore _store = null!;
    private FakeTimeProvider _time = null!;
    private FeedRefresher _refresher = null!;
    private readonly CancellationToken _none = CancellationToken.None;

    [SetUp]
    public async Task SetUp()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2017, 7, 20, 8, 0, 0, TimeSpan.Zero));
        (_store, _dir) = await TempSqliteStore.CreateAsync(_time);
        _refresher = new FeedRefresher([new JsonLinesReader()], Signals.Tests.Ingestion.ShippedIngestor.For(_store), _store,
            Options.Create(new FeedsOptions { MaxBackoff = TimeSpan.FromHours(1) }), _time, NullLogger<FeedRefresher>.Instance);
    }

    [TearDown]
    public void TearDown()
    {
        TempSqliteStore.Delete(_dir);
    }

    private FeedDefinition Feed(string name, string file) => new() { Name = name, Type = "jsonl", Location = Path.Combine(_dir, file), Interval = TimeSpan.FromMinutes(10) };

    private static string Line(string id, string text) =>
        $$"""{"id":"{{id}}","author":"a{{id}}","createdAt":"2017-07-20T07:00:00Z","text":"{{text}}"}""";

    [Test]
    public async Task A_failing_feed_backs_off_and_records_its_error_while_the_others_go_on()
    {
        await File.WriteAllLinesAsync(Path.Combine(_dir, "good.jsonl"), [Line("1", "Levothyrox: je perds mes cheveux"), Line("2", "beach day")]);
        var good = Feed("good", "good.jsonl");
        var broken = Feed("broken", "missing.jsonl");
        var polling = new FeedPollingService(new FeedCatalog([broken, good]), _refresher, _store, new LeaseOwner(),
            Options.Create(new FeedsOptions()), _time, NullLogger<FeedPollingService>.Instance);

        await polling.RefreshDueFeedsAsync(_none);

        Assert.That(await _store.CountPostsAsync(_none), Is.EqualTo(1), "the good feed was read; the post about nothing watched stops at matching");
        var failed = await _store.GetFeedStateAsync("broken", _none);
        Assert.That(failed!.ErrorCount, Is.EqualTo(1));
        Assert.That(failed.LastError, Does.Contain("missing.jsonl"));
        Assert.That(failed.NextCheckAt, Is.EqualTo(_time.GetUtcNow() + TimeSpan.FromMinutes(10)));

        _time.Advance(TimeSpan.FromMinutes(10));
        await polling.RefreshDueFeedsAsync(_none);
        failed = await _store.GetFeedStateAsync("broken", _none);
        Assert.That(failed!.ErrorCount, Is.EqualTo(2));
        Assert.That(failed.NextCheckAt, Is.EqualTo(_time.GetUtcNow() + TimeSpan.FromMinutes(20)), "back-off doubles");

        await File.WriteAllLinesAsync(Path.Combine(_dir, "missing.jsonl"), [Line("3", "Euthyrox et crampes")]);
        _time.Advance(TimeSpan.FromMinutes(20));
        await polling.RefreshDueFeedsAsync(_none);
        var recovered = await _store.GetFeedStateAsync("broken", _none);
        Assert.That((recovered!.ErrorCount, recovered.LastError), Is.EqualTo((0, (string?)null)));
        Assert.That(await _store.CountPostsAsync(_none), Is.EqualTo(2));
    }

    [Test]
    public async Task Feed_not_due_yet_is_not_read()
    {
        var file = Path.Combine(_dir, "live.jsonl");
        await File.WriteAllLinesAsync(file, [Line("1", "Levothyrox: crampes")]);
        var polling = new FeedPollingService(new FeedCatalog([Feed("live", "live.jsonl")]), _refresher, _store, new LeaseOwner(),
            Options.Create(new FeedsOptions()), _time, NullLogger<FeedPollingService>.Instance);
        await polling.RefreshDueFeedsAsync(_none);

        await File.AppendAllLinesAsync(file, [Line("2", "Levothyrox: vertiges")]);
        _time.Advance(TimeSpan.FromMinutes(5));
        await polling.RefreshDueFeedsAsync(_none);
        Assert.That(await _store.CountPostsAsync(_none), Is.EqualTo(1));

        _time.Advance(TimeSpan.FromMinutes(5));
        await polling.RefreshDueFeedsAsync(_none);
        Assert.That(await _store.CountPostsAsync(_none), Is.EqualTo(2), "read from the cursor once due");
    }

    [TestCase(1, 10)]
    [TestCase(2, 20)]
    [TestCase(3, 40)]
    [TestCase(10, 60)]
    public void Backoff_doubles_per_failure_up_to_the_cap(int errors, int minutes) =>
        Assert.That(FeedRefresher.Backoff(TimeSpan.FromMinutes(10), errors, TimeSpan.FromHours(1)), Is.EqualTo(TimeSpan.FromMinutes(minutes)));

    [Test]
    public void Feed_list_with_an_unknown_type_is_refused_naming_the_file_and_feed()
    {
        var file = Path.Combine(_dir, "feeds.json");
        File.WriteAllText(file, """{ "feeds": [ { "name": "x", "type": "gopher", "location": "gopher://example.org" } ] }""");
        var ex = Assert.Throws<InvalidDataException>(() => FeedCatalog.Load(file, ["rss", "atom", "jsonl"]));
        Assert.That(ex!.Message, Does.Contain(file).And.Contain("'x'").And.Contain("gopher"));
    }

    [Test]
    public void Shipped_feed_list_is_valid()
    {
        // Every reader the worker registers (the types do not touch the readers' dependencies).
        IFeedReader[] readers = [new JsonLinesReader(), new RssAtomReader(null!, Options.Create(new FeedsOptions()), TimeProvider.System),
            new MastodonReader(null!, Options.Create(new FeedsOptions())), new RedditReader(null!, Options.Create(new FeedsOptions())),
            new BlueskyReader(null!, Options.Create(new FeedsOptions())), new JetstreamReader(Options.Create(new FeedsOptions()))];
        var types = readers.SelectMany(r => r.Types).ToList();
        Assert.That(FeedCatalog.Load(Path.Combine(TestPaths.RepoRoot, "config", "feeds.json"), types).Feeds, Is.Not.Empty);
        Assert.That(FeedCatalog.Load(Path.Combine(TestPaths.RepoRoot, "config", "feeds.example.json"), types).Feeds, Is.Not.Empty);
    }

    [Test]
    public async Task Default_feed_list_reads_the_bundled_demo_without_any_network()
    {
        var feeds = FeedCatalog.Load(Path.Combine(TestPaths.RepoRoot, "config", "feeds.json"), ["jsonl", "rss", "atom", "mastodon", "reddit", "bluesky", "jetstream"]).Feeds;
        Assert.That(feeds.Select(f => f.Type), Has.All.EqualTo("jsonl"), "no feed of the default list needs the internet");

        var demo = feeds.Single();
        var cwd = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(_dir); // not the repo root: the location is found beside the binary, where the build copies samples/
        try
        {
            var read = await new JsonLinesReader().ReadAsync(demo, null, _none);
            Assert.That(read.Posts, Is.Not.Empty);
            Assert.That(read.Problems, Is.Empty);
        }
        finally { Directory.SetCurrentDirectory(cwd); }
    }
}
