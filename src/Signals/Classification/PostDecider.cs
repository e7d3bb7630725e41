using Microsoft.Extensions.Options;
using Signals.Matching;

namespace Signals.Classification;

/// <summary>
/// The worker's whole decision for a batch of texts — model probability, event lexicon, complaint phrases and the cues of
/// <see cref="PostCues"/> through <see cref="PostCategorizer"/> — outside the worker, so training and <c>signals evaluate</c>
/// measure the category analysts see and not only the model's probability.
/// </summary>
public sealed class PostDecider(EventMatcher events, PostCategorizer categorizer)
{
    /// <summary>The shipped lexicon (config/events.json) and the categorizer without a threshold override.</summary>
    public static PostDecider Shipped() => new(
        new EventMatcher(EventLexicon.Load(SignalsPaths.Resolve("config", "events.json"))),
        new PostCategorizer(Options.Create(new ClassificationOptions())));

    public IReadOnlyList<PostCategory> Decide(AdverseEventModel model, IReadOnlyList<string> texts, string domain = PostDomain.Social) =>
        Decide(texts, model.Score(texts, domain), model.ThresholdFor(domain));

    /// <summary>The decision on texts already scored (so a report beside the model's metrics scores each text once).</summary>
    public IReadOnlyList<PostCategory> Decide(IReadOnlyList<string> texts, ModelScores probabilities, double threshold) =>
        Decide(Read(texts), probabilities, threshold);

    /// <summary>The decision on texts already read (<see cref="Read"/>): training decides one batch under many candidate rule floors.</summary>
    public IReadOnlyList<PostCategory> Decide(IReadOnlyList<Reading> readings, ModelScores probabilities, double threshold)
    {
        var categories = new PostCategory[readings.Count];
        for (var i = 0; i < readings.Count; i++)
            categories[i] = categorizer.Categorize(probabilities[i], threshold, readings[i].Events, readings[i].Complaint, readings[i].Cues, probabilities.RuleFloor(i));
        return categories;
    }

    /// <summary>What the decision reads in each text besides its score: the lexicon's events, complaint phrases and the cues.</summary>
    public IReadOnlyList<Reading> Read(IReadOnlyList<string> texts) => texts.Select(text =>
    {
        var tokens = TextNormalizer.Tokens(text);
        return new Reading(events.Match(tokens, text), events.IsComplaint(tokens), PostCues.Read(text, tokens));
    }).ToList();

    public sealed record Reading(IReadOnlyList<string> Events, bool Complaint, PostCues Cues);

    /// <summary>
    /// Precision, recall and F1 of the decision "adverse event" against binary labels (one domain: the first row's), beside the
    /// model probability's AUC, AP and best-threshold F1 on the same rows: what the threshold and the rules cost or add.
    /// </summary>
    public ModelMetrics Evaluate(AdverseEventModel model, string split, IReadOnlyList<LabelledSentence> rows)
    {
        var domain = rows.Count == 0 ? PostDomain.Social : rows[0].Domain;
        var texts = rows.Select(r => r.Text).ToList();
        var probabilities = model.Score(texts, domain);
        var decided = Decide(texts, probabilities, model.ThresholdFor(domain));
        return ModelMetrics.From($"{split}: worker decision (category adverse-event)", probabilities, rows.Select(r => r.Label).ToList(),
            decided.Select(c => c == PostCategory.AdverseEvent).ToList(), model.ThresholdFor(domain));
    }

    /// <summary>Per-category precision and recall of the decision on texts labelled with their category.</summary>
    public static IReadOnlyList<CategoryMetrics> PerCategory(IReadOnlyList<PostCategory> expected, IReadOnlyList<PostCategory> decided) =>
        PostCategories.All.Select(c =>
        {
            int tp = 0, fp = 0, fn = 0;
            for (var i = 0; i < expected.Count; i++)
            {
                if (decided[i] == c && expected[i] == c) tp++;
                else if (decided[i] == c) fp++;
                else if (expected[i] == c) fn++;
            }
            double p = tp + fp == 0 ? 0 : (double)tp / (tp + fp), r = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
            return new CategoryMetrics(c.Name(), tp + fn, Math.Round(p, 4), Math.Round(r, 4), tp == 0 ? 0 : Math.Round(2.0 * tp / (2 * tp + fp + fn), 4));
        }).ToList();
}

public sealed record CategoryMetrics(string Category, int Examples, double Precision, double Recall, double F1)
{
    public override string ToString() => $"{Category}: n={Examples}  precision {Precision:F3}  recall {Recall:F3}  F1 {F1:F3}";
}
