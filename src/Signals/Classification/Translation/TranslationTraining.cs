namespace Signals.Classification.Translation;

/// <summary>
/// Chooses how much a French post's translation counts (<see cref="TranslationCard"/>) from training rows only: the smm4h-fr
/// training posts, each scored by the model of the fold that never saw it (both its French score and its translation's English
/// score, through <see cref="AdverseEventModel.Score"/> as in the worker), and the hand-written samples/french-labelled.tsv,
/// which no model trains on. The weight is the best average precision (threshold-free: with 27 reports an F1 moves on threshold
/// noise), the threshold the best F1 at that weight, sources weighed by size. The report beside it is nested: each smm4h-fr
/// fold is judged with a weight and threshold chosen without it, so the "with translation" figure is out of sample.
/// </summary>
public static class TranslationTraining
{
    private static readonly double[] Weights = Enumerable.Range(0, 11).Select(i => i / 10.0).ToArray();
    private static readonly double[] Thresholds = Enumerable.Range(5, 91).Select(t => t / 100.0).ToArray();

    /// <summary>One French row with its two scores and the fold it was left out of (-1: never trained on).</summary>
    public sealed record Scored(string Corpus, bool Label, int Fold, float French, float English);

    public static TrainedModel Choose(TrainedModel trained, ApertiumTranslator translator, IReadOnlyList<LabelledSentence> samples,
        IReadOnlyDictionary<string, string> packages)
    {
        var cv = trained.CrossValidation ?? throw new InvalidOperationException("the translation weight needs the model's cross-validation");
        var model = trained.Model;
        var rows = new List<Scored>();
        var french = Enumerable.Range(0, cv.Rows.Count).Where(i => cv.Rows[i].Corpus == TrainingCorpora.SmmFrench).ToList();
        foreach (var fold in french.GroupBy(i => cv.Fold[i]))
        {
            // The fold's n-gram weights under the final card (and transformer): the worker's scoring, on rows this model never saw.
            var foldModel = model.With(cv.FoldModels[fold.Key]!, model.Head, model.Card, $"fold {fold.Key}");
            rows.AddRange(Score(foldModel, translator, fold.Select(i => cv.Rows[i]).ToList(), fold.Key));
        }
        rows.AddRange(Score(model, translator, samples, -1));
        if (!rows.Any(r => r.Label) || rows.All(r => r.Label)) throw new InvalidDataException("no French training rows of both labels to weigh the translation on");

        var (weight, threshold) = Fit(rows);
        var untranslated = Nested(rows, [0.0]);
        var translated = Nested(rows, Weights);
        var smm = rows.Where(r => r.Corpus == TrainingCorpora.SmmFrench).ToList();
        var modelThreshold = model.ThresholdFor(PostDomain.Social);
        var metrics = new List<ModelMetrics>
        {
            ModelMetrics.From($"{TrainingCorpora.SmmFrench} cross-validated, untranslated, at the model's threshold (AP {RankingMetrics.AveragePrecision(smm.Select(r => r.French).ToList(), Labels(smm)):0.000})",
                smm.Select(r => r.French).ToList(), Labels(smm), modelThreshold),
            ModelMetrics.From($"{TrainingCorpora.SmmFrench} cross-validated, untranslated, threshold chosen on the other folds (nested)", untranslated.Scores, untranslated.Labels, 0.5),
            ModelMetrics.From($"{TrainingCorpora.SmmFrench} cross-validated, with translation, weight and threshold chosen on the other folds (nested; AP {RankingMetrics.AveragePrecision(translated.Mixed, translated.Labels):0.000})",
                translated.Scores, translated.Labels, 0.5),
        };
        foreach (var source in rows.GroupBy(r => r.Corpus))
        {
            var labels = Labels(source.ToList());
            metrics.Add(ModelMetrics.From($"{source.Key}, with translation as shipped (weight {weight:0.0}; rows that chose it)",
                source.Select(r => new TranslationCard("", packages, weight, threshold, modelThreshold, [], "").Combine(r.French, r.English)).ToList(), labels, modelThreshold));
        }
        var card = new TranslationCard(
            "Apertium, French to Catalan to English (apertium -u fra-cat | apertium -u cat-eng), one process per batch", packages,
            weight, threshold, modelThreshold, metrics,
            "a French post scores weight × (English score of its translation) + (1 − weight) × (its own score), judged at threshold, " +
            "moved by (model threshold − threshold); untranslated posts keep their own score");
        return trained with { Model = model.With(model.Linear, model.Head, model.Card! with { Translation = card }, model.Version) };
    }

    private static IEnumerable<Scored> Score(AdverseEventModel model, ApertiumTranslator translator, IReadOnlyList<LabelledSentence> rows, int fold)
    {
        var texts = rows.Select(r => r.Text).ToList();
        var french = model.Score(texts, PostDomain.Social);
        var english = model.Score(translator.TranslateAsync(texts).GetAwaiter().GetResult(), PostDomain.Social);
        return rows.Select((r, i) => new Scored(r.Corpus, r.Label, fold, french[i], english[i]));
    }

    /// <summary>The weight with the best average precision (the smaller on a tie), then the threshold with the best F1, sources weighed by size.</summary>
    public static (double Weight, double Threshold) Fit(IReadOnlyList<Scored> rows, IReadOnlyList<double>? weights = null)
    {
        var sources = rows.GroupBy(r => r.Corpus).Select(g => g.ToList()).ToList();
        double Mix(Scored r, double w) => w * r.English + (1 - w) * r.French;
        var weight = (weights ?? Weights).MaxBy(w => sources.Sum(s => s.Count * RankingMetrics.AveragePrecision(s.Select(r => (float)Mix(r, w)).ToList(), Labels(s))));
        var threshold = Thresholds.MaxBy(t => ModelMetrics.MeanF1BySource(
            sources.Select(s => ((IReadOnlyList<float>)s.Select(r => (float)Mix(r, weight)).ToList(), (IReadOnlyList<bool>)Labels(s))), t));
        return (weight, threshold);
    }

    /// <summary>
    /// Each smm4h-fr fold scored with a weight and threshold chosen on every other row: the mixed score (for average precision)
    /// and the 0/1 decision at that fold's threshold (for F1).
    /// </summary>
    private static (List<float> Mixed, List<float> Scores, List<bool> Labels) Nested(IReadOnlyList<Scored> rows, IReadOnlyList<double> weights)
    {
        var (mixed, scores, labels) = (new List<float>(), new List<float>(), new List<bool>());
        foreach (var fold in rows.Where(r => r.Fold >= 0).GroupBy(r => r.Fold))
        {
            var (w, t) = Fit(rows.Where(r => r.Fold != fold.Key).ToList(), weights);
            foreach (var r in fold)
            {
                var score = (float)(w * r.English + (1 - w) * r.French);
                mixed.Add(score);
                scores.Add(score >= t ? 1f : 0f);
                labels.Add(r.Label);
            }
        }
        return (mixed, scores, labels);
    }

    private static List<bool> Labels(IEnumerable<Scored> rows) => rows.Select(r => r.Label).ToList();
}
