using Microsoft.Extensions.Options;

namespace Signals.Classification;

/// <summary>
/// Decides what a post is from the model's probability and the lexicons. The model reads
/// English only, so a post in which the event lexicon (English and French) finds a
/// non-negated adverse event also counts: that is how French posts are recognised until the
/// classifier issue trains on French. A product complaint without any event is a complaint.
/// </summary>
public sealed class PostCategorizer(IOptions<ClassificationOptions> options)
{
    public PostCategory Categorize(float probability, IReadOnlyList<string> events, bool complaint)
    {
        if (probability >= options.Value.Threshold || events.Count > 0) return PostCategory.AdverseEvent;
        return complaint ? PostCategory.ProductComplaint : PostCategory.Other;
    }
}
