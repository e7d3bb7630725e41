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
}
