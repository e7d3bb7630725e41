using Signals.Classification;
using Signals.Feeds;
using Signals.Health;
using Signals.Matching;
using Signals.Storage;

namespace Signals.Ingestion;

/// <summary>
/// Carries a batch of posts through matching and classification into the store. Posts that
/// name no watched product stop at the lexicon (most of the traffic) before any ML runs; the
/// rest are scored in one batch.
/// </summary>
public sealed class PostIngestor(
    ProductMatcher products, EventMatcher events, AdverseEventClassifier classifier, PostCategorizer categorizer, ISignalStore store,
    SignalsMetrics? metrics = null)
{
    public async Task<IngestResult> IngestAsync(IReadOnlyList<Post> posts, CancellationToken ct)
    {
        var matched = new List<(Post Post, List<string> Tokens, IReadOnlyList<string> Products)>();
        foreach (var post in posts)
        {
            var tokens = TextNormalizer.Tokens(post.Text);
            var found = products.Match(tokens);
            if (found.Count > 0) matched.Add((post, tokens, found));
        }
        if (matched.Count == 0) return new IngestResult(posts.Count, 0, 0);

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var scores = classifier.Classify(matched.Select(m => m.Post.Text).ToList());
        var probabilities = scores.Probabilities;
        metrics?.Classified(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        var scored = new List<ScoredPost>(matched.Count);
        for (var i = 0; i < matched.Count; i++)
        {
            var (post, tokens, found) = matched[i];
            var named = events.Match(tokens);
            var category = categorizer.Categorize(probabilities[i], scores.Threshold, named, events.IsComplaint(tokens), PostCategorizer.IsQuestion(post.Text));
            scored.Add(new ScoredPost(post, found, named, probabilities[i], category, scores.ModelVersion));
        }
        var stored = await store.AddPostsAsync(scored, ct);
        return new IngestResult(posts.Count, matched.Count, stored);
    }
}

/// <summary>Posts read, posts naming a watched product, posts new to the store.</summary>
public sealed record IngestResult(int Read, int Matched, int Stored);
