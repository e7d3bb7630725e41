using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Signals.Detection;
using Signals.Matching;
using Signals.Storage;
using Signals.Tests.Storage;
using static Signals.Tests.Storage.Posts;

namespace Signals.Tests.Detection;

/// <summary>The whole catalogue watched: a day costs what the products people write about cost.</summary>
public sealed class CatalogueDetectionTests
{
    private string _dir = null!;
    private SqliteSignalStore _store = null!;
    private readonly CancellationToken _none = CancellationToken.None;
    private static readonly DateOnly Onset = new(2017, 7, 15);
    private static readonly Product[] Mentioned = [new("levothyroxine", ["levothyrox"]), new("metformin", ["metformin"])];
    private static readonly Product[] Unmentioned = Enumerable.Range(0, 500).Select(i => new Product($"unmentioned-{i:000}", [$"unmentioned{i}"])).ToArray();

    [SetUp]
    public async Task SetUp()
    {
        (_store, _dir) = await TempSqliteStore.CreateAsync();
        await _store.AddPostsAsync(Seed(), _none);
    }

    [TearDown]
    public void TearDown() => TempSqliteStore.Delete(_dir);

    private static DateTimeOffset At(DateOnly day) => new(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

    private static DetectionRunner Runner(IEnumerable<Product> products, ISignalStore store) =>
        new(new ProductCatalog(products.ToList()), store, Options.Create(new DetectionOptions()), TimeProvider.System, NullLogger<DetectionRunner>.Instance);

    [Test]
    public async Task A_product_nobody_wrote_about_is_judged_without_reading_its_history()
    {
        var reads = new ConcurrentBag<string>();
        var counted = ReadCounter.Wrap(_store, reads);
        var opened = new List<(string, string?, DateOnly)>();
        for (var d = -3; d < 5; d++)
            opened.AddRange((await Runner([.. Mentioned, .. Unmentioned], counted).RunForDayAsync(Onset.AddDays(d), _none)).Select(a => (a.Product, a.Event, a.FirstDay)));

        Assert.That(reads.Where(p => p.StartsWith("unmentioned", StringComparison.Ordinal)), Is.Empty, "no history read for a product without posts");
        Assert.That(reads, Does.Contain("levothyroxine").And.Contain("metformin"));
        Assert.That(opened, Does.Contain(("levothyroxine", (string?)null, Onset)).And.Contain(("levothyroxine", (string?)"alopecia", Onset)));
        Assert.That(opened.Select(a => a.Item1), Has.None.StartWith("unmentioned"));
    }

    [Test]
    public async Task The_catalogue_raises_exactly_the_alerts_of_the_products_people_wrote_about()
    {
        var (otherStore, otherDir) = await TempSqliteStore.CreateAsync();
        try
        {
            await otherStore.AddPostsAsync(Seed(), _none);
            for (var d = -3; d < 5; d++)
            {
                await Runner([.. Mentioned, .. Unmentioned], _store).RunForDayAsync(Onset.AddDays(d), _none);
                await Runner(Mentioned, otherStore).RunForDayAsync(Onset.AddDays(d), _none);
            }
            var catalogue = (await _store.ListAlertsAsync(_none)).Select(a => (a.Product, a.Event, a.FirstDay, a.LastDay, a.Observed, a.Expected)).ToList();
            var watchList = (await otherStore.ListAlertsAsync(_none)).Select(a => (a.Product, a.Event, a.FirstDay, a.LastDay, a.Observed, a.Expected)).ToList();
            Assert.That(catalogue, Is.Not.Empty);
            Assert.That(catalogue, Is.EqualTo(watchList));
        }
        finally
        {
            TempSqliteStore.Delete(otherDir);
        }
    }

    [Test]
    public async Task An_open_episode_is_closed_even_when_its_product_has_no_posts_left_in_the_window()
    {
        var runner = Runner([.. Mentioned, .. Unmentioned], _store);
        for (var d = 0; d < 5; d++) await runner.RunForDayAsync(Onset.AddDays(d), _none);
        Assert.That((await _store.ListAlertsAsync(_none)).Where(a => a.Product == "levothyroxine").Select(a => a.ClosedOn), Has.All.Null);

        await runner.RunForDayAsync(Onset.AddDays(120), _none); // months later: nobody writes about it any more

        var episodes = (await _store.ListAlertsAsync(_none)).Where(a => a.Product == "levothyroxine").ToList();
        Assert.That(episodes, Is.Not.Empty);
        Assert.That(episodes.Select(a => a.ClosedOn), Has.All.EqualTo(Onset.AddDays(4 + new DetectionOptions().EpisodeQuietDays + 1)));
    }

    /// <summary>Levothyroxine quiet for 90 days, then a surge naming hair loss; metformin steady at one author a day.</summary>
    private static List<ScoredPost> Seed()
    {
        var posts = new List<ScoredPost>();
        for (var d = -90; d < 0; d++)
            if (d % 4 == 0) posts.Add(Scored($"b{d}", $"regular{d % 3}", At(Onset.AddDays(d))));
        for (var d = 0; d < 5; d++)
            for (var a = 0; a < 5 + 5 * d; a++) posts.Add(Scored($"s{d}-{a}", $"patient{d}-{a}", At(Onset.AddDays(d)), events: ["alopecia"]));
        for (var d = -90; d < 5; d++)
            posts.Add(Scored($"m{d}", $"m{d}", At(Onset.AddDays(d)), product: "metformin"));
        return posts;
    }

    /// <summary>The real store, noting the product of every history read (daily counts, volume, episodes).</summary>
    public class ReadCounter : DispatchProxy
    {
        private ISignalStore _inner = null!;
        private ConcurrentBag<string> _reads = null!;

        public static ISignalStore Wrap(ISignalStore inner, ConcurrentBag<string> reads)
        {
            var proxy = Create<ISignalStore, ReadCounter>();
            var counter = (ReadCounter)(object)proxy;
            counter._inner = inner;
            counter._reads = reads;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method!.Name is nameof(ISignalStore.GetDailyCountsAsync) or nameof(ISignalStore.GetDailyMentionCountsAsync)
                or nameof(ISignalStore.GetProductAlertsAsync) or nameof(ISignalStore.GetActiveEventsAsync) or nameof(ISignalStore.GetLatestAlertAsync))
                _reads.Add((string)args![0]!);
            try
            {
                return method.Invoke(_inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                throw ex.InnerException;
            }
        }
    }
}
