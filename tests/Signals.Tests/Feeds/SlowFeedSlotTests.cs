using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Signals.Classification;
using Signals.Feeds;
using Signals.Storage;
using Signals.Tests.Ingestion;
using Signals.Tests.Storage;

namespace Signals.Tests.Feeds;

/// <summary>
/// Issue 22, item 4: servers that drip their answers, on loopback through the production HTTP client and scheduler. A slow
/// read ends at its own deadline (headers, body and parsing together), and healthy feeds keep their interval.
/// </summary>
[Parallelizable(ParallelScope.Self)] // waits on real time; see Parallelism.cs
public sealed class SlowFeedSlotTests
{
    private static readonly AdverseEventClassifier Classifier = new(Path.Combine(TestPaths.RepoRoot, "models", "adverse-event.zip"));
    private string _dir = null!;
    private SqliteSignalStore _store = null!;
    private ServiceProvider? _services;

    [SetUp]
    public async Task SetUp() => (_store, _dir) = await TempSqliteStore.CreateAsync();

    [TearDown]
    public void TearDown()
    {
        _services?.Dispose();
        TempSqliteStore.Delete(_dir);
    }

    private IServiceProvider Http(Action<FeedsOptions> configure)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddOptions<FeedsOptions>().Configure(o => { o.RetryDelay = TimeSpan.Zero; o.Retries = 1; configure(o); });
        services.AddSignalsFeedHttp();
        _services = services.BuildServiceProvider();
        return _services;
    }

    private FeedRefresher Refresher(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<FeedsOptions>>();
        return new([new RssAtomReader(sp.GetRequiredService<IHttpClientFactory>(), options, TimeProvider.System)],
            ShippedIngestor.For(_store, Classifier), _store, options, TimeProvider.System, NullLogger<FeedRefresher>.Instance);
    }

    private static readonly byte[] Rss = Encoding.UTF8.GetBytes(FeedRoundThreeTests.Rss(("good-1", "Levothyrox: crampes")));

    /// <summary>Headers after <paramref name="headersAfter"/>, then one byte of the feed every second for as long as the client listens.</summary>
    private static LoopbackHttpServer Drip(TimeSpan headersAfter, CancellationToken stop) => new(async (_, response) =>
    {
        await Task.Delay(headersAfter, stop);
        response.ContentType = "application/rss+xml";
        response.SendChunked = true;
        await response.OutputStream.FlushAsync(stop);
        foreach (var b in Rss)
        {
            await response.OutputStream.WriteAsync(new[] { b }, stop);
            await response.OutputStream.FlushAsync(stop);
            await Task.Delay(TimeSpan.FromSeconds(1), stop);
        }
    });

    private static FeedDefinition Feed(string name, string url) => new() { Name = name, Type = "rss", Location = url, Interval = TimeSpan.FromSeconds(10) };

    [Test]
    public async Task A_read_ends_at_its_deadline_counted_from_its_start_not_from_its_headers()
    {
        using var stop = new CancellationTokenSource();
        using var server = Drip(TimeSpan.FromSeconds(6), stop.Token);
        var sp = Http(o => { o.AttemptTimeout = TimeSpan.FromSeconds(10); o.RequestTimeout = TimeSpan.FromSeconds(10); });
        var refresher = Refresher(sp); // the model and lexicons load before the clock starts
        var started = Stopwatch.GetTimestamp();

        var succeeded = await refresher.RefreshAsync(Feed("drip", server.Url("drip")), CancellationToken.None);

        var elapsed = Stopwatch.GetElapsedTime(started);
        await stop.CancelAsync();
        Assert.That(succeeded, Is.False);
        var error = (await _store.GetFeedStateAsync("drip", CancellationToken.None))!.LastError;
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(14)), "headers at 6 s, body cut at 10 s from the start, not at 6 + 10 s: " + error);
        Assert.That((await _store.GetFeedStateAsync("drip", CancellationToken.None))!.LastError, Does.Contain("timed out").And.Contain("RequestTimeout"));
    }

    [Test]
    public async Task Four_dripping_feeds_do_not_keep_a_healthy_feed_from_its_10_s_interval()
    {
        using var stop = new CancellationTokenSource();
        using var drips = Drip(TimeSpan.Zero, stop.Token);
        var healthyReads = new List<TimeSpan>();
        var clock = Stopwatch.StartNew();
        using var healthy = new LoopbackHttpServer(async (_, response) =>
        {
            lock (healthyReads) healthyReads.Add(clock.Elapsed);
            response.ContentType = "application/rss+xml";
            await response.OutputStream.WriteAsync(Rss);
        });
        // Four slots, four drips each holding one for the whole 15 s deadline and due again 10 s after.
        var sp = Http(o =>
        {
            o.SchedulerTick = TimeSpan.FromSeconds(1); o.MaxParallelFeeds = 4; o.MaxBackoff = TimeSpan.FromSeconds(10);
            o.AttemptTimeout = TimeSpan.FromSeconds(15); o.RequestTimeout = TimeSpan.FromSeconds(15); o.MaxRequestsPerHost = 8;
        });
        var feeds = Enumerable.Range(1, 4).Select(i => Feed($"drip-{i}", drips.Url($"drip/{i}"))).Append(Feed("healthy", healthy.Url("feed"))).ToList();
        var polling = new FeedPollingService(new FeedCatalog(feeds), Refresher(sp), _store, new LeaseOwner(), sp.GetRequiredService<IOptions<FeedsOptions>>(),
            TimeProvider.System, NullLogger<FeedPollingService>.Instance);

        await polling.StartAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(75));
        await stop.CancelAsync();
        await polling.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);

        List<TimeSpan> reads;
        lock (healthyReads) reads = [.. healthyReads];
        // The first round may find every slot taken by drips not yet known to drip; from the second read on, the interval holds.
        var gaps = reads.Zip(reads.Skip(1), (a, b) => (b - a).TotalSeconds).Skip(1).ToList();
        Assert.That(reads, Has.Count.GreaterThanOrEqualTo(5), string.Join(", ", reads.Select(r => r.TotalSeconds.ToString("0.0"))));
        Assert.That(gaps, Has.All.LessThan(13.5), "read every 10 s (+ the 1 s tick): " + string.Join(", ", reads.Select(r => r.TotalSeconds.ToString("0.0"))));
    }
}
