using System.Text.Json;

namespace Signals.Classification;

/// <summary>What a shipped model is: its data with sources and licences, trainer, parameters, date and held-out metrics — all written by code.</summary>
public sealed record ModelCard(
    string Model, string Task, DateTimeOffset Trained, string Trainer, IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<ModelCard.TrainingSet> Training, IReadOnlyList<ModelMetrics> HeldOut, string Split, IReadOnlyList<string> Limitations)
{
    public sealed record TrainingSet(string Corpus, string Source, string Licence, string Citation, int Sentences, int Positives);

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

    public static ModelCard Create(DateTimeOffset trained, IReadOnlyList<TrainingSet> training, IReadOnlyList<ModelMetrics> metrics) => new(
        "adverse-event", "P(sentence or post is a first-hand adverse-event report)", trained, AdverseEventPipeline.Trainer,
        new Dictionary<string, string>
        {
            ["features"] = "FeaturizeText: lower case, no diacritics, word 1-2-grams + char 3-grams, L2 norm",
            ["l2Regularization"] = "1e-4",
            ["maxIterations"] = "30",
            ["seed"] = AdverseEventModelTrainer.Seed.ToString(),
            ["threshold"] = "0.8 in the worker (Signals:Classification:Threshold); the held-out metrics below are at 0.5",
        },
        training, metrics,
        "by review (PsyTAR drug_id) and article (ADE pmid): a stable hash sends one group in five to the held-out set",
        [
            "English only: French posts are recognised through the French event lexicon (config/events.json), not this model.",
            "Trained on psychiatric-drug reviews and case reports; other drug classes and platforms are out of its training domain.",
        ]);

    public static string PathFor(string modelPath) => Path.ChangeExtension(modelPath, null) + ".card.json";

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");
}
