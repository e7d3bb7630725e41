using System.Collections;

namespace Signals.Classification;

/// <summary>
/// A batch's adverse-event scores, in order, and for each the least score from which the decision's cue rules may still make
/// the post a report (<see cref="Transformer.BlendedScore.RuleFloor"/>): 0 for posts the n-gram model decides alone, the
/// domain's floor for posts the fused model scored. Reads as the list of scores, so callers that only rank are unchanged.
/// </summary>
public sealed class ModelScores(float[] scores, float[]? ruleFloors = null) : IReadOnlyList<float>
{
    private readonly float[] _scores = scores;

    public float this[int index] => _scores[index];

    public int Count => _scores.Length;

    /// <summary>The rule floor of post <paramref name="index"/>: 0 unless the fused model scored it under a card with a floor.</summary>
    public float RuleFloor(int index) => ruleFloors?[index] ?? 0;

    /// <summary>The same floors over other scores of the same posts (a French post's combined with its translation's).</summary>
    public ModelScores With(float[] scores) =>
        scores.Length == _scores.Length ? new ModelScores(scores, ruleFloors) : throw new ArgumentException("one score a post", nameof(scores));

    public IEnumerator<float> GetEnumerator() => ((IEnumerable<float>)_scores).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _scores.GetEnumerator();
}
