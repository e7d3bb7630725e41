using Signals.Classification;
using Signals.Feeds;
using Signals.Health;
using Signals.Matching;
using Signals.Storage;

namespace Signals.Ingestion;

/// <summary>
/// Carries posts through matching and classification into the store. Posts that name no watched product stop at
/// the lexicon (most of the traffic) before any ML runs, and cost no allocation there; the rest are scored in one
/// batch and written in one. The two halves are separate so <see cref="IngestionPipeline"/> can run them on
/// different threads; <see cref="IngestAsync"/> runs both in turn for a feed's batch.
/// </summary>
public sealed class PostIngestor(
    ProductMatcher products, EventMatcher events, AdverseEventClassifier classifier, PostCategorizer categorizer, ISignalStore store,
    SignalsMetrics? metrics = null)
{
    public async Task<IngestResult> IngestAsync(IReadOnlyList<Post> posts, CancellationToken ct)
    {
        var tokens = new NormalizedText();
        var matched = new List<MatchedPost>();
        foreach (var post in posts)
            if (Match(post, tokens) is { } m) matched.Add(m);
        var refused = new List<string>();
        return new IngestResult(posts.Count, matched.Count, await StoreAsync(matched, ct, refused), refused);
    }

    /// <summary>The lexicon pre-filter: the post with the products it names, or null. <paramref name="tokens"/> is the caller's reusable buffer.</summary>
    public MatchedPost? Match(Post post, NormalizedText tokens)
    {
        tokens.Load(post.Text);
        var found = products.Match(tokens);
        // The language is settled only for the posts kept: the guess reads the text, which the other 98 % never need.
        return found.Count == 0 ? null : new MatchedPost(post with { Language = PostLanguage.Of(post) }, found);
    }

    /// <summary>
    /// Scores the matched posts in one batch, names their events and stores them in one transaction. Returns how many were
    /// new. Posts the database refuses are named in <paramref name="refused"/> when given (the others are stored), else thrown.
    /// </summary>
    public async Task<int> StoreAsync(IReadOnlyList<MatchedPost> matched, CancellationToken ct, List<string>? refused = null)
    {
        if (matched.Count == 0) return 0;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var texts = new string[matched.Count];
        var languages = new string?[matched.Count];
        for (var i = 0; i < texts.Length; i++) (texts[i], languages[i]) = (matched[i].Post.Text, matched[i].Post.Language);
        var scores = classifier.Classify(texts, languages);
        var probabilities = scores.Probabilities;
        metrics?.Classified(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        var scored = new List<ScoredPost>(matched.Count);
        for (var i = 0; i < matched.Count; i++)
        {
            var (post, found) = matched[i];
            var tokens = TextNormalizer.Tokens(post.Text); // only for the few posts that name a product
            var named = events.Match(tokens, post.Text);
            var category = categorizer.Categorize(post.Text, tokens, probabilities[i], scores.Threshold, named, events.IsComplaint(tokens),
                probabilities.RuleFloor(i));
            scored.Add(new ScoredPost(post, found, named, probabilities[i], category, scores.ModelVersion) { DecisionThreshold = categorizer.ThresholdFor(scores.Threshold) });
        }
        try { return await store.AddPostsAsync(scored, ct); }
        catch (PostsRefusedException ex) when (refused is not null)
        {
            refused.AddRange(ex.Refused);
            return ex.Stored;
        }
    }
}

/// <summary>A post that names at least one watched product, and those products.</summary>
public sealed record MatchedPost(Post Post, IReadOnlyList<string> Products);

/// <summary>Posts read, posts naming a watched product, posts new to the store; the posts the database refused, one line each.</summary>
public sealed record IngestResult(int Read, int Matched, int Stored, IReadOnlyList<string> Refused);
