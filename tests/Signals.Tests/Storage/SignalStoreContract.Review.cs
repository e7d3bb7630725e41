using Signals.Classification;
using Signals.Review;
using static Signals.Tests.Storage.Posts;

namespace Signals.Tests.Storage;

/// <summary>What the review page stores: verdicts on posts and statuses of alerts, with who and when, on every engine.</summary>
public abstract partial class SignalStoreContract
{
    private static readonly DateTimeOffset Judged = new(2017, 8, 1, 9, 30, 0, TimeSpan.Zero);

    private async Task<long> PostIdAsync(string externalId) => Convert.ToInt64(await ScalarAsync($"SELECT id FROM posts WHERE external_id = '{externalId}'"));

    [Test]
    public async Task Evidence_is_every_adverse_event_post_of_the_episode_newest_first_in_pages()
    {
        var posts = Enumerable.Range(1, 7).Select(i => Scored($"ae{i}", $"author{i}", Day(15 + i % 3, 8 + i))).ToList();
        posts.Add(Scored("complaint", "x", Day(16), category: PostCategory.ProductComplaint));
        posts.Add(Scored("before", "y", Day(10)));
        posts.Add(Scored("other-product", "z", Day(16), product: "metformin"));
        posts.Add(Scored("alopecia", "w", Day(16, 23), events: ["alopecia"]));
        await Store.AddPostsAsync(posts, CancellationToken.None);
        var (from, to) = (new DateOnly(2017, 7, 15), new DateOnly(2017, 7, 17));

        Assert.That(await Store.CountEvidencePostsAsync("levothyroxine", null, from, to, CancellationToken.None), Is.EqualTo(8));
        Assert.That(await Store.CountEvidencePostsAsync("levothyroxine", "alopecia", from, to, CancellationToken.None), Is.EqualTo(1));
        var first = await Store.GetEvidencePostsAsync("levothyroxine", null, from, to, 0, 5, CancellationToken.None);
        var second = await Store.GetEvidencePostsAsync("levothyroxine", null, from, to, 5, 5, CancellationToken.None);
        var all = first.Concat(second).ToList();
        Assert.That(first, Has.Count.EqualTo(5));
        Assert.That(second, Has.Count.EqualTo(3));
        Assert.That(all.Select(p => p.Scored.Post.ExternalId), Is.Unique);
        Assert.That(all.Select(p => p.Scored.Post.CreatedAt), Is.Ordered.Descending);
        Assert.That(all.Select(p => p.Scored.Post.ExternalId), Does.Not.Contain("complaint").And.Not.Contain("before").And.Not.Contain("other-product"));
        Assert.That(all.Single(p => p.Scored.Post.ExternalId == "alopecia").Scored.Events, Is.EqualTo(new[] { "alopecia" }));
        Assert.That(all.Select(p => p.Verdict), Is.All.Null);
    }

    [Test]
    public async Task A_verdict_is_kept_with_who_and_when_the_latest_replacing_the_earlier_and_is_found_by_post_id()
    {
        await Store.AddPostsAsync([Scored("judged", "a", Day(16)), Scored("left", "b", Day(16))], CancellationToken.None);
        var id = await PostIdAsync("judged");

        Assert.That(await Store.SaveVerdictAsync(new PostVerdict(id, Verdict.NotAdverseEvent, "alice", Judged), CancellationToken.None), Is.True);
        Assert.That(await Store.SaveVerdictAsync(new PostVerdict(id, Verdict.AdverseEvent, "bob", Judged.AddHours(1)), CancellationToken.None), Is.True);
        Assert.That(await Store.SaveVerdictAsync(new PostVerdict(999_999, Verdict.AdverseEvent, "bob", Judged), CancellationToken.None), Is.False, "no such post");

        Assert.That(await Store.GetVerdictAsync(id, CancellationToken.None), Is.EqualTo(new PostVerdict(id, Verdict.AdverseEvent, "bob", Judged.AddHours(1))));
        Assert.That(await Store.GetVerdictAsync(await PostIdAsync("left"), CancellationToken.None), Is.Null);
        var page = await Store.GetEvidencePostsAsync("levothyroxine", null, new DateOnly(2017, 7, 16), new DateOnly(2017, 7, 16), 0, 10, CancellationToken.None);
        Assert.That(page.Single(p => p.Id == id).Verdict?.Verdict, Is.EqualTo(Verdict.AdverseEvent));
        Assert.That(Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM post_verdicts")), Is.EqualTo(1), "one verdict per post");
    }

    [Test]
    public async Task Judged_posts_are_listed_for_training_only_while_their_text_is_kept()
    {
        await Store.AddPostsAsync([Scored("kept", "a", Day(28), text: "Levothyrox: crampes"), Scored("purged", "b", Day(1), text: "old text")], CancellationToken.None);
        await Store.SaveVerdictAsync(new PostVerdict(await PostIdAsync("kept"), Verdict.UsageQuestion, "alice", Judged), CancellationToken.None);
        await Store.SaveVerdictAsync(new PostVerdict(await PostIdAsync("purged"), Verdict.AdverseEvent, "alice", Judged), CancellationToken.None);
        // Emptied as retention empties text (straight in SQL: whether retention spares judged posts is the retention rule's business).
        await ScalarAsync("UPDATE posts SET text = '', url = NULL WHERE external_id = 'purged'");

        var judged = await Store.ListJudgedPostsAsync(CancellationToken.None);
        Assert.That(judged.Select(j => (j.Text, j.Verdict, j.Reviewer)), Is.EqualTo(new[] { ("Levothyrox: crampes", Verdict.UsageQuestion, "alice") }));
    }

    [Test]
    public async Task An_alert_status_is_kept_with_its_comment_who_and_when()
    {
        var alert = await Store.AddAlertAsync(NewAlert("levothyroxine|*|2017-07-16"), CancellationToken.None);
        Assert.That(await Store.GetAlertReviewAsync(alert.Id, CancellationToken.None), Is.Null, "new until someone looks");

        await Store.SaveAlertReviewAsync(new AlertReview(alert.Id, ReviewStatus.UnderReview, "looking", "alice", Judged), CancellationToken.None);
        await Store.SaveAlertReviewAsync(new AlertReview(alert.Id, ReviewStatus.SignalConfirmed, "hair loss confirmed by case reports", "bob", Judged.AddDays(1)), CancellationToken.None);

        var expected = new AlertReview(alert.Id, ReviewStatus.SignalConfirmed, "hair loss confirmed by case reports", "bob", Judged.AddDays(1));
        Assert.That(await Store.GetAlertReviewAsync(alert.Id, CancellationToken.None), Is.EqualTo(expected));
        Assert.That(await Store.ListAlertReviewsAsync(CancellationToken.None), Is.EqualTo(new[] { expected }));
        Assert.That(await Store.SaveAlertReviewAsync(expected with { AlertId = 424_242 }, CancellationToken.None), Is.False, "no such alert");
    }
}
