using Signals.Classification.Linear;

namespace Signals.Learning;

/// <summary>
/// Near-copies of a post — retweets ("RT @x: …"), cross-posts, a bot's template with another drug name — by the Jaccard
/// similarity of hashed word 2-shingles of the folded text (the classifier's own folding). Asking an analyst about twenty
/// copies of one post teaches the model once and costs twenty answers; from <see cref="Similar"/> on, a post counts as a copy.
/// </summary>
public static class NearCopies
{
    /// <summary>Shingle overlap from which two posts are copies of each other: a retweet prefix or a changed word or two stays above it.</summary>
    public const double Similar = 0.6;

    public static HashSet<ulong> Shingles(string text)
    {
        var words = NgramHasher.Folded(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var shingles = new HashSet<ulong>();
        if (words.Length == 1) shingles.Add(Hash(words[0], ""));
        for (var i = 0; i + 1 < words.Length; i++) shingles.Add(Hash(words[i], words[i + 1]));
        return shingles;
    }

    public static double Jaccard(HashSet<ulong> a, HashSet<ulong> b)
    {
        if (a.Count == 0 && b.Count == 0) return 1;
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var shared = small.Count(large.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }

    // FNV-1a over both words: 64 bits, so two different shingles of a few posts practically never collide.
    private static ulong Hash(string first, string second)
    {
        var h = 14695981039346656037UL;
        foreach (var c in first) h = (h ^ c) * 1099511628211UL;
        h = (h ^ ' ') * 1099511628211UL;
        foreach (var c in second) h = (h ^ c) * 1099511628211UL;
        return h;
    }
}
