namespace Signals.Learning;

/// <summary>A post the model could be asked about: its id, text and how far its score is from its decision threshold.</summary>
public sealed record QueueCandidate(long Id, string Text, double Margin);

/// <summary>How posts are ranked before the near-copies are dropped.</summary>
public enum QueueStrategy
{
    /// <summary>Closest to the decision threshold first: the answers most likely to move the decision (uncertainty sampling).</summary>
    Uncertainty,

    /// <summary>In random order: the baseline a learning curve compares uncertainty with.</summary>
    Random,
}

/// <summary>
/// The "help the classifier" choice, one piece of code for the review page's queue and for <c>signals learning-curve</c>: rank
/// the candidates (least sure first), then take them in that order, skipping any near-copy (<see cref="NearCopies"/>) of a post
/// already taken or already asked about.
/// </summary>
public static class QueueSelection
{
    public static IReadOnlyList<QueueCandidate> Rank(IEnumerable<QueueCandidate> candidates, QueueStrategy strategy, Random? random = null) =>
        strategy == QueueStrategy.Uncertainty
            ? candidates.OrderBy(c => c.Margin).ThenBy(c => c.Id).ToList()
            : candidates.OrderBy(c => c.Id).Select(c => (c, Key: (random ?? Random.Shared).NextDouble())).OrderBy(x => x.Key).Select(x => x.c).ToList();

    /// <param name="ranked">Candidates in the order to ask them (<see cref="Rank"/>).</param>
    /// <param name="count">How many to take.</param>
    /// <param name="asked">Texts already in the queue or answered: a copy of one of them is not asked again.</param>
    public static IReadOnlyList<QueueCandidate> Pick(IReadOnlyList<QueueCandidate> ranked, int count, IEnumerable<string> asked)
    {
        var taken = asked.Select(NearCopies.Shingles).ToList();
        var picked = new List<QueueCandidate>();
        var ids = new HashSet<long>();
        foreach (var candidate in ranked)
        {
            if (picked.Count >= count) break;
            if (!ids.Add(candidate.Id)) continue;
            var shingles = NearCopies.Shingles(candidate.Text);
            if (taken.Any(t => NearCopies.Jaccard(t, shingles) >= NearCopies.Similar)) continue;
            taken.Add(shingles);
            picked.Add(candidate);
        }
        return picked;
    }
}
