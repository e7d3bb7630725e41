using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.ML;
using Signals.Classification.Linear;
using Signals.Classification.Transformer;

namespace Signals.Classification;

/// <summary>
/// Trains the adverse-event model: chooses the decision threshold on cross-validation folds of the training data
/// (by review or article, like the held-out split), fits the model on all of it, and measures it on the held-out
/// splits and any other labelled material at that threshold. Nothing held out ever chooses anything.
/// </summary>
public sealed class AdverseEventModelTrainer(TimeProvider time)
{
    public const int Seed = 20170715;
    public const int DefaultFolds = 4;
    // Patient text counts twice: PsyTAR has a quarter of the sentences of ADE, and posts are written like reviews.
    // Positives count twice: a fifth to a third of sentences are reports. Both measured on training folds (+0.01 F1 on PsyTAR).
    private const float PatientWeight = 2, PositiveWeight = 2;
    // Social posts count twice too: they are what the worker reads, and a tenth of them are reports.
    private const float SocialWeight = 2;

    /// <param name="maxTrainingRows">Cap on training sentences per corpus (a quick model for tests); null for all.</param>
    /// <param name="unit">
    /// What the held-out split and the folds keep together: whole reviews and articles (the honest estimate for new
    /// posts), or single sentences, the random split of the published scores, where an article's other sentences
    /// are in training: only to compare with those numbers.
    /// </param>
    /// <param name="corpora">The shared corpora to train on (<see cref="TrainingCorpora.All"/> when null).</param>
    public TrainedModel TrainOnSharedData(string dataDir, int? maxTrainingRows = null, string trainer = AdverseEventPipeline.Linear, int folds = DefaultFolds,
        SplitUnit unit = SplitUnit.Group, IReadOnlyCollection<string>? corpora = null, string? transformerFile = null, IReadOnlyList<AnalystVerdict>? verdicts = null,
        IReadOnlyList<string>? transformerFolds = null)
    {
        var random = new Random(Seed);
        var sets = new List<ModelCard.TrainingSet>();
        var training = new List<LabelledSentence>();
        var heldOut = new List<(string Name, List<LabelledSentence> Rows)>();
        foreach (var corpus in (corpora ?? TrainingCorpora.All).Distinct())
        {
            var rows = TrainingCorpora.Load(dataDir, corpus); // names an unknown corpus
            if (unit == SplitUnit.Sentence) rows = TrainingCorpora.BySentence(rows);
            var train = Cap(rows.Where(r => !r.IsHeldOut).ToList(), maxTrainingRows, random);
            training.AddRange(train);
            sets.Add(Describe(ModelCard.Sources[corpus], train));
            heldOut.Add((HeldOutName(corpus, unit), rows.Where(r => r.IsHeldOut).ToList()));
        }
        ModelCard.VerdictsCard? verdictsCard = null;
        if (verdicts is { Count: > 0 })
        {
            // Grouped by author: the held-out fifth and the folds are chosen by the author's hash, so one person's posts are never on both sides.
            var rows = verdicts.Select(v => new LabelledSentence(AnalystVerdict.Corpus, v.Author ?? $"post:{v.PostId}", v.Text, v.Label)).ToList();
            var train = rows.Where(r => !r.IsHeldOut).ToList();
            training.AddRange(train);
            sets.Add(Describe(new ModelCard.TrainingSet(AnalystVerdict.Corpus, "the store's verdicts (signals train --verdicts)", "the team's own", "", 0, 0), train));
            heldOut.Add((AnalystVerdict.HeldOutName, rows.Where(r => r.IsHeldOut).ToList()));
            verdictsCard = new ModelCard.VerdictsCard(train.Count, train.Count(r => r.Label), rows.Count - train.Count,
                verdicts.GroupBy(v => v.Language ?? "unknown").OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
                "by author: a stable hash of the author's pseudonym sends one author in five to the held-out verdicts");
        }
        var trained = Train(training, sets, trainer, folds, unit, heldOut.Where(h => h.Rows.Count > 0).ToList(), model => OtherEvaluations.Measure(model, dataDir), transformerFile,
            transformerFolds) with
        {
            HeldOutRows = heldOut.Select(h => (h.Name, (IReadOnlyList<LabelledSentence>)h.Rows)).ToList(),
        };
        return verdictsCard is null ? trained
            : trained with { Model = trained.Model.WithCard(trained.Card with { Verdicts = verdictsCard with { HeadVerdicts = trained.Model.Head?.Verdicts } }) };
    }

    /// <summary>The held-out split's name in the card (and in <c>evaluate</c>, which measures the same rows).</summary>
    public static string HeldOutName(string corpus, SplitUnit unit) => (corpus, unit) switch
    {
        (TrainingCorpora.PsyTar, SplitUnit.Group) => "psytar held-out reviews (patient text)",
        (TrainingCorpora.AdeCorpus, SplitUnit.Group) => "ade-corpus-v2 held-out articles (case reports)",
        (TrainingCorpora.SmmEnglish, _) => "smm4h-en held-out tweets (social, English; a fifth by a stable hash of the text)",
        (TrainingCorpora.SmmFrench, _) => "smm4h-fr held-out forum posts (social, French; caveat: positives and negatives come from different forums)",
        _ => $"{corpus} held-out sentences (random split: other sentences of the same {GroupName(corpus)} are in training)",
    };

    /// <summary>Trains on a data scientist's labelled files; the cross-validated metrics are the only estimate (no held-out split).</summary>
    public TrainedModel TrainOnFiles(IReadOnlyList<string> files, string trainer = AdverseEventPipeline.Linear, int folds = DefaultFolds, string? transformerFile = null,
        IReadOnlyList<string>? transformerFolds = null)
    {
        var rows = files.SelectMany(LabelledFile.Read).ToList();
        var sets = files.Select(f => Describe(new ModelCard.TrainingSet(Path.GetFileName(f), Path.GetFullPath(f), "as the file's owner states", "", 0, 0),
            rows.Where(r => r.Corpus == Path.GetFileName(f)).ToList())).ToList();
        // No held-out split: the candidate's estimate is out-of-fold; the live model is compared with it on all the rows, which it never saw.
        return Train(rows, sets, trainer, folds, SplitUnit.Group, [], _ => [], transformerFile, transformerFolds) with
        {
            HeldOutRows = rows.GroupBy(r => r.Corpus).Select(g => ($"{g.Key} (candidate cross-validated)", (IReadOnlyList<LabelledSentence>)g.ToList())).ToList(),
        };
    }

    private TrainedModel Train(IReadOnlyList<LabelledSentence> rows, IReadOnlyList<ModelCard.TrainingSet> sets, string trainer, int folds, SplitUnit unit,
        IReadOnlyList<(string Name, List<LabelledSentence> Rows)> heldOutSets, Func<AdverseEventModel, IReadOnlyList<ModelMetrics>> others,
        string? transformerFile = null, IReadOnlyList<string>? transformerFolds = null)
    {
        if (rows.Count(r => r.Label) == 0 || rows.Count(r => !r.Label) == 0) throw new InvalidDataException("Training needs both positive (1) and negative (0) examples");
        var started = Stopwatch.GetTimestamp();
        if (trainer != AdverseEventPipeline.Linear)
            throw new InvalidDataException($"unknown trainer '{trainer}': the model is {AdverseEventPipeline.Linear} (LightGbm was dropped with the hashed features, docs/classifier.md)");
        var ml = new MLContext(Seed);
        var featurizer = new AdverseEventFeaturizer();
        var scratch = new SparseFeatures();
        var inputs = rows.Select(r => AdverseEventPipeline.Featurize(Input(featurizer, r), NgramHasher.DefaultBits, scratch)).ToList();

        var (outOfFold, foldOf, foldModels) = CrossValidate(ml, rows, inputs, folds);
        var thresholds = ChooseThresholds(rows, outOfFold);
        var threshold = thresholds.TryGetValue(PostDomain.Social, out var social) ? social : thresholds.Values.Average();
        var crossValidated = rows.Select((r, i) => (r, i)).GroupBy(x => x.r.Corpus)
            .Select(g => ModelMetrics.From($"{g.Key} cross-validated ({folds} folds by {(unit == SplitUnit.Sentence ? "sentence" : GroupName(g.Key))})",
                g.Select(x => outOfFold[x.i]).ToList(), g.Select(x => x.r.Label).ToList(), thresholds[TrainingCorpora.DomainOf(g.Key)])).ToList();

        var linear = AdverseEventPipeline.Fit(ml, inputs);

        // The fine-tuned int8 MiniLM (scripts/fine-tune.sh), when given: its fusion with this model is chosen on out-of-fold
        // scores of every training row when fold models are given (--transformer-folds), else on the dev rows.
        byte[]? tuned = null;
        MiniLmScorer? miniLm = null;
        ModelCard.TransformerCard? part = null;
        HeadCorrection? head = null;
        if (transformerFile is not null)
        {
            tuned = File.ReadAllBytes(transformerFile);
            miniLm = new MiniLmScorer(tuned, transformerFile);
            var foldScorers = new List<MiniLmScorer>();
            try
            {
                for (var k = 0; k < (transformerFolds?.Count ?? 0); k++) foldScorers.Add(OpenFold(transformerFolds![k], k, folds));
                part = TransformerBlend.Choose(rows, outOfFold, thresholds, miniLm, PostDecider.Shipped(), transformerFolds is null ? null : (foldScorers, foldOf));
            }
            finally
            {
                foldScorers.ForEach(m => m.Dispose());
            }
            // Analysts' verdicts among the rows also correct MiniLM's head: for English posts it carries most of the fused score.
            head = Learning.HeadUpdate.FromTraining(rows, miniLm);
        }
        var provisional = new AdverseEventModel(linear, featurizer, Card(trainer, threshold, thresholds, sets, [], [], [], 0, unit) with { Transformer = part },
            "training", miniLm, tuned, head);
        var held = heldOutSets.Select(h => ModelMetrics.Evaluate(provisional, h.Name, h.Rows)).ToList();
        if (part is not null) // the n-gram model alone on the same rows, to show what the transformer adds
            held.AddRange(heldOutSets.Select(h => ModelMetrics.From(h.Name + ", n-gram model alone", provisional.ScoreNgram(h.Rows.Select(r => r.Text).ToList(), h.Rows[0].Domain),
                h.Rows.Select(r => r.Label).ToList(), thresholds.GetValueOrDefault(h.Rows[0].Domain, threshold))));
        var decider = PostDecider.Shipped();
        var decisions = heldOutSets.Select(h => decider.Evaluate(provisional, h.Name, h.Rows)).ToList();
        var other = others(provisional);
        var seconds = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 1);
        var card = Card(trainer, threshold, thresholds, sets, held, crossValidated, other, seconds, unit);
        var report = HeldOutReport.Measure(provisional, decider, heldOutSets.Select(h => (h.Name, (IReadOnlyList<LabelledSentence>)h.Rows)));
        return new TrainedModel(new AdverseEventModel(linear, featurizer, card with { HeldOutDecisions = decisions, HeldOutReport = report, Transformer = part }, "training", miniLm, tuned, head))
        {
            CrossValidation = new CrossValidation(rows, outOfFold, foldOf, foldModels),
        };
    }

    /// <summary>
    /// The MiniLM fine-tuned without fold <paramref name="fold"/> (scripts/fine-tune.sh writes one per fold): it must say it left
    /// out that fold of as many folds as this cross-validation has, or its out-of-fold scores would be in sample.
    /// </summary>
    private static MiniLmScorer OpenFold(string path, int fold, int folds)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"no fold model at {Path.GetFullPath(path)} (scripts/fine-tune.sh writes them)");
        var model = new MiniLmScorer(File.ReadAllBytes(path), path);
        var expected = $"{fold} of {folds}";
        var left = model.Training.GetValueOrDefault("fold");
        if (left == expected) return model;
        model.Dispose();
        throw new InvalidDataException($"{Path.GetFullPath(path)}: the fine-tune left out fold '{left ?? "none"}', not {expected} " +
            "(the fold models are given in fold order and must match --folds)");
    }

    /// <summary>Out-of-fold P(adverse event) for every training row; a review's or article's sentences stay in one fold.</summary>
    private static (float[] OutOfFold, int[] Fold, LinearModel?[] Models) CrossValidate(MLContext ml, IReadOnlyList<LabelledSentence> rows,
        List<AdverseEventPipeline.Row> inputs, int folds)
    {
        var outOfFold = new float[rows.Count];
        var fold = rows.Select(r => FoldOf(r, folds)).ToArray();
        var models = new LinearModel?[folds];
        for (var k = 0; k < folds; k++)
        {
            var train = Enumerable.Range(0, rows.Count).Where(i => fold[i] != k).Select(i => inputs[i]).ToList();
            var test = Enumerable.Range(0, rows.Count).Where(i => fold[i] == k).ToList();
            if (test.Count == 0) continue;
            var model = models[k] = AdverseEventPipeline.Fit(ml, train);
            foreach (var i in test) outOfFold[i] = model.Probability(inputs[i].Features);
        }
        return (outOfFold, fold, models);
    }

    /// <summary>
    /// One threshold per domain, each the best F1 on that domain's out-of-fold predictions: a tweet is a report far less often
    /// than a review sentence, so one shared threshold would buy the reviews' recall with the tweets' precision
    /// (per-domain calibration). Within a domain, the best mean F1 over its sources.
    /// </summary>
    private static Dictionary<string, double> ChooseThresholds(IReadOnlyList<LabelledSentence> rows, float[] outOfFold) =>
        rows.Select((r, i) => (r, i)).GroupBy(x => x.r.Domain).ToDictionary(d => d.Key, d =>
        {
            var sources = d.GroupBy(x => x.r.Corpus)
                .Select(g => ((IReadOnlyList<float>)g.Select(x => outOfFold[x.i]).ToList(), (IReadOnlyList<bool>)g.Select(x => x.r.Label).ToList()))
                .ToList();
            // The SMM4H French posts are too few to move the social threshold; they are weighed by their size, not as a source.
            return Enumerable.Range(5, 91).Select(t => t / 100.0).MaxBy(t => ModelMetrics.MeanF1BySource(sources, t));
        });

    /// <summary>
    /// The cross-validation fold of a training row: byte 1 of the hash that chose the held-out groups by byte 0, so folds are
    /// independent of that choice. The transformer's fold fine-tunes (scripts/fine-tune.sh) read the same folds from the rows.
    /// </summary>
    public static int FoldOf(LabelledSentence row, int folds) => SHA256.HashData(Encoding.UTF8.GetBytes(row.Corpus + "/" + row.Group))[1] % folds;

    private static string GroupName(string corpus) => corpus switch
    {
        TrainingCorpora.PsyTar => "review",
        TrainingCorpora.AdeCorpus => "article",
        AnalystVerdict.Corpus => "author",
        _ => "row",
    };

    private static AdverseEventInput Input(AdverseEventFeaturizer featurizer, LabelledSentence row)
    {
        var input = featurizer.Input(row.Text, row.Label, row.Domain);
        input.Weight = (row.Label ? PositiveWeight : 1) * row.Domain switch { PostDomain.Review => PatientWeight, PostDomain.Social => SocialWeight, _ => 1 };
        return input;
    }

    private ModelCard Card(string trainer, double threshold, IReadOnlyDictionary<string, double> thresholds, IReadOnlyList<ModelCard.TrainingSet> sets, IReadOnlyList<ModelMetrics> heldOut,
        IReadOnlyList<ModelMetrics> crossValidated, IReadOnlyList<ModelMetrics> others, double seconds, SplitUnit unit) => new(
        "adverse-event", "P(sentence or post is a first-hand adverse-event report)", time.GetUtcNow(), trainer,
        new Dictionary<string, string>(AdverseEventPipeline.Description)
        {
            ["regularization"] = $"L2 {AdverseEventPipeline.L2}",
            ["seed"] = Seed.ToString(),
            ["threshold"] = $"{threshold:0.00}: best mean F1 over the training sources on out-of-fold predictions",
        },
        sets, heldOut,
        unit == SplitUnit.Group
            ? "by review (PsyTAR drug_id) and article (ADE pmid): a stable hash sends one group in five to the held-out set; cross-validation folds by a second hash of the same groups"
            : "by sentence (random split, to compare with published scores): a stable hash sends one sentence in five to the held-out set, whatever its review or article",
        [
            "Trained on SMM4H tweets and forum posts (research use only): the model is trained on them, the texts are never shipped with it.",
            "French: 330 training forum posts only (27 reports); their positives and negatives come from different forums, so the French held-out score may measure forum style. French rests mostly on the French event phrases and cue words of the lexicon features.",
            "English tweets: held-out F1 about 0.5, the level of bag-of-words models on this task; shared-task teams with fine-tuned BERT-style models reported 0.4-0.6.",
        ])
    {
        Threshold = Math.Round(threshold, 2),
        DomainThresholds = thresholds.ToDictionary(t => t.Key, t => Math.Round(t.Value, 2)),
        CrossValidated = crossValidated,
        OtherEvaluations = others,
        TrainingSeconds = seconds,
    };

    private static List<LabelledSentence> Cap(List<LabelledSentence> rows, int? max, Random random) =>
        max is { } m && rows.Count > m ? rows.OrderBy(_ => random.Next()).Take(m).ToList() : rows;

    private static ModelCard.TrainingSet Describe(ModelCard.TrainingSet source, IReadOnlyList<LabelledSentence> rows) =>
        source with { Sentences = rows.Count, Positives = rows.Count(r => r.Label) };
}

/// <summary>An analyst's verdict as a training row: adverse event or not, with the author whose posts stay on one side of a split.</summary>
public sealed record AnalystVerdict(long PostId, string Text, bool Label, string? Author, string? Language)
{
    public const string Corpus = "analysts-verdicts";
    public const string HeldOutName = "analysts' verdicts held out (a fifth of the authors)";
}

/// <summary>What a held-out split keeps together: a review or article (<see cref="LabelledSentence.Group"/>), or one sentence.</summary>
public enum SplitUnit { Group, Sentence }

public sealed record TrainedModel(AdverseEventModel Model)
{
    public ModelCard Card => Model.Card!;

    /// <summary>The rows the card's held-out metrics were measured on, by split name: another model is compared on the same ones.</summary>
    public IReadOnlyList<(string Name, IReadOnlyList<LabelledSentence> Rows)> HeldOutRows { get; init; } = [];

    /// <summary>The cross-validation the threshold was chosen on: later choices (the French translation weight) read the same folds.</summary>
    public CrossValidation? CrossValidation { get; init; }

    /// <summary>Writes the model zip with its card inside and beside it (<c>name.card.json</c>).</summary>
    public void Save(string modelPath) => Model.Save(modelPath);
}

/// <summary>The training rows, each row's out-of-fold n-gram probability and fold, and the model of each fold (trained without it).</summary>
public sealed record CrossValidation(IReadOnlyList<LabelledSentence> Rows, IReadOnlyList<float> OutOfFold, IReadOnlyList<int> Fold,
    IReadOnlyList<LinearModel?> FoldModels);
