using Signals.Storage;
using static Signals.Tests.Storage.Posts;

namespace Signals.Tests.Storage;

/// <summary>The queue of days to judge (issue 23, items 1 and 2): what a store keeps until detection has seen a day.</summary>
public abstract partial class SignalStoreContract
{
    /// <summary>What detection does for every queued day: judge it, then take it off the queue.</summary>
    protected async Task JudgeEveryDayAsync()
    {
        foreach (var day in await Store.GetUnjudgedDaysAsync(DateOnly.MaxValue, CancellationToken.None))
            await Store.MarkDayJudgedAsync(day, CancellationToken.None);
    }

    [Test]
    public async Task Storing_posts_queues_their_days_to_judge_and_a_day_that_gets_posts_while_judged_stays_queued()
    {
        await Store.AddPostsAsync([Scored("a", "alice", Day(15)), Scored("b", "bob", Day(3))], CancellationToken.None);
        var queued = await Store.GetUnjudgedDaysAsync(new DateOnly(2017, 7, 31), CancellationToken.None);
        Assert.That(queued.Select(d => d.Day.Day), Is.EqualTo(new[] { 3, 15 }), "oldest first");
        Assert.That((await Store.GetUnjudgedDaysAsync(new DateOnly(2017, 7, 10), CancellationToken.None)).Select(d => d.Day.Day), Is.EqualTo(new[] { 3 }));

        await Store.AddPostsAsync([Scored("c", "carol", Day(15))], CancellationToken.None); // arrives while the 15th is being judged
        foreach (var day in queued) await Store.MarkDayJudgedAsync(day, CancellationToken.None);

        Assert.That((await Store.GetUnjudgedDaysAsync(DateOnly.MaxValue, CancellationToken.None)).Select(d => d.Day.Day), Is.EqualTo(new[] { 15 }),
            "the 3rd is judged; the 15th got a post after it was read, so it is judged again");
        await Store.AddPostsAsync([Scored("a", "alice", Day(3))], CancellationToken.None); // stored before: no new count, nothing to judge
        Assert.That((await Store.GetUnjudgedDaysAsync(DateOnly.MaxValue, CancellationToken.None)).Select(d => d.Day.Day), Is.EqualTo(new[] { 15 }));
    }

    [Test]
    public async Task Retention_keeps_the_texts_of_days_not_judged_yet_whatever_their_age()
    {
        // A first run reads the bundled 2017 demo: every post is older than the retention period the moment it is stored.
        await Store.AddPostsAsync([Scored("judged", "alice", Day(3)), Scored("waiting", "bob", Day(15))], CancellationToken.None);
        var third = (await Store.GetUnjudgedDaysAsync(DateOnly.MaxValue, CancellationToken.None)).Single(d => d.Day.Day == 3);
        await Store.MarkDayJudgedAsync(third, CancellationToken.None);

        Assert.That(await Store.PurgeOldTextAsync(Day(30), CancellationToken.None), Is.EqualTo(1), "only the post of the judged day");
        Assert.That(await ScalarAsync("SELECT text FROM posts WHERE external_id = 'waiting'"), Is.Not.Empty);
        Assert.That(await ScalarAsync("SELECT text FROM posts WHERE external_id = 'judged'"), Is.EqualTo(""));
    }

    [Test]
    public async Task Retention_keeps_the_two_days_before_a_pending_alert_from_which_its_email_takes_examples()
    {
        await Store.AddPostsAsync([Scored("lead-in", "alice", Day(14)), Scored("too-early", "bob", Day(13))], CancellationToken.None);
        await Store.AddAlertAsync(NewAlert("levothyroxine|*|2017-07-16") with { LastDay = new DateOnly(2017, 7, 18) }, CancellationToken.None);
        await JudgeEveryDayAsync();

        Assert.That(await Store.PurgeOldTextAsync(Day(30), CancellationToken.None), Is.EqualTo(1));
        Assert.That(await ScalarAsync("SELECT text FROM posts WHERE external_id = 'lead-in'"), Is.Not.Empty);
    }
}
