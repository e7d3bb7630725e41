using Signals.Classification;
using Signals.Feeds;

namespace Signals.Storage;

/// <summary>A post after matching and classification: what the store keeps and detection counts.</summary>
public sealed record ScoredPost(
    Post Post,
    IReadOnlyList<string> Products,
    IReadOnlyList<string> Events,
    float AdverseEventProbability,
    PostCategory Category,
    string ModelVersion)
{
    public bool IsAdverseEvent => Category == PostCategory.AdverseEvent;

    /// <summary>The threshold the probability was compared with (the model's, or the configured override): the queue asks about posts close to it.</summary>
    public double? DecisionThreshold { get; init; }
}
