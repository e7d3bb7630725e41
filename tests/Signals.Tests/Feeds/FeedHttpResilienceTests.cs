using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Signals.Feeds;

namespace Signals.Tests.Feeds;

/// <summary>
/// The production feed HTTP client (<see cref="FeedHttp"/>) against misbehaving servers on
/// loopback serving a recorded real feed: 429 with Retry-After, 500 bursts, a hanging server,
/// a dead host next to a live one, and many feeds of one host due at once.
/// </summary>
public sealed class FeedHttpResilienceTests
{
    private byte[] _atom = null!;
    private ServiceProvider? _services;

    [SetUp]
    public async Task SetUp() => _atom = await File.ReadAllBytesAsync(TestPaths.Shared("data/feeds-rss-atom/small_atom.xml"));

    [TearDown]
    public void TearDown() => _services?.Dispose();

    private RssAtomReader Reader(Action<FeedsOptions>? configure = null)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddOptions<FeedsOptions>().Configure(o =>
        {
            o.RetryDelay = TimeSpan.FromMilliseconds(50);
            o.AttemptTimeout = TimeSpan.FromSeconds(5);
            o.RequestTimeout = TimeSpan.FromSeconds(20);
            configure?.Invoke(o);
        });
        services.AddSignalsFeedHttp();
        _services = services.BuildServiceProvider();
        return new RssAtomReader(_services.GetRequiredService<IHttpClientFactory>(), _services.GetRequiredService<IOptions<FeedsOptions>>(), TimeProvider.System);
    }

    private static FeedDefinition Feed(string url, string name = "loopback") => new() { Name = name, Type = "atom", Location = url };

    private Task Atom(System.Net.HttpListenerResponse response)
    {
        response.ContentType = "application/atom+xml";
        return response.OutputStream.WriteAsync(_atom).AsTask();
    }

    [Test]
    public async Task Too_many_requests_is_retried_after_the_wait_the_server_asked_for()
    {
        var times = new List<long>();
        using var server = new LoopbackHttpServer((_, response) =>
        {
            lock (times) times.Add(Stopwatch.GetTimestamp());
            if (times.Count == 1) { response.StatusCode = 429; response.Headers["Retry-After"] = "2"; return Task.CompletedTask; }
            return Atom(response);
        });

        var result = await Reader().ReadAsync(Feed(server.Url("feed")), null, CancellationToken.None);

        Assert.That(result.Posts, Has.Count.EqualTo(20));
        Assert.That(times, Has.Count.EqualTo(2));
        Assert.That(Stopwatch.GetElapsedTime(times[0], times[1]), Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1.9)), "the retry waits the Retry-After, not the 50 ms back-off");
    }

    [Test]
    public async Task A_long_retry_after_ends_the_read_at_once_and_the_feed_waits_that_long()
    {
        using var server = new LoopbackHttpServer((_, response) =>
        {
            response.StatusCode = 503;
            response.Headers["Retry-After"] = "3600";
            return Task.CompletedTask;
        });
        var started = Stopwatch.GetTimestamp();

        var ex = await Assert.ThrowsAsync<FeedException>(() => Reader().ReadAsync(Feed(server.Url("feed")), null, CancellationToken.None));

        Assert.That(Stopwatch.GetElapsedTime(started), Is.LessThan(TimeSpan.FromSeconds(10)), "not held open for an hour");
        Assert.That(server.RequestCount, Is.EqualTo(1), "not retried in the request");
        Assert.That(ex!.RetryAfter, Is.EqualTo(TimeSpan.FromHours(1)));
        Assert.That(ex.Message, Does.Contain(server.Url("feed")).And.Contain("503"));
    }

    [Test]
    public async Task A_burst_of_server_errors_is_retried_through()
    {
        using var server = new LoopbackHttpServer((_, response) =>
        {
            if (Interlocked.Increment(ref _burst) <= 2) { response.StatusCode = 500; return Task.CompletedTask; }
            return Atom(response);
        });

        var result = await Reader().ReadAsync(Feed(server.Url("feed")), null, CancellationToken.None);

        Assert.That(result.Posts, Has.Count.EqualTo(20));
        Assert.That(server.RequestCount, Is.EqualTo(3));
    }

    private int _burst;

    [Test]
    public async Task Lasting_server_errors_end_as_an_error_naming_the_url_after_the_retries()
    {
        using var server = new LoopbackHttpServer((_, response) => { response.StatusCode = 502; return Task.CompletedTask; });

        var ex = await Assert.ThrowsAsync<FeedException>(() => Reader(o => o.Retries = 2).ReadAsync(Feed(server.Url("feed")), null, CancellationToken.None));

        Assert.That(server.RequestCount, Is.EqualTo(3));
        Assert.That(ex!.Message, Does.Contain(server.Url("feed")).And.Contain("502"));
    }

    [Test]
    public async Task A_hanging_server_times_out_with_an_error_naming_the_feed()
    {
        using var release = new CancellationTokenSource();
        using var server = new LoopbackHttpServer(async (_, response) =>
        {
            try { await Task.Delay(TimeSpan.FromSeconds(30), release.Token); } catch (OperationCanceledException) { }
            await Atom(response);
        });
        var started = Stopwatch.GetTimestamp();

        var ex = await Assert.ThrowsAsync<FeedException>(() => Reader(o =>
        {
            o.AttemptTimeout = TimeSpan.FromMilliseconds(300);
            o.RequestTimeout = TimeSpan.FromSeconds(2);
            o.Retries = 1;
        }).ReadAsync(Feed(server.Url("slow"), "slow-forum"), null, CancellationToken.None));
        release.Cancel();

        Assert.That(Stopwatch.GetElapsedTime(started), Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(server.RequestCount, Is.EqualTo(2), "the attempt is abandoned and retried once");
        Assert.That(ex!.Message, Does.Contain("slow-forum").And.Contain(server.Url("slow")).And.Contain("timed out"));
    }

    [Test]
    public async Task Requests_in_flight_are_capped_per_host_not_overall()
    {
        var inFlight = new Dictionary<int, int>();
        var peak = new Dictionary<int, int>();
        LoopbackHttpServer Server(int id) => new(async (_, response) =>
        {
            lock (peak) { inFlight[id] = inFlight.GetValueOrDefault(id) + 1; peak[id] = Math.Max(peak.GetValueOrDefault(id), inFlight[id]); }
            await Task.Delay(300);
            lock (peak) inFlight[id]--;
            await Atom(response);
        });
        using var forum = Server(1);
        using var news = Server(2);
        var reader = Reader(o => o.MaxRequestsPerHost = 2);

        var reads = Enumerable.Range(0, 6).SelectMany(i => new[] { forum.Url($"tag{i}"), news.Url($"topic{i}") })
            .Select(url => reader.ReadAsync(Feed(url), null, CancellationToken.None));
        var results = await Task.WhenAll(reads);

        Assert.That(results, Has.All.Matches<FeedReadResult>(r => r!.Posts.Count == 20));
        Assert.That(peak[1], Is.EqualTo(2), "six feeds of one host, at most two requests at a time");
        Assert.That(peak[2], Is.EqualTo(2), "the cap is per host: the other host had its own two");
    }

    [Test]
    public async Task A_failing_feed_is_paused_while_another_host_is_still_read()
    {
        // The breaker is per feed (issue 17 J): a feed that keeps failing is left alone; other feeds, of this host
        // (FeedHttpTests/HostileSourceTests) or of another, are read as usual.
        using var dead = new LoopbackHttpServer((_, response) => { response.StatusCode = 500; return Task.CompletedTask; });
        using var live = new LoopbackHttpServer((_, response) => Atom(response));
        var reader = Reader(o => { o.Retries = 1; o.CircuitBreakDuration = TimeSpan.FromMinutes(5); });

        for (var i = 0; i < 6; i++)
            await Assert.ThrowsAsync<FeedException>(() => reader.ReadAsync(Feed(dead.Url("failing"), "failing"), null, CancellationToken.None));
        var requestsBefore = dead.RequestCount;
        var paused = await Assert.ThrowsAsync<FeedException>(() => reader.ReadAsync(Feed(dead.Url("failing"), "failing"), null, CancellationToken.None));
        var alive = await reader.ReadAsync(Feed(live.Url("feed"), "live"), null, CancellationToken.None);

        Assert.That(paused!.Message, Does.Contain("circuit open").And.Contain(dead.Url("failing")));
        Assert.That(dead.RequestCount, Is.EqualTo(requestsBefore), "the paused feed is not called");
        Assert.That(alive.Posts, Has.Count.EqualTo(20));
    }
}
