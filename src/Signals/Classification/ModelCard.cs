using System.Text.Json;

namespace Signals.Classification;

/// <summary>
/// What a shipped model is: its data with sources and licences, trainer, parameters, date, training time, the
/// decision threshold, cross-validated and held-out metrics — all written by code (<c>signals train</c>), never by hand.
/// </summary>
public sealed record ModelCard(
    string Model, string Task, DateTimeOffset Trained, string Trainer, IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<ModelCard.TrainingSet> Training, IReadOnlyList<ModelMetrics> HeldOut, string Split, IReadOnlyList<string> Limitations)
{
    public sealed record TrainingSet(string Corpus, string Source, string Licence, string Citation, int Sentences, int Positives);

    /// <summary>P(adverse event) from which a text counts as a report; chosen on cross-validation folds of the training data only.</summary>
    public double? Threshold { get; init; }

    /// <summary>One threshold per domain (<see cref="PostDomain"/>), each chosen on that domain's out-of-fold predictions; <see cref="Threshold"/> is the social one.</summary>
    public IReadOnlyDictionary<string, double>? DomainThresholds { get; init; }

    /// <summary>The worker's decision (the category, adverse-event or not) on the held-out splits, beside the model's metrics.</summary>
    public IReadOnlyList<ModelMetrics> HeldOutDecisions { get; init; } = [];

    /// <summary>
    /// The held-out splits per split, domain and language (<see cref="Classification.HeldOutReport"/>): the decision's F1 beside the
    /// model's best-threshold F1 (an oracle) and average precision.
    /// </summary>
    public IReadOnlyList<HeldOutGroup> HeldOutReport { get; init; } = [];

    /// <summary>Out-of-fold metrics on the training data at <see cref="Threshold"/>, one per training source.</summary>
    public IReadOnlyList<ModelMetrics> CrossValidated { get; init; } = [];

    /// <summary>Other labelled material measured at the same threshold (patient posts of CADEC, the small French set).</summary>
    public IReadOnlyList<ModelMetrics> OtherEvaluations { get; init; } = [];

    public double TrainingSeconds { get; init; }

    /// <summary>The analysts' verdicts it was trained on (<c>signals train --verdicts</c>); null when none.</summary>
    public VerdictsCard? Verdicts { get; init; }

    /// <summary>How many verdicts trained the model and were held out (a fifth of the authors), and their languages.</summary>
    public sealed record VerdictsCard(int Training, int TrainingPositives, int HeldOut, IReadOnlyDictionary<string, int> Languages, string Split)
    {
        /// <summary>How many training verdicts corrected MiniLM's head (English posts; <see cref="Transformer.HeadCorrection"/>); null: none could.</summary>
        public int? HeadVerdicts { get; init; }
    }

    /// <summary>The fine-tuned MiniLM beside the n-gram model, when the model has one (<c>signals train --transformer</c>).</summary>
    public TransformerCard? Transformer { get; init; }

    /// <summary>How French posts join the English score of their translation (<c>signals train</c> with Apertium installed); null: untranslated.</summary>
    public Translation.TranslationCard? Translation { get; init; }

    /// <summary>
    /// What the transformer part is and how it was measured: the base model and its licence, the tuned layers (stored in the
    /// zip entry <see cref="Entry"/>), per domain the blend (<see cref="Transformer.BlendedScore"/>), the dev-row metrics it was
    /// chosen on, and the share of dev posts it was asked about.
    /// </summary>
    public sealed record TransformerCard(string Base, string Licence, IReadOnlyList<int> LayersTuned, string Entry,
        IReadOnlyDictionary<string, Transformer.BlendedScore> Domains, IReadOnlyDictionary<string, string> Training,
        IReadOnlyList<ModelMetrics> Dev, IReadOnlyDictionary<string, double> AskedShare, string Rule)
    {
        /// <summary>Which rows the blend was chosen on (<see cref="Transformer.TransformerBlend"/>); null on cards before it: the dev rows.</summary>
        public string? ChosenOn { get; init; }
    }

    public static readonly IReadOnlyDictionary<string, TrainingSet> Sources = new Dictionary<string, TrainingSet>
    {
        [TrainingCorpora.PsyTar] = new(TrainingCorpora.PsyTar,
            "../shared/data/psytar/psytar-sentences.tsv (askapatient.com reviews of Lexapro, Zoloft, Cymbalta, Effexor XR; label = ADR or withdrawal)",
            "released with the open-access Data in Brief article; attribute as cited",
            "Zolnoori M. et al., The PsyTAR dataset, Data in Brief 24 (2019) 103838", 0, 0),
        [TrainingCorpora.AdeCorpus] = new(TrainingCorpora.AdeCorpus,
            "../shared/data/ade-corpus-v2/ade-sentences.tsv (PubMed case-report sentences)",
            "freely redistributed for research with the citation",
            "Gurulingappa H. et al., Development of a benchmark corpus to support the automatic extraction of drug-related adverse effects from medical case reports, J Biomed Inform 45(5) 2012", 0, 0),
        [TrainingCorpora.SmmEnglish] = new(TrainingCorpora.SmmEnglish,
            "../shared/data/smm4h-en/smm4h2020-task2-en-train.tsv (SMM4H 2020 Task 2 English tweets naming a drug; label = reports an adverse effect)",
            "research use only, not redistributed (the tweets are never shipped; this model was trained on them)",
            "Klein A. et al., Overview of the Fifth Social Media Mining for Health Applications (#SMM4H) Shared Tasks at COLING 2020", 0, 0),
        [TrainingCorpora.SmmFrench] = new(TrainingCorpora.SmmFrench,
            "../shared/data/smm4h-fr/smm4h2026-task1-fr-dev.tsv (SMM4H 2026 Task 1 French health-forum posts, dev split; label = holds an adverse effect)",
            "research use only, not redistributed (the posts are never shipped; this model was trained on them)",
            "Social Media Mining for Health (#SMM4H) 2026 shared task, Task 1 (multilingual ADE detection), development data", 0, 0),
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a card is read by people: keep "+" and accents as they are
    };

    public static string PathFor(string modelPath) => Path.ChangeExtension(modelPath, null) + ".card.json";

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");

    public void Write(Stream stream) => JsonSerializer.Serialize(stream, this, Json);

    public static ModelCard Read(Stream stream) => JsonSerializer.Deserialize<ModelCard>(stream, Json) ?? throw new InvalidDataException("empty model card");
}
