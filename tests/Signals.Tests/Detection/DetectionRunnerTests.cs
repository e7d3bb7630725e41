using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Signals.Alerts;
using Signals.Detection;
using Signals.Matching;
using Signals.Storage;
using static Signals.Tests.Storage.Posts;

namespace Signals.Tests.Detection;

public sealed class DetectionRunnerTests
{
    private string _dir = null!;
    private SqliteSignalStore _store = null!;
    private DetectionRunner _runner = null!;
    private readonly CancellationToken _none = CancellationToken.None;
    private static readonly DateOnly Onset = new(2017, 7, 15);

    [SetUp]
    public async Task SetUp()
    {
        _dir = TestPaths.TempDirectory();
        _store = new SqliteSignalStore(new StorageOptions { ConnectionString = $"Data Source={Path.Combine(_dir, "s.db")}" }, TimeProvider.System);
        await _store.MigrateAsync(_none);
        var catalog = new ProductCatalog([new Product("levothyroxine", ["levothyrox"]), new Product("metformin", ["metformin"])]);
        _runner = new DetectionRunner(catalog, _store, Options.Create(new DetectionOptions()), TimeProvider.System, NullLogger<DetectionRunner>.Instance);

        // 90 quiet days (a report every fourth day), then a surge of distinct authors; metformin steady at two a day.
        var posts = new List<ScoredPost>();
        for (var d = -90; d < 0; d++)
            if (d % 4 == 0) posts.Add(Scored($"b{d}", $"regular{d % 3}", At(Onset.AddDays(d))));
        for (var d = 0; d < 5; d++)
            for (var a = 0; a < 5 + 5 * d; a++) posts.Add(Scored($"s{d}-{a}", $"patient{d}-{a}", At(Onset.AddDays(d))));
        for (var d = -90; d < 5; d++)
            for (var a = 0; a < 2; a++) posts.Add(Scored($"m{d}-{a}", $"m{d}-{a}", At(Onset.AddDays(d)), product: "metformin"));
        await _store.AddPostsAsync(posts, _none);
    }

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static DateTimeOffset At(DateOnly day) => new(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

    [Test]
    public async Task A_surge_opens_one_episode_that_later_days_extend()
    {
        Assert.That(await _runner.RunForDayAsync(Onset.AddDays(-1), _none), Is.Empty, "quiet day");
        var opened = await _runner.RunForDayAsync(Onset, _none);
        Assert.That(opened.Select(a => (a.Product, a.FirstDay, a.Observed)), Is.EqualTo(new[] { ("levothyroxine", Onset, 5) }));
        Assert.That(opened[0].Expected, Is.GreaterThan(0.1).And.LessThan(0.5), "about one report every fourth day");

        for (var d = 1; d < 5; d++) Assert.That(await _runner.RunForDayAsync(Onset.AddDays(d), _none), Is.Empty, "the episode is extended, not reopened");

        var alerts = await _store.ListAlertsAsync(_none);
        Assert.That(alerts, Has.Count.EqualTo(1));
        Assert.That(alerts[0].LastDay, Is.EqualTo(Onset.AddDays(4)));
        Assert.That(alerts[0].Observed, Is.EqualTo(25), "the episode keeps its peak day");
        Assert.That(alerts[0].Status, Is.EqualTo(AlertStatus.Pending), "written to the outbox, not sent by detection");
    }

    [Test]
    public async Task Judging_the_same_days_again_changes_nothing()
    {
        for (var d = 0; d < 5; d++) await _runner.RunForDayAsync(Onset.AddDays(d), _none);
        var before = await _store.ListAlertsAsync(_none);
        for (var d = 0; d < 5; d++) Assert.That(await _runner.RunForDayAsync(Onset.AddDays(d), _none), Is.Empty);
        Assert.That(await _store.ListAlertsAsync(_none), Is.EqualTo(before));
    }

    [Test]
    public async Task A_flat_product_never_alarms()
    {
        for (var d = -1; d < 5; d++) await _runner.RunForDayAsync(Onset.AddDays(d), _none);
        Assert.That((await _store.ListAlertsAsync(_none)).Where(a => a.Product == "metformin"), Is.Empty);
    }
}
