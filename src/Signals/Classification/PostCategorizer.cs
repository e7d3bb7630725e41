using Microsoft.Extensions.Options;

namespace Signals.Classification;

/// <summary>
/// Decides what a post is from the model's probability and the lexicons. A non-negated adverse event named by
/// the event lexicon (English and French) makes it a report. A product-complaint phrase without any event makes
/// it a complaint whatever the model says: the model learned from adverse-event sentences, never from complaints,
/// and a jammed pen or a tablet left out of the fridge reads to it like trouble with a drug. A question that names
/// no event asks rather than reports ("My GP switched me to Humira, any tips?" scores 0.4–0.8: the training
/// sentences are statements, and the words of starting a drug are the words of its side effects). Otherwise the
/// probability counts from the threshold of the model that gave it (or the configured override).
/// </summary>
public sealed class PostCategorizer(IOptions<ClassificationOptions> options)
{
    public PostCategory Categorize(float probability, double modelThreshold, IReadOnlyList<string> events, bool complaint, bool question = false)
    {
        if (events.Count > 0) return PostCategory.AdverseEvent;
        if (complaint) return PostCategory.ProductComplaint;
        if (question) return PostCategory.Other;
        return probability >= (options.Value.Threshold ?? modelThreshold) ? PostCategory.AdverseEvent : PostCategory.Other;
    }

    /// <summary>A post that ends with a question mark (French typing puts a space before it).</summary>
    public static bool IsQuestion(string text) => text.TrimEnd().EndsWith('?');
}
