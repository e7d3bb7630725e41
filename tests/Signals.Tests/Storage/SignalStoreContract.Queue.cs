using Signals.Review;
using static Signals.Tests.Storage.Posts;

namespace Signals.Tests.Storage;

/// <summary>The "help the classifier" queue on every engine: candidates by distance from their stored threshold, queued until judged, text kept meanwhile.</summary>
public abstract partial class SignalStoreContract
{
    private static Signals.Storage.ScoredPost Unsure(string id, float probability, double? threshold, string language = "fr") =>
        Scored(id, $"author-{id}", Day(20)) with
        {
            Post = Scored(id, $"author-{id}", Day(20)).Post with { Language = language, Text = $"texte {id}" },
            AdverseEventProbability = probability,
            DecisionThreshold = threshold,
        };

    [Test]
    public async Task The_queue_offers_the_posts_closest_to_their_threshold_keeps_them_until_judged_and_retention_keeps_their_text()
    {
        var none = CancellationToken.None;
        await Store.AddPostsAsync([Unsure("sure", 0.9f, 0.15), Unsure("close", 0.2f, 0.15), Unsure("closest", 0.14f, 0.15),
            Unsure("before-015", 0.15f, null), Unsure("english", 0.15f, 0.15, "en")], none);
        var candidates = await Store.ListQueueCandidatesAsync(["fr"], 10, none);
        Assert.That(candidates.Select(c => c.Post.ExternalId), Is.EqualTo(new[] { "closest", "close", "sure" }));
        Assert.That(candidates[0].Margin, Is.EqualTo(0.01).Within(1e-4));
        Assert.That((await Store.ListQueueCandidatesAsync([], 10, none)).Select(c => c.Post.ExternalId), Does.Contain("english"));

        await Store.EnqueueAsync(candidates.Take(2).ToList(), none);
        await Store.EnqueueAsync(candidates.Take(1).ToList(), none); // again: still once
        Assert.That((await Store.ListQueueAsync(["fr"], none)).Select(q => q.Post.ExternalId), Is.EqualTo(new[] { "closest", "close" }));
        Assert.That((await Store.ListQueueCandidatesAsync(["fr"], 10, none)).Select(c => c.Post.ExternalId), Is.EqualTo(new[] { "sure" }));

        Assert.That(await Store.SaveVerdictAsync(new PostVerdict(candidates[0].Id, Verdict.NotAdverseEvent, "ana", Judged), none), Is.True);
        Assert.That((await Store.ListQueueAsync(["fr"], none)).Select(q => q.Post.ExternalId), Is.EqualTo(new[] { "close" }), "judged: out of the queue");
        Assert.That((await Store.ListQueueCandidatesAsync(["fr"], 10, none)).Select(c => c.Post.ExternalId), Is.EqualTo(new[] { "sure" }), "and never offered again");

        foreach (var day in await Store.GetUnjudgedDaysAsync(new DateOnly(2017, 12, 31), none)) await Store.MarkDayJudgedAsync(day, none);
        await Store.PurgeOldTextAsync(new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.Zero), none);
        var kept = (await Store.ListQueueAsync(["fr"], none)).Single();
        Assert.That(kept.Post.Text, Is.EqualTo("texte close"), "a queued post keeps its text");
        Assert.That((await Store.ListJudgedPostsAsync(none)).Single().Text, Is.EqualTo("texte closest"), "a judged post too");
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM posts WHERE text <> ''"), Is.EqualTo(2L).Or.EqualTo(2), "the others are emptied");
    }
}
