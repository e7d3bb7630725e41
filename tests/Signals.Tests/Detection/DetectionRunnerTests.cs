using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Signals.Alerts;
using Signals.Classification;
using Signals.Detection;
using Signals.Matching;
using Signals.Storage;
using Signals.Tests.Storage;
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
        (_store, _dir) = await TempSqliteStore.CreateAsync();
        var catalog = new ProductCatalog([new Product("levothyroxine", ["levothyrox"]), new Product("metformin", ["metformin"])]);
        _runner = new DetectionRunner(catalog, _store, Options.Create(new DetectionOptions()), TimeProvider.System, NullLogger<DetectionRunner>.Instance);

        // 90 quiet days (a report every fourth day), then a surge of distinct authors; metformin steady at two a day,
        // whose posts name hair loss instead of fatigue from the onset on: a flat product with one rising event.
        var posts = new List<ScoredPost>();
        for (var d = -90; d < 0; d++)
            if (d % 4 == 0) posts.Add(Scored($"b{d}", $"regular{d % 3}", At(Onset.AddDays(d))));
        for (var d = 0; d < 5; d++)
            for (var a = 0; a < 5 + 5 * d; a++) posts.Add(Scored($"s{d}-{a}", $"patient{d}-{a}", At(Onset.AddDays(d))));
        for (var d = -90; d < 5; d++)
            for (var a = 0; a < 2; a++)
                posts.Add(Scored($"m{d}-{a}", $"m{d}-{a}", At(Onset.AddDays(d)), product: "metformin", events: d < 0 ? ["fatigue"] : ["alopecia"]));
        await _store.AddPostsAsync(posts, _none);
    }

    [TearDown]
    public void TearDown()
    {
        TempSqliteStore.Delete(_dir);
    }

    private static DateTimeOffset At(DateOnly day) => new(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

    [Test]
    public async Task A_surge_opens_one_episode_that_later_days_extend()
    {
        Assert.That(await _runner.RunForDayAsync(Onset.AddDays(-1), _none), Is.Empty, "quiet day");
        var opened = (await _runner.RunForDayAsync(Onset, _none)).Where(a => a.Event is null).ToList();
        Assert.That(opened.Select(a => (a.Product, a.FirstDay, a.Observed)), Is.EqualTo(new[] { ("levothyroxine", Onset, 5) }));
        Assert.That(opened[0].Expected, Is.GreaterThan(0.1).And.LessThan(0.5), "about one report every fourth day");

        for (var d = 1; d < 5; d++)
            Assert.That((await _runner.RunForDayAsync(Onset.AddDays(d), _none)).Where(a => a.Product == "levothyroxine" && a.Event is null), Is.Empty,
                "the episode is extended, not reopened");

        var alerts = (await _store.ListAlertsAsync(_none)).Where(a => a.Product == "levothyroxine" && a.Event is null).ToList();
        Assert.That(alerts, Has.Count.EqualTo(1));
        Assert.That(alerts[0].LastDay, Is.EqualTo(Onset.AddDays(4)));
        Assert.That(alerts[0].Observed, Is.EqualTo(25), "the episode keeps its peak day");
        Assert.That(alerts[0].Status, Is.EqualTo(AlertStatus.Pending), "written to the outbox, not sent by detection");
    }

    private DetectionRunner Runner(DetectionOptions options) =>
        new(new ProductCatalog([new Product("levothyroxine", ["levothyrox"]), new Product("metformin", ["metformin"])]), _store,
            Options.Create(options), TimeProvider.System, NullLogger<DetectionRunner>.Instance);

    /// <summary>A second burst five quiet days after the surge's last day; returns levothyroxine's episodes after judging every day.</summary>
    private async Task<List<(DateOnly First, DateOnly Last)>> EpisodesWithALateBurstAsync(DetectionRunner runner)
    {
        await _store.AddPostsAsync(Enumerable.Range(0, 10).Select(a => Scored($"late-{a}", $"late-{a}", At(Onset.AddDays(10)))).ToList(), _none);
        for (var d = 0; d <= 10; d++) await runner.RunForDayAsync(Onset.AddDays(d), _none);
        return (await _store.ListAlertsAsync(_none)).Where(a => a.Product == "levothyroxine" && a.Event is null).Select(a => (a.FirstDay, a.LastDay)).ToList();
    }

    [Test]
    public async Task A_burst_within_the_quiet_days_extends_the_episode() =>
        Assert.That(await EpisodesWithALateBurstAsync(_runner), Is.EqualTo(new[] { (Onset, Onset.AddDays(10)) }), "5 quiet days < the default 14");

    [Test]
    public async Task A_product_with_its_own_quiet_days_closes_its_episodes_sooner()
    {
        var options = new DetectionOptions { Products = { ["levothyroxine"] = new ProductDetectionOptions { EpisodeQuietDays = 3 } } };
        Assert.That(await EpisodesWithALateBurstAsync(Runner(options)), Is.EqualTo(new[] { (Onset, Onset.AddDays(4)), (Onset.AddDays(10), Onset.AddDays(10)) }),
            "after 3 quiet days the episode had closed: the burst opens a new one");
    }

    [Test]
    public async Task A_product_s_own_threshold_applies_to_it_and_its_events_only()
    {
        // The onset's 5 authors against 0.25 expected score about 5: alarming at 3, not at 10; the next days' 10 and 15 do.
        var runner = Runner(new DetectionOptions { Products = { ["levothyroxine"] = new ProductDetectionOptions { Threshold = 10 } } });
        for (var d = 0; d < 5; d++) await runner.RunForDayAsync(Onset.AddDays(d), _none);
        var alerts = await _store.ListAlertsAsync(_none);
        Assert.That(alerts.Where(a => a.Product == "levothyroxine").Min(a => a.FirstDay), Is.GreaterThan(Onset));
        Assert.That(alerts.Where(a => a.Product == "levothyroxine"), Has.All.Matches<Alert>(a => a!.Score >= 10), "its events too");
        Assert.That(alerts.Where(a => a.Product == "metformin").Select(a => a.Event), Is.EqualTo(new[] { "alopecia" }), "metformin keeps the section's threshold");
    }

    [Test]
    public async Task With_volume_normalisation_a_product_whose_mentions_double_at_a_constant_share_stays_silent()
    {
        // Ibuprofen: 20 authors a day of other posts and 4 of adverse-event reports; from the onset 40 and 8 (the platform grew).
        var posts = new List<ScoredPost>();
        for (var d = -90; d < 5; d++)
            for (var a = 0; a < (d < 0 ? 24 : 48); a++)
                posts.Add(Scored($"i{d}-{a}", $"i{d}-{a}", At(Onset.AddDays(d)), a % 6 == 0 ? PostCategory.AdverseEvent : PostCategory.Other, product: "ibuprofen"));
        await _store.AddPostsAsync(posts, _none);
        var catalog = new ProductCatalog([new Product("ibuprofen", ["ibuprofen"])]);
        async Task<List<Alert>> JudgeAsync(DetectionOptions options)
        {
            var runner = new DetectionRunner(catalog, _store, Options.Create(options), TimeProvider.System, NullLogger<DetectionRunner>.Instance);
            var opened = new List<Alert>();
            for (var d = 0; d < 5; d++) opened.AddRange(await runner.RunForDayAsync(Onset.AddDays(d), _none));
            return opened.Where(a => a.Event is null).ToList();
        }

        var shares = await JudgeAsync(new DetectionOptions { NormalizeByVolume = true });
        Assert.That(shares, Is.Empty, "a sixth of the mentions, before and after");
        var raw = await JudgeAsync(new DetectionOptions());
        Assert.That(raw.Select(a => a.Product), Is.EqualTo(new[] { "ibuprofen" }), "on raw counts, twice the reports is an alert");
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
    public async Task A_flat_product_never_alarms_but_an_event_rising_within_it_does()
    {
        for (var d = -1; d < 5; d++) await _runner.RunForDayAsync(Onset.AddDays(d), _none);
        var metformin = (await _store.ListAlertsAsync(_none)).Where(a => a.Product == "metformin").ToList();
        Assert.That(metformin.Where(a => a.Event is null), Is.Empty, "two authors a day, every day");
        Assert.That(metformin.Select(a => $"{a.Event}:{a.Status}"), Is.EqualTo(new[] { "alopecia:Pending" }),
            () => "hair loss replaced fatigue: an alert of its own, e-mailed; got " + string.Join(", ", metformin.Select(a => $"{a.Event}:{a.Status}")));
    }

    [Test]
    public async Task Events_rising_with_their_product_are_covered_by_its_alert()
    {
        for (var d = 0; d < 3; d++) await _runner.RunForDayAsync(Onset.AddDays(d), _none);
        var levo = (await _store.ListAlertsAsync(_none)).Where(a => a.Product == "levothyroxine" && a.Event is not null).ToList();
        Assert.That(levo.Select(a => a.Event), Is.SupersetOf(new[] { "fatigue", "muscle spasms" }));
        Assert.That(levo, Has.All.Matches<Alert>(a => a!.Status == AlertStatus.Covered), "evidence for the product e-mail, not e-mails of their own");
    }

    [Test]
    public async Task An_episode_that_doubles_after_its_e_mail_goes_back_to_the_outbox_as_an_update()
    {
        await _runner.RunForDayAsync(Onset, _none); // opens the episode with 5 authors
        var alert = (await _store.ListAlertsAsync(_none)).Single(a => a.Product == "levothyroxine" && a.Event is null);
        await _store.MarkAlertSentAsync(alert.Id, DateTimeOffset.UtcNow, alert.Observed, _none); // e-mailed: "5 authors"

        await _runner.RunForDayAsync(Onset.AddDays(1), _none); // 10 authors: doubled
        var updated = await _store.GetAlertAsync(alert.Id, _none);
        Assert.That((updated!.Status, updated.Observed, updated.NotifiedObserved), Is.EqualTo((AlertStatus.Pending, 10, 5)));
        Assert.That(Signals.Alerts.AlertEmailComposer.MessageIdFor(updated, Signals.Alerts.EpisodeEmailKind.Update), Is.Not.EqualTo(Signals.Alerts.AlertEmailComposer.MessageIdFor(alert)),
            "an update is a message of its own");

        await _store.MarkAlertSentAsync(alert.Id, DateTimeOffset.UtcNow, 10, _none);
        await _runner.RunForDayAsync(Onset.AddDays(2), _none); // 15 authors: grown, but not doubled since 10
        Assert.That((await _store.GetAlertAsync(alert.Id, _none))!.Status, Is.EqualTo(AlertStatus.Sent));
    }
}
