using Microsoft.Extensions.Options;

namespace Signals.Classification;

/// <summary>
/// Decides what a post is from the model's probability and the lexicons. The probability counts from the
/// threshold of the model that gave it (or the configured override). A post in which the event lexicon
/// (English and French) finds a non-negated adverse event also counts: the lexicon is surer than the model on
/// short French posts, which the model learned only through its language-independent features.
/// A product complaint without any event is a complaint.
/// </summary>
public sealed class PostCategorizer(IOptions<ClassificationOptions> options)
{
    public PostCategory Categorize(float probability, double modelThreshold, IReadOnlyList<string> events, bool complaint)
    {
        if (probability >= (options.Value.Threshold ?? modelThreshold) || events.Count > 0) return PostCategory.AdverseEvent;
        return complaint ? PostCategory.ProductComplaint : PostCategory.Other;
    }
}
