using Microsoft.Extensions.Logging;
using Signals.Classification.Transformer;
using Signals.Feeds;

namespace Signals.Classification.Translation;

/// <summary>
/// The seam where French posts are also read in English: the posts written in French get their translation scored by the
/// model's English path — the same <see cref="AdverseEventModel.Score"/> every English post takes, whatever it holds (n-gram
/// model, transformer) — and that score joins the French one as the model's card says (<see cref="TranslationCard"/>).
/// A post is never lost to translation: past the budget, when Apertium fails or is missing, or with a model that has no
/// translation weight, it keeps its untranslated score.
/// </summary>
public sealed class FrenchTranslation(ApertiumTranslator? translator, TranslationBudget? budget, ILogger logger)
{
    private readonly Lock _gate = new();
    private int _failedBatches;
    private string? _toldWithout;

    /// <summary>The translator; null when Apertium is not installed (said once, at start).</summary>
    public ApertiumTranslator? Translator { get; } = translator;

    public TranslationBudget? Budget { get; } = budget;

    /// <summary>Finds Apertium and says once whether French will be translated.</summary>
    public static FrenchTranslation Start(ClassificationOptions options, TranslationBudget? budget, ILogger logger)
    {
        if (options.TranslationShare == 0)
        {
            logger.TranslationUnavailable("Signals:Classification:TranslationShare is 0");
            return new FrenchTranslation(null, budget, logger);
        }
        if (ApertiumProbe.WhyUnavailable(options.Apertium) is { } reason)
        {
            logger.TranslationUnavailable(reason);
            return new FrenchTranslation(null, budget, logger);
        }
        if (budget is null) logger.TranslationEverything($"{options.Apertium} fra-cat | cat-eng");
        else logger.TranslationAvailable($"{options.Apertium} fra-cat | cat-eng", options.TranslationShare);
        return new FrenchTranslation(new ApertiumTranslator(options.Apertium, options.TranslationTimeout), budget, logger);
    }

    /// <summary>
    /// The scores of <paramref name="texts"/> with each French post's (language from <paramref name="languages"/>, else guessed)
    /// combined with its translation's; <paramref name="scores"/> are the model's untranslated ones, returned as they are when
    /// nothing is translated.
    /// </summary>
    public ModelScores Apply(AdverseEventModel model, IReadOnlyList<string> texts, IReadOnlyList<string?>? languages,
        ModelScores scores, TransformerBudget? transformerBudget = null)
    {
        if (Translator is null || texts.Count == 0) return scores;
        if (model.Card?.Translation is not { } card)
        {
            lock (_gate)
                if (_toldWithout != model.Version) { _toldWithout = model.Version; logger.ModelWithoutTranslation(model.Version); }
            return scores;
        }
        var french = Enumerable.Range(0, texts.Count).Where(i => AdverseEventModel.IsFrench(texts, languages, i)).ToList();
        if (french.Count == 0) return scores;
        var granted = Budget?.Take(french.Count) ?? french.Count;
        var asked = french.Take(granted).ToList();
        var started = Budget?.Time.GetTimestamp() ?? 0;
        var english = Translate(asked.Select(i => texts[i]).ToList());
        if (asked.Count > 0) Budget?.Used(Budget.Time.GetElapsedTime(started));
        Budget?.Count(english is null ? 0 : asked.Count, french.Count - (english is null ? 0 : asked.Count));
        if (english is null) return scores;
        var englishScores = model.Score(english, PostDomain.Social, transformerBudget);
        var combined = scores.ToArray();
        for (var k = 0; k < asked.Count; k++) combined[asked[k]] = card.Combine(scores[asked[k]], englishScores[k]);
        return scores.With(combined); // French posts are never fused: their floor stays 0
    }

    /// <summary>The translations, or null when Apertium failed (logged once until it works again).</summary>
    private IReadOnlyList<string>? Translate(IReadOnlyList<string> texts)
    {
        if (texts.Count == 0) return [];
        try
        {
            var english = Translator!.TranslateAsync(texts).GetAwaiter().GetResult();
            var failed = Interlocked.Exchange(ref _failedBatches, 0);
            if (failed > 0) logger.TranslationRecovered(failed);
            return english;
        }
        catch (TranslationFailedException ex)
        {
            if (Interlocked.Increment(ref _failedBatches) == 1) logger.TranslationFailed(texts.Count, ex.Message);
            return null;
        }
    }
}
