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

    /// <summary>Out-of-fold metrics on the training data at <see cref="Threshold"/>, one per training source.</summary>
    public IReadOnlyList<ModelMetrics> CrossValidated { get; init; } = [];

    /// <summary>Other labelled material measured at the same threshold (patient posts of CADEC, the small French set).</summary>
    public IReadOnlyList<ModelMetrics> OtherEvaluations { get; init; } = [];

    public double TrainingSeconds { get; init; }

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
