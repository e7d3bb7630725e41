using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Signals.Alerts;
using Signals.Classification;
using Signals.Feeds;
using Signals.Health;
using Signals.Storage;
using Signals.Tests.Ingestion;
using Signals.Tests.Storage;

namespace Signals.Tests.Feeds;

/// <summary>
/// Sources that misbehave on purpose, on loopback through the production HTTP client: a server that drips its answer, a
/// broken feed beside a healthy one on the same host and port, a host that refuses connections, a listing that ignores
/// its cursor. Each stays with its own feed, ends in bounded time and says why.
/// </summary>
[Parallelizable(ParallelScope.Self)] // waits on real time; see Parallelism.cs
public sealed class HostileSourceTests
{
    private static readonly AdverseEventClassifier Classifier = new(Path.Combine(TestPaths.RepoRoot, "models", "adverse-event.zip"));
    private readonly CancellationToken _none = CancellationToken.None;
    private byte[] _atom = null!;
    private string? _dir;
    private SqliteSignalStore _store = null!;
    private ServiceProvider? _services;

    [SetUp]
    public async Task SetUp()
    {
        _atom = await File.ReadAllBytesAsync(TestPaths.Shared("data/feeds-rss-atom/small_atom.xml"));
        (_store, _dir) = await TempSqliteStore.CreateAsync();
    }

    [TearDown]
    public void TearDown()
    {
        _services?.Dispose();
        if (_dir is not null) TempSqliteStore.Delete(_dir); // null when SetUp stopped early (no ../shared: the test is not run)
    }

    private IServiceProvider Http(Action<FeedsOptions>? configure = null)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddOptions<FeedsOptions>().Configure(o =>
        {
            o.RetryDelay = TimeSpan.Zero;
            o.Retries = 1;
            o.AttemptTimeout = TimeSpan.FromSeconds(5);
            o.RequestTimeout = TimeSpan.FromSeconds(20);
            configure?.Invoke(o);
        });
        services.AddSignalsFeedHttp();
        _services = services.BuildServiceProvider();
        return _services;
    }

    private static IOptions<FeedsOptions> Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<FeedsOptions>>();
    private static RssAtomReader Rss(IServiceProvider sp) => new(sp.GetRequiredService<IHttpClientFactory>(), Options(sp), TimeProvider.System);

    private FeedRefresher Refresher(IServiceProvider sp, IFeedReader reader, Microsoft.Extensions.Logging.ILogger<FeedRefresher>? logger = null, SignalsMetrics? metrics = null) =>
        new([reader], ShippedIngestor.For(_store, Classifier), _store, Options(sp), TimeProvider.System, logger ?? NullLogger<FeedRefresher>.Instance, metrics);

    private static FeedDefinition Feed(string name, string url, string type = "atom", int seconds = 600) =>
        new() { Name = name, Type = type, Location = url, Interval = TimeSpan.FromSeconds(seconds) };

    private ReadinessCheck Readiness() => new(_store, Classifier, Microsoft.Extensions.Options.Options.Create(new HealthOptions { FeedErrorLimit = 1 }),
        Microsoft.Extensions.Options.Options.Create(new EmailOptions()));

    /// <summary>Answers /drip with headers at once, then one byte every 2 s for as long as the client listens; anything else with the Atom feed.</summary>
    private LoopbackHttpServer DripServer(CancellationToken stop) => new(async (request, response) =>
    {
        if (request.Url!.AbsolutePath != "/drip")
        {
            response.ContentType = "application/atom+xml";
            await response.OutputStream.WriteAsync(_atom);
            return;
        }
        response.ContentType = "application/atom+xml";
        response.SendChunked = true;
        foreach (var b in _atom)
        {
            await response.OutputStream.WriteAsync(new[] { b }, stop);
            await response.OutputStream.FlushAsync(stop);
            await Task.Delay(TimeSpan.FromSeconds(2), stop);
        }
    });

    [Test]
    public async Task A_server_dripping_its_body_is_abandoned_at_the_request_timeout()
    {
        using var stop = new CancellationTokenSource();
        using var server = DripServer(stop.Token);
        var sp = Http(o => { o.AttemptTimeout = TimeSpan.FromSeconds(2); o.RequestTimeout = TimeSpan.FromSeconds(3); });
        var started = Stopwatch.GetTimestamp();

        var read = Rss(sp).ReadAsync(Feed("drip", server.Url("drip")), null, _none);
        var ex = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(30))) == read
            ? await Assert.CatchAsync<FeedException>(() => read)
            : null;
        await stop.CancelAsync();

        Assert.That(ex, Is.Not.Null, "the read returned at all (within 30 s)");
        Assert.That(ex!.Message, Does.Contain("drip").And.Contain("timed out").And.Contain("RequestTimeout"));
        Assert.That(Stopwatch.GetElapsedTime(started), Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public async Task Fetch_of_a_dripping_server_returns_with_an_error_naming_the_feed()
    {
        using var stop = new CancellationTokenSource();
        using var server = DripServer(stop.Token);
        var worker = new EndToEnd.WorkerProcess(_dir!);
        worker.Environment["Signals__Feeds__RequestTimeout"] = "00:00:03";
        worker.Environment["Signals__Feeds__AttemptTimeout"] = "00:00:02";

        var run = worker.RunAsync("fetch", "--type", "atom", "--url", server.Url("drip"));
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60))) == run;
        await stop.CancelAsync();

        Assert.That(finished, Is.True, "fetch returned within 60 s");
        var (exit, _, stderr) = await run;
        Assert.That(exit, Is.EqualTo(69), stderr);
        Assert.That(stderr, Does.Contain("timed out"));
    }

    [Test]
    public async Task A_dripping_feed_does_not_hold_back_a_healthy_feed_due_every_10_s_on_the_same_host()
    {
        using var stop = new CancellationTokenSource();
        using var server = DripServer(stop.Token);
        var sp = Http(o => { o.SchedulerTick = TimeSpan.FromSeconds(1); o.RequestTimeout = TimeSpan.FromSeconds(60); });
        var healthy = Feed("healthy", server.Url("healthy"), seconds: 10);
        var polling = new FeedPollingService(new FeedCatalog([Feed("drip", server.Url("drip")), healthy]), Refresher(sp, Rss(sp)), _store,
            new LeaseOwner(), Options(sp), TimeProvider.System, NullLogger<FeedPollingService>.Instance);

        await polling.StartAsync(_none);
        await Task.Delay(TimeSpan.FromSeconds(27));
        await stop.CancelAsync();
        await polling.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);

        int healthyReads;
        lock (server.Requests) healthyReads = server.Requests.Count(r => r.Url!.AbsolutePath == "/healthy");
        Assert.That(healthyReads, Is.GreaterThanOrEqualTo(3), "read at about 0, 10 and 20 s while the drip feed hangs");
    }

    [Test]
    public async Task A_failing_feed_does_not_pause_a_healthy_feed_on_the_same_host_and_port()
    {
        using var server = new LoopbackHttpServer(async (request, response) =>
        {
            if (request.Url!.AbsolutePath == "/broken") { response.StatusCode = 500; return; }
            response.ContentType = "application/atom+xml";
            await response.OutputStream.WriteAsync(_atom);
        });
        var reader = Rss(Http());
        var broken = Feed("broken", server.Url("broken"));

        for (var i = 0; i < 4; i++) await Assert.CatchAsync<FeedException>(() => reader.ReadAsync(broken, null, _none));
        var paused = await Assert.CatchAsync<FeedException>(() => reader.ReadAsync(broken, null, _none));
        var good = await reader.ReadAsync(Feed("good", server.Url("good")), null, _none);

        Assert.That(paused!.Message, Does.Contain("circuit open"), "the broken feed's own breaker opened");
        Assert.That(good.Posts, Has.Count.EqualTo(20), "its neighbour on the same host and port is read");
    }

    [Test]
    public async Task An_open_circuit_keeps_the_first_cause_in_the_feed_error_the_log_and_readiness()
    {
        var sp = Http();
        var logs = new ListLogger<FeedRefresher>();
        var refresher = Refresher(sp, Rss(sp), logs);
        var feed = Feed("dead", $"http://127.0.0.1:{LoopbackHttpServer.FreePort()}/feed"); // nothing listens there

        await refresher.RefreshAsync(feed, _none);
        var first = (await _store.GetFeedStateAsync("dead", _none))!.LastError;
        FeedState? state = null;
        for (var i = 0; i < 5 && state?.LastError?.Contains("circuit open") != true; i++)
        {
            await refresher.RefreshAsync(feed, _none);
            state = await _store.GetFeedStateAsync("dead", _none);
        }

        Assert.That(first, Does.Contain("Connection refused"));
        Assert.That(state!.LastError, Does.Contain("circuit open").And.Contain("Connection refused"));
        Assert.That(logs.Messages.Last(), Does.Contain("circuit open").And.Contain("Connection refused"));
        var feeds = (await Readiness().RunAsync(_none)).Single(c => c.Name == "feeds");
        Assert.That(feeds.Detail, Does.Contain("circuit open").And.Contain("Connection refused"));
    }

    [Test]
    public async Task A_listing_that_ignores_its_cursor_is_read_twice_at_most_counted_once_and_shown_degraded()
    {
        static string Child(int i) =>
            $$$"""{"kind":"t3","data":{"name":"t3_{{{1000 - i}}}","subreddit":"Hypothyroidism","created_utc":1500534000,"title":"Levothyrox day {{{i}}}","selftext":"","author":"u{{{i}}}","permalink":"/r/x/{{{i}}}"}}""";
        var page = Encoding.UTF8.GetBytes($$$"""{"kind":"Listing","data":{"children":[{{{string.Join(",", Enumerable.Range(0, RedditReader.PageSize).Select(Child))}}}]}}""");
        using var server = new LoopbackHttpServer(async (_, response) =>
        {
            response.ContentType = "application/json"; // the same newest page whatever before= asks for: a cache in the way
            await response.OutputStream.WriteAsync(page);
        });
        var sp = Http();
        var logs = new ListLogger<FeedRefresher>();
        using var metrics = new SignalsMetrics();
        long fetched = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == SignalsMetrics.MeterName && instrument.Name == "signals_posts_fetched") l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref fetched, value));
        listener.Start();
        var refresher = Refresher(sp, new RedditReader(sp.GetRequiredService<IHttpClientFactory>(), Options(sp)), logs, metrics);
        await _store.SaveFeedStateAsync(new FeedState("reddit", "t3_1", 0, null, null, null), _none); // read before: it has a cursor

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await refresher.RefreshAsync(Feed("reddit", server.Url("r/Hypothyroidism/new.json"), "reddit"), bound.Token);

        Assert.That(server.RequestCount, Is.LessThanOrEqualTo(2));
        Assert.That(Interlocked.Read(ref fetched), Is.EqualTo(RedditReader.PageSize), "each post counted once");
        Assert.That(logs.Messages, Has.Some.StartsWith("Warning").And.Contains("paging stopped"));
        var state = await _store.GetFeedStateAsync("reddit", _none);
        Assert.That(state!.ErrorCount, Is.Zero, "the posts were read: not a failure");
        Assert.That(state.LastError, Does.StartWith("degraded: paging stopped"));
        Assert.That(state.NextCheckAt, Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(5)), "not due again at once");
        var feeds = (await Readiness().RunAsync(_none)).Single(c => c.Name == "feeds");
        Assert.That(feeds.Detail, Does.Contain("reddit degraded: paging stopped"));
    }
}
