using Signals.Alerts;
using Signals.Classification;
using Signals.Storage;
using static Signals.Tests.Storage.Posts;

namespace Signals.Tests.Storage;

/// <summary>What every engine must do. Each engine's fixture derives from this one; none is skipped.</summary>
public abstract partial class SignalStoreContract
{
    protected ISignalStore Store { get; private set; } = null!;
    protected static readonly StorageOptions Options = new() { PseudonymKey = "contract-test-key" };

    protected abstract Task<ISignalStore> CreateStoreAsync();
    protected abstract Task DropStoreAsync();
    /// <summary>Another store on the same database (another replica, or the worker after a configuration change).</summary>
    protected abstract ISignalStore SameDatabase(StorageOptions options);
    /// <summary>Runs a scalar SQL query straight on the engine, bypassing the store.</summary>
    protected abstract Task<object?> ScalarAsync(string sql);

    [SetUp]
    public async Task SetUp()
    {
        Store = await CreateStoreAsync();
        await Store.MigrateAsync(CancellationToken.None);
    }

    [TearDown]
    public Task TearDown() => DropStoreAsync();

    private static readonly CancellationToken None = CancellationToken.None;

    [Test]
    public async Task Duplicate_post_is_stored_once()
    {
        Assert.That(await Store.AddPostsAsync([Scored("1", "alice", Day(15)), Scored("2", "bob", Day(15))], None), Is.EqualTo(2));
        Assert.That(await Store.AddPostsAsync([Scored("1", "alice", Day(15)), Scored("3", "carol", Day(15))], None), Is.EqualTo(1));
        Assert.That(await Store.AddPostsAsync([Scored("1", "alice", Day(15), source: "other")], None), Is.EqualTo(1), "the same id from another source is another post");
        Assert.That(await Store.CountPostsAsync(None), Is.EqualTo(4));
    }

    [Test]
    public async Task A_batch_stores_each_new_post_once_with_its_products_and_events_as_first_written_and_adds_nothing_to_stored_ones()
    {
        await Store.AddPostsAsync([Scored("old", "alice", Day(15), events: ["fatigue"])], None);
        var added = await Store.AddPostsAsync(
        [
            Scored("new", "bob", Day(15), events: ["alopecia", "alopecia"]),
            Scored("new", "bob", Day(15), product: "metformin", events: ["headache"]), // the same post again in the batch
            Scored("old", "alice", Day(15), events: ["alopecia"]),                     // stored before: nothing changes
            Scored("none", "carol", Day(16), events: []),
        ], None);

        Assert.That(added, Is.EqualTo(2));
        Assert.That(await Store.CountPostsAsync(None), Is.EqualTo(3));
        var july = (From: new DateOnly(2017, 7, 1), To: new DateOnly(2017, 7, 31));
        Assert.That((await Store.GetDailyCountsAsync("levothyroxine", null, july.From, july.To, None)).Select(c => (c.Day.Day, c.Count)),
            Is.EqualTo(new[] { (15, 2), (16, 1) }));
        Assert.That(await Store.GetDailyCountsAsync("metformin", null, july.From, july.To, None), Is.Empty, "the repeat in the batch was not stored");
        Assert.That((await Store.GetDailyCountsAsync("levothyroxine", "alopecia", july.From, july.To, None)).Select(c => c.Count), Is.EqualTo(new[] { 1 }),
            "bob's alopecia once; alice's stored post got no new event");
        var examples = await Store.GetExamplePostsAsync("levothyroxine", july.From, july.To, 10, None);
        Assert.That(examples.Select(e => (e.Post.ExternalId, string.Join(",", e.Events))),
            Is.EquivalentTo(new[] { ("none", ""), ("new", "alopecia"), ("old", "fatigue") }));
    }

    [Test]
    public async Task Migrations_are_applied_once()
    {
        await Store.MigrateAsync(None);
        await Store.MigrateAsync(None);
        Assert.That(Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM schema_migrations")), Is.EqualTo(Migrations.For(Engine).Count));
    }

    protected abstract string Engine { get; }

    [Test]
    public async Task Daily_counts_are_distinct_authors_of_adverse_event_posts()
    {
        await Store.AddPostsAsync(
        [
            Scored("1", "alice", Day(15, 8)), Scored("2", "alice", Day(15, 9)), Scored("3", "bob", Day(15)),
            Scored("4", "carol", Day(15), PostCategory.Other), Scored("5", "dave", Day(15), PostCategory.ProductComplaint),
            Scored("6", "erin", Day(16)), Scored("7", "frank", Day(16), product: "metformin"),
            Scored("8", null!, Day(16, 10)), Scored("9", null!, Day(16, 11)), Scored("10", "gina", Day(20)),
        ], None);

        var counts = await Store.GetDailyCountsAsync("levothyroxine", null, DateOnly.FromDateTime(Day(15).UtcDateTime), DateOnly.FromDateTime(Day(16).UtcDateTime), None);

        Assert.That(counts.Select(c => (c.Day.Day, c.Count)), Is.EqualTo(new[] { (15, 2), (16, 3) }),
            "15th: alice twice and bob; 16th: erin and two posts without author, each its own");
    }

    [Test]
    public async Task Mention_counts_are_distinct_authors_of_every_post_naming_the_product()
    {
        await Store.AddPostsAsync(
        [
            Scored("1", "alice", Day(15, 8)), Scored("2", "alice", Day(15, 9), PostCategory.Other), Scored("3", "bob", Day(15), PostCategory.Other),
            Scored("4", "carol", Day(15), PostCategory.ProductComplaint), Scored("5", "dave", Day(16), PostCategory.Other),
            Scored("6", "erin", Day(16), product: "metformin"), Scored("7", null!, Day(16, 10), PostCategory.Other), Scored("8", null!, Day(16, 11)),
            Scored("9", "gina", Day(20), PostCategory.Other),
        ], None);

        var mentions = await Store.GetDailyMentionCountsAsync("levothyroxine", new DateOnly(2017, 7, 15), new DateOnly(2017, 7, 16), None);

        Assert.That(mentions.Select(c => (c.Day.Day, c.Count)), Is.EqualTo(new[] { (15, 3), (16, 3) }),
            "15th: alice (twice, two categories), bob, carol; 16th: dave and two posts without author, each its own");
        var adverse = await Store.GetDailyCountsAsync("levothyroxine", null, new DateOnly(2017, 7, 15), new DateOnly(2017, 7, 16), None);
        Assert.That(adverse.Select(c => (c.Day.Day, c.Count)), Is.EqualTo(new[] { (15, 1), (16, 1) }), "of which adverse-event authors");
    }

    [Test]
    public async Task Event_counts_and_active_events_are_distinct_authors_naming_the_event()
    {
        await Store.AddPostsAsync(
        [
            Scored("1", "alice", Day(15), events: ["alopecia", "fatigue"]), Scored("2", "alice", Day(15), events: ["alopecia"]),
            Scored("3", "bob", Day(15), events: ["alopecia"]), Scored("4", "carol", Day(16), events: ["fatigue"]),
            Scored("5", "dave", Day(16), PostCategory.Other, events: ["alopecia"]),
        ], None);
        var from = new DateOnly(2017, 7, 1);
        var to = new DateOnly(2017, 7, 31);

        var alopecia = await Store.GetDailyCountsAsync("levothyroxine", "alopecia", from, to, None);
        Assert.That(alopecia.Select(c => (c.Day.Day, c.Count)), Is.EqualTo(new[] { (15, 2) }));
        Assert.That(await Store.GetActiveEventsAsync("levothyroxine", from, to, 2, None), Is.EqualTo(new[] { "alopecia", "fatigue" }));
        Assert.That(await Store.GetActiveEventsAsync("levothyroxine", from, to, 3, None), Is.Empty);
        Assert.That(await Store.GetActiveEventsAsync("metformin", from, to, 1, None), Is.Empty);
    }

    [Test]
    public async Task After_the_retention_period_only_the_posts_an_email_cited_keep_their_text_and_counts_and_alerts_do_not_change()
    {
        await Store.AddPostsAsync(
        [
            Scored("old", "a", Day(1)),
            Scored("cited-1", "b", Day(16, 8), events: ["alopecia"]), Scored("cited-2", "c", Day(16, 9)),
            Scored("not-cited", "d", Day(16, 7)), Scored("not-adverse", "e", Day(17), PostCategory.Other),
            Scored("recent", "f", Day(28)),
        ], None);
        var alert = await Store.AddAlertAsync(NewAlert("levothyroxine|*|2017-07-16") with { LastDay = new DateOnly(2017, 7, 18) }, None);
        // The e-mail cites the two newest adverse-event posts of the episode.
        var cited = await Store.GetExamplePostsAsync("levothyroxine", new DateOnly(2017, 7, 14), new DateOnly(2017, 7, 18), 2, None);
        Assert.That(cited.Select(p => p.Post.ExternalId), Is.EqualTo(new[] { "cited-2", "cited-1" }));
        await Store.RecordAlertExamplesAsync(alert.Id, cited, None);
        await Store.RecordAlertExamplesAsync(alert.Id, cited, None); // a resend cites them again: no harm
        await Store.MarkAlertSentAsync(alert.Id, Day(19), 8, None);
        var (from, to) = (new DateOnly(2017, 7, 1), new DateOnly(2017, 7, 31));
        async Task<object> Snapshot() => new
        {
            Adverse = await Store.GetDailyCountsAsync("levothyroxine", null, from, to, None),
            Alopecia = await Store.GetDailyCountsAsync("levothyroxine", "alopecia", from, to, None),
            Mentions = await Store.GetDailyMentionCountsAsync("levothyroxine", from, to, None),
            Events = await Store.GetActiveEventsAsync("levothyroxine", from, to, 1, None),
            Alerts = (await Store.ListAlertsAsync(None)).Select(a => a with { }).ToList(),
            Posts = await Store.CountPostsAsync(None),
        };
        var before = System.Text.Json.JsonSerializer.Serialize(await Snapshot());
        await JudgeEveryDayAsync();

        Assert.That(await Store.PurgeOldTextAsync(Day(20), None), Is.EqualTo(3), "old, not-cited and not-adverse");
        Assert.That(await Store.PurgeOldTextAsync(Day(20), None), Is.Zero, "idempotent");

        Assert.That(System.Text.Json.JsonSerializer.Serialize(await Snapshot()), Is.EqualTo(before), "counts, events, alerts and rows unchanged");
        foreach (var id in new[] { "old", "not-cited", "not-adverse" })
        {
            Assert.That(await ScalarAsync($"SELECT text FROM posts WHERE external_id = '{id}'"), Is.EqualTo(""), id);
            Assert.That(await ScalarAsync($"SELECT url FROM posts WHERE external_id = '{id}'"), Is.EqualTo(DBNull.Value), id);
        }
        foreach (var id in new[] { "cited-1", "cited-2", "recent" })
            Assert.That(await ScalarAsync($"SELECT text FROM posts WHERE external_id = '{id}'"), Is.Not.Empty, id);
        Assert.That(Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM alert_examples")), Is.EqualTo(2));
        Assert.That((await Store.GetExamplePostsAsync("levothyroxine", from, to, 10, None)).Select(p => p.Post.ExternalId),
            Is.EqualTo(new[] { "recent", "cited-2", "cited-1" }), "an emptied post is no example for a later e-mail");
    }

    [Test]
    public async Task Retention_keeps_the_window_of_an_alert_whose_email_is_not_written_yet()
    {
        await Store.AddPostsAsync([Scored("old", "a", Day(1)), Scored("pending-evidence", "b", Day(16))], None);
        await Store.AddAlertAsync(NewAlert("levothyroxine|*|2017-07-16") with { LastDay = new DateOnly(2017, 7, 18) }, None);
        await JudgeEveryDayAsync();

        Assert.That(await Store.PurgeOldTextAsync(Day(20), None), Is.EqualTo(1), "only the old post outside the pending alert's window");
        Assert.That(await ScalarAsync("SELECT text FROM posts WHERE external_id = 'pending-evidence'"), Is.Not.Empty);
    }

    [Test]
    public async Task Forgetting_an_author_deletes_their_texts_and_links_and_the_key_no_longer_finds_them_but_counts_stay()
    {
        await Store.AddPostsAsync(
        [
            Scored("m1", "@marie.dupont", Day(15, 8), events: ["alopecia"]), Scored("m2", "@marie.dupont", Day(15, 9)), Scored("m3", "@Marie.Dupont", Day(16)),
            Scored("b1", "bob", Day(15)),
        ], None);
        var (from, to) = (new DateOnly(2017, 7, 1), new DateOnly(2017, 7, 31));
        var counts = await Store.GetDailyCountsAsync("levothyroxine", null, from, to, None);
        var pseudonym = AuthorPseudonym.Of("@marie.dupont", Options.PseudonymKey!);

        Assert.That(await Store.ForgetAuthorAsync("@marie.dupont", None), Is.EqualTo(3));

        foreach (var id in new[] { "m1", "m2", "m3" })
        {
            Assert.That(await ScalarAsync($"SELECT text FROM posts WHERE external_id = '{id}'"), Is.EqualTo(""), id);
            Assert.That(await ScalarAsync($"SELECT url FROM posts WHERE external_id = '{id}'"), Is.EqualTo(DBNull.Value), id);
        }
        Assert.That(await ScalarAsync("SELECT text FROM posts WHERE external_id = 'b1'"), Is.Not.Empty, "other authors keep theirs");
        Assert.That(Convert.ToInt64(await ScalarAsync($"SELECT COUNT(*) FROM posts WHERE author_pseudonym = '{pseudonym}'")), Is.Zero, "the key no longer leads to them");
        Assert.That(Convert.ToInt64(await ScalarAsync("SELECT COUNT(DISTINCT author_pseudonym) FROM posts WHERE external_id IN ('m1', 'm2', 'm3')")), Is.EqualTo(1),
            "one random pseudonym for all their posts");
        Assert.That(await Store.GetDailyCountsAsync("levothyroxine", null, from, to, None), Is.EqualTo(counts), "counts unchanged");
        Assert.That(await Store.ForgetAuthorAsync("@marie.dupont", None), Is.Zero, "a second request finds nothing");
        Assert.That(await Store.CountPostsAsync(None), Is.EqualTo(4), "rows stay, so the same posts read again are not stored again");
        Assert.That(await Store.AddPostsAsync([Scored("m1", "@marie.dupont", Day(15, 8))], None), Is.Zero);
    }

    [Test]
    public async Task Daily_counts_survive_a_key_rotation_because_each_day_is_counted_under_one_key()
    {
        var authors = new[] { "alice", "bob", "carol" };
        var posts = Enumerable.Range(10, 10).SelectMany(day => authors.Take(1 + day % 3).SelectMany(a => new[]
            { Scored($"{a}-{day}-1", a, Day(day, 9)), Scored($"{a}-{day}-2", a, Day(day, 15)) })).ToList();
        var expected = posts.GroupBy(p => DateOnly.FromDateTime(p.Post.CreatedAt.UtcDateTime))
            .Select(g => (g.Key, g.Select(p => p.Post.Author).Distinct().Count())).OrderBy(c => c.Key).ToList();

        // The key is rotated at midnight between the 14th and the 15th: the same database, written with the new key from then on.
        await Store.AddPostsAsync(posts.Where(p => p.Post.CreatedAt < Day(15, 0)).ToList(), None);
        await SameDatabase(new StorageOptions { PseudonymKey = Options.PseudonymKey + "-rotated" })
            .AddPostsAsync(posts.Where(p => p.Post.CreatedAt >= Day(15, 0)).ToList(), None);

        var counts = await Store.GetDailyCountsAsync("levothyroxine", null, new DateOnly(2017, 7, 1), new DateOnly(2017, 7, 31), None);
        Assert.That(counts.Select(c => (c.Day, c.Count)), Is.EqualTo(expected));
        Assert.That(Convert.ToInt64(await ScalarAsync("SELECT COUNT(DISTINCT author_pseudonym) FROM posts")), Is.EqualTo(6), "each author has two pseudonyms now");
    }

    [Test]
    public async Task Author_handle_is_never_stored_in_clear()
    {
        await Store.AddPostsAsync([Scored("1", "@marie.dupont", Day(15))], None);
        var stored = (string?)await ScalarAsync("SELECT author_pseudonym FROM posts");
        Assert.That(stored, Is.Not.Null.And.Not.Contains("marie"));
        Assert.That(stored, Is.EqualTo(AuthorPseudonym.Of("@marie.dupont", Options.PseudonymKey!)));
        Assert.That(AuthorPseudonym.Of("@marie.dupont", "another-key"), Is.Not.EqualTo(stored), "keyed: another key gives another pseudonym");
    }

    [Test]
    public async Task Example_posts_are_newest_first_with_products_and_events()
    {
        await Store.AddPostsAsync([Scored("1", "a", Day(15, 8)), Scored("2", "b", Day(16, 9)), Scored("3", "c", Day(16, 7), PostCategory.Other)], None);
        var examples = await Store.GetExamplePostsAsync("levothyroxine", new DateOnly(2017, 7, 1), new DateOnly(2017, 7, 31), 10, None);

        Assert.That(examples.Select(e => e.Post.ExternalId), Is.EqualTo(new[] { "2", "1" }));
        Assert.That(examples[0].Products, Is.EqualTo(new[] { "levothyroxine" }));
        Assert.That(examples[0].Events, Is.EquivalentTo(new[] { "muscle spasms", "fatigue" }));
        Assert.That(examples[0].Post.CreatedAt, Is.EqualTo(Day(16, 9)));
        Assert.That(examples[0].Post.Url, Is.EqualTo("https://example.org/2"));
    }

    [Test]
    public async Task Feed_state_round_trips()
    {
        Assert.That(await Store.GetFeedStateAsync("f", None), Is.Null);
        var state = new FeedState("f", "{\"etag\":\"v1\"}", 2, "HTTP 500", Day(15), Day(16));
        await Store.SaveFeedStateAsync(state, None);
        Assert.That(await Store.GetFeedStateAsync("f", None), Is.EqualTo(state));
        await Store.SaveFeedStateAsync(state with { ErrorCount = 0, LastError = null }, None);
        Assert.That((await Store.GetFeedStateAsync("f", None))!.ErrorCount, Is.Zero);
    }

    private static Alert NewAlert(string key, string product = "levothyroxine") =>
        new(0, key, product, null, new DateOnly(2017, 7, 16), new DateOnly(2017, 7, 16), 8, 0.2, 1.8, AlertStatus.Pending, 0, null, Day(16), null);

    [Test]
    public async Task Alert_with_same_key_is_stored_once()
    {
        var first = await Store.AddAlertAsync(NewAlert("levothyroxine|*|2017-07-16"), None);
        var again = await Store.AddAlertAsync(NewAlert("levothyroxine|*|2017-07-16") with { Observed = 99 }, None);

        Assert.That(again.Id, Is.EqualTo(first.Id));
        Assert.That(again.Observed, Is.EqualTo(8));
        Assert.That(await Store.ListAlertsAsync(None), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Pending_alerts_exclude_sent_and_exhausted_ones()
    {
        var sent = await Store.AddAlertAsync(NewAlert("a"), None);
        var failing = await Store.AddAlertAsync(NewAlert("b"), None);
        var pending = await Store.AddAlertAsync(NewAlert("c"), None);
        await Store.MarkAlertSentAsync(sent.Id, Day(17), 8, None);
        await Store.RecordAlertFailureAsync(failing.Id, "SMTP server 127.0.0.1:25: refused", Day(17), Day(17).AddMinutes(1), None);
        await Store.RecordAlertFailureAsync(failing.Id, "SMTP server 127.0.0.1:25: refused", Day(17), Day(17).AddMinutes(1), None);

        Assert.That((await Store.GetPendingAlertsAsync(2, 10, None)).Select(a => a.Id), Is.EqualTo(new[] { pending.Id }));
        Assert.That((await Store.GetPendingAlertsAsync(3, 10, None)).Select(a => a.Id), Is.EqualTo(new[] { failing.Id, pending.Id }));
        var failed = await Store.GetAlertAsync(failing.Id, None);
        Assert.That(failed!.Attempts, Is.EqualTo(2));
        Assert.That(failed.LastError, Does.Contain("127.0.0.1:25"));
        var delivered = await Store.GetAlertAsync(sent.Id, None);
        Assert.That(delivered!.Status, Is.EqualTo(AlertStatus.Sent));
        Assert.That(delivered.SentAt, Is.EqualTo(Day(17)));

        await Store.ResetAlertAsync(sent.Id, None);
        Assert.That((await Store.GetPendingAlertsAsync(2, 10, None)).Select(a => a.Id), Is.EqualTo(new[] { sent.Id, pending.Id }));
    }

    [Test]
    public async Task Claims_are_exclusive_until_sent_or_the_lease_expires()
    {
        var ids = new List<long>();
        foreach (var key in new[] { "a", "b", "c" }) ids.Add((await Store.AddAlertAsync(NewAlert(key), None)).Id);
        var now = Day(17);
        var lease = now.AddMinutes(10);

        Assert.That((await Store.ClaimPendingAlertsAsync(2, now, lease, "worker-a", None)).Select(a => a.Id), Is.EqualTo(ids.Take(2)));
        Assert.That((await Store.ClaimPendingAlertsAsync(2, now, lease, "worker-b", None)).Select(a => a.Id), Is.EqualTo(ids.Skip(2)));
        Assert.That(await Store.ClaimPendingAlertsAsync(2, now, lease, "worker-c", None), Is.Empty, "all claimed");

        await Store.MarkAlertSentAsync(ids[0], now, 8, None);
        await Store.RecordAlertFailureAsync(ids[1], "SMTP server down", now, now, None);
        Assert.That((await Store.ClaimPendingAlertsAsync(5, now, lease, "worker-c", None)).Select(a => a.Id), Is.EqualTo(new[] { ids[1] }),
            "a failure releases the claim at once; the third is still leased");
        Assert.That((await Store.ClaimPendingAlertsAsync(5, lease.AddSeconds(1), lease.AddMinutes(10), "worker-c", None)).Select(a => a.Id),
            Is.EqualTo(new[] { ids[1], ids[2] }), "expired leases are claimed again (a crashed dispatcher's alerts)");
    }

    [Test]
    public async Task A_failed_alert_waits_for_its_retry_time_and_a_given_up_one_is_not_claimed()
    {
        var retried = (await Store.AddAlertAsync(NewAlert("a"), None)).Id;
        var givenUp = (await Store.AddAlertAsync(NewAlert("b"), None)).Id;
        var now = Day(17);
        await Store.RecordAlertFailureAsync(retried, "SMTP server down", now, now.AddMinutes(2), None);
        await Store.RecordAlertFailureAsync(givenUp, "SMTP server down", now, null, None);

        Assert.That(await Store.ClaimPendingAlertsAsync(5, now.AddMinutes(1), now.AddMinutes(11), "worker-a", None), Is.Empty, "not yet due; given up");
        Assert.That((await Store.ClaimPendingAlertsAsync(5, now.AddMinutes(2), now.AddMinutes(12), "worker-a", None)).Select(a => a.Id), Is.EqualTo(new[] { retried }));
        await Store.RecordAlertFailureAsync(retried, "SMTP server down", now.AddMinutes(2), now.AddMinutes(6), None);
        var alert = await Store.GetAlertAsync(retried, None);
        Assert.That((alert!.Attempts, alert.FailingSince, alert.NextAttemptAt, alert.GaveUpAt), Is.EqualTo((2, (DateTimeOffset?)now, (DateTimeOffset?)now.AddMinutes(6), (DateTimeOffset?)null)),
            "the first failure is remembered");
        Assert.That((await Store.GetAlertAsync(givenUp, None))!.GaveUpAt, Is.EqualTo(now));

        await Store.MarkAlertSentAsync(retried, now.AddMinutes(7), 8, None);
        alert = await Store.GetAlertAsync(retried, None);
        Assert.That((alert!.FailingSince, alert.NextAttemptAt), Is.EqualTo(((DateTimeOffset?)null, (DateTimeOffset?)null)), "a success clears the failure");
    }

    [Test]
    public async Task An_owner_takes_back_its_own_standing_leases_and_a_dead_owners_leases_can_be_released()
    {
        var now = new DateTimeOffset(2017, 7, 20, 8, 0, 0, TimeSpan.Zero);
        var alert = (await Store.AddAlertAsync(NewAlert("a"), None)).Id;
        Assert.That(await Store.ClaimDueFeedsAsync(["forum"], "worker-a", now, now.AddMinutes(10), None), Is.EqualTo(new[] { "forum" }));
        Assert.That((await Store.ClaimPendingAlertsAsync(5, now, now.AddMinutes(10), "worker-a", None)).Select(a => a.Id), Is.EqualTo(new[] { alert }));

        // worker-a could not give them back (its database was down): its next round claims them again; nobody else can.
        Assert.That(await Store.ClaimDueFeedsAsync(["forum"], "worker-b", now.AddMinutes(1), now.AddMinutes(11), None), Is.Empty);
        Assert.That(await Store.ClaimPendingAlertsAsync(5, now.AddMinutes(1), now.AddMinutes(11), "worker-b", None), Is.Empty);
        Assert.That(await Store.ClaimDueFeedsAsync(["forum"], "worker-a", now.AddMinutes(1), now.AddMinutes(11), None), Is.EqualTo(new[] { "forum" }));
        Assert.That((await Store.ClaimPendingAlertsAsync(5, now.AddMinutes(1), now.AddMinutes(11), "worker-a", None)).Select(a => a.Id), Is.EqualTo(new[] { alert }));

        // worker-a died: whoever knows it releases its leases at once.
        Assert.That(await Store.ListLeaseOwnersAsync(None), Is.EqualTo(new[] { "worker-a" }));
        Assert.That(await Store.ReleaseLeasesAsync(["worker-a"], None), Is.EqualTo(2));
        Assert.That(await Store.ClaimDueFeedsAsync(["forum"], "worker-b", now.AddMinutes(2), now.AddMinutes(12), None), Is.EqualTo(new[] { "forum" }));
        Assert.That((await Store.ClaimPendingAlertsAsync(5, now.AddMinutes(2), now.AddMinutes(12), "worker-b", None)).Select(a => a.Id), Is.EqualTo(new[] { alert }));
    }

    [Test]
    public async Task Episode_update_extends_the_alert_and_latest_finds_it()
    {
        var alert = await Store.AddAlertAsync(NewAlert("levothyroxine|*|2017-07-16"), None);
        await Store.AddAlertAsync(NewAlert("metformin|*|2017-07-16", "metformin"), None);
        await Store.UpdateAlertEpisodeAsync(alert.Id, new DateOnly(2017, 7, 20), 40, 3.5, 12.25, 7.5, None);

        var later = new DateOnly(2017, 8, 1);
        var latest = await Store.GetLatestAlertAsync("levothyroxine", null, later, None);
        Assert.That(latest!.Id, Is.EqualTo(alert.Id));
        Assert.That((latest.LastDay, latest.Observed, latest.Expected, latest.Threshold, latest.Score), Is.EqualTo((new DateOnly(2017, 7, 20), 40, 3.5, 12.25, 7.5)));
        Assert.That(await Store.GetLatestAlertAsync("levothyroxine", null, new DateOnly(2017, 7, 15), None), Is.Null, "started after that day");
        Assert.That(await Store.GetLatestAlertAsync("levothyroxine", "alopecia", later, None), Is.Null);
        Assert.That(await Store.GetLatestAlertAsync("sertraline", null, later, None), Is.Null);
    }

    [Test]
    public async Task An_episode_s_closing_is_claimed_once_retried_by_time_and_never_sent_twice()
    {
        var alert = await Store.AddAlertAsync(NewAlert("levothyroxine|*|2017-07-16"), None);
        var now = new DateTimeOffset(2017, 8, 1, 7, 0, 0, TimeSpan.Zero);
        var lease = now.AddMinutes(5);
        Assert.That(await Store.GetClosedAlertIdsAsync(None), Is.Empty);
        Assert.That(await Store.ClaimClosingAsync(alert.Id, now, lease, "a", None), Is.EqualTo(new ClosingClaim(0, null)));
        Assert.That(await Store.ClaimClosingAsync(alert.Id, now, lease, "b", None), Is.Null, "claimed by another worker");
        Assert.That(await Store.ClaimClosingAsync(alert.Id, now, lease, "a", None), Is.Not.Null, "a restarted worker takes back its own claim");
        Assert.That(await Store.ClaimClosingAsync(alert.Id, lease.AddSeconds(1), lease.AddMinutes(5), "b", None), Is.Not.Null, "a lease that ran out is taken over");

        await Store.RecordClosingFailureAsync(alert.Id, "smtp down", now, now.AddMinutes(1), None); // the send failed
        Assert.That(await Store.GetClosedAlertIdsAsync(None), Is.Empty);
        Assert.That(await Store.ClaimClosingAsync(alert.Id, now.AddSeconds(30), lease, "a", None), Is.Null, "not before its next attempt");
        Assert.That(await Store.ClaimClosingAsync(alert.Id, now.AddMinutes(1), lease, "a", None), Is.EqualTo(new ClosingClaim(1, now)), "due again");
        await Store.CompleteClosingAsync(alert.Id, now.AddMinutes(1), None);
        await Store.RecordClosingFailureAsync(alert.Id, "late", now.AddMinutes(2), null, None); // a late failure does not undo a sent closing
        Assert.That(await Store.ClaimClosingAsync(alert.Id, now.AddDays(1), now.AddDays(2), "a", None), Is.Null, "sent: never again");
        Assert.That(await Store.GetClosedAlertIdsAsync(None), Is.EqualTo(new[] { alert.Id }));

        var other = await Store.AddAlertAsync(NewAlert("levothyroxine|*|2017-09-16"), None);
        Assert.That(await Store.ClaimClosingAsync(other.Id, now, lease, "a", None), Is.Not.Null);
        await Store.RecordClosingFailureAsync(other.Id, "smtp down for good", now, null, None);
        Assert.That(await Store.ClaimClosingAsync(other.Id, now.AddDays(1), now.AddDays(2), "a", None), Is.Null, "given up");
        Assert.That(await Store.GetClosedAlertIdsAsync(None), Is.EquivalentTo(new[] { alert.Id, other.Id }));
    }

    [Test]
    public async Task Due_feeds_are_leased_to_one_owner_until_released_or_the_lease_runs_out()
    {
        var now = new DateTimeOffset(2017, 7, 20, 8, 0, 0, TimeSpan.Zero);
        await Store.SaveFeedStateAsync(new Signals.Storage.FeedState("later", null, 0, null, now, now.AddHours(1)), None);
        string[] feeds = ["forum", "later", "tag"];

        Assert.That(await Store.ClaimDueFeedsAsync(feeds, "replica-a", now, now.AddMinutes(5), None), Is.EquivalentTo(new[] { "forum", "tag" }),
            "never-read feeds are due; 'later' is not");
        Assert.That(await Store.ClaimDueFeedsAsync(feeds, "replica-b", now.AddMinutes(1), now.AddMinutes(6), None), Is.Empty, "leased to a");

        await Store.ReleaseFeedAsync("tag", "replica-b", None);
        Assert.That(await Store.ClaimDueFeedsAsync(feeds, "replica-b", now.AddMinutes(1), now.AddMinutes(6), None), Is.Empty, "only the holder releases");
        await Store.ReleaseFeedAsync("tag", "replica-a", None);
        Assert.That(await Store.ClaimDueFeedsAsync(feeds, "replica-b", now.AddMinutes(1), now.AddMinutes(6), None), Is.EqualTo(new[] { "tag" }));

        Assert.That(await Store.ClaimDueFeedsAsync(feeds, "replica-c", now.AddMinutes(5).AddSeconds(1), now.AddMinutes(10), None), Is.EqualTo(new[] { "forum" }),
            "a's lease ran out (a crashed): another replica takes the feed; b's lease still holds");
        var state = await Store.GetFeedStateAsync("forum", None);
        Assert.That((state!.Cursor, state.ErrorCount), Is.EqualTo(((string?)null, 0)), "claiming creates the feed's row without touching its state");
    }

    [Test]
    public async Task A_named_lock_is_held_by_one_holder_at_a_time()
    {
        var first = await Store.LockAsync("detection", None);
        var second = Store.LockAsync("detection", None);
        var other = await Store.LockAsync("another", None).WaitAsync(TimeSpan.FromSeconds(10));

        await Task.Delay(300);
        Assert.That(second.IsCompleted, Is.False, "waits for the holder");
        await first.DisposeAsync();
        await using (await second.WaitAsync(TimeSpan.FromSeconds(10))) { }
        await other.DisposeAsync();
    }
}
