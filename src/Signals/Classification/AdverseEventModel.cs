using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Signals.Classification.Linear;
using Signals.Classification.Transformer;
using Signals.Feeds;

namespace Signals.Classification;

/// <summary>
/// One loaded adverse-event model: the linear scorer over hashed n-grams (<see cref="LinearModel"/>: read-only weights,
/// safe on any thread), its card — stored inside the zip as well
/// as beside it, so a copied zip brings its own decision threshold — and the features it was trained on.
/// </summary>
public sealed class AdverseEventModel
{
    /// <summary>The zip entry holding the card; ML.NET ignores entries it does not know.</summary>
    public const string CardEntry = "Signals/card.json";

    /// <summary>The zip entry holding the weights (<see cref="LinearModel"/>).</summary>
    public const string LinearEntry = "Signals/linear.bin";

    /// <summary>The zip entry holding the fine-tuned int8 MiniLM (<see cref="MiniLmScorer"/>), when the model has it.</summary>
    public const string TransformerEntry = "Signals/minilm-int8.onnx";

    // Below this many posts a batch is scored on the calling thread: handing work to the pool costs more than it saves.
    private const int ParallelBatch = 64;

    private readonly LinearModel _linear;
    private readonly AdverseEventFeaturizer _featurizer;

    public AdverseEventModel(LinearModel linear, AdverseEventFeaturizer featurizer, ModelCard? card, string version,
        MiniLmScorer? miniLm = null, TransformerGraph? graph = null)
    {
        _linear = linear;
        _featurizer = featurizer;
        Card = card;
        Version = version;
        MiniLm = card?.Transformer is null ? null : miniLm;
        Graph = graph;
    }

    /// <summary>The fine-tuned transformer fused with the n-gram model for English posts; null when the model has none.</summary>
    public MiniLmScorer? MiniLm { get; }

    /// <summary>The same model under another card (tests: another blend band).</summary>
    internal AdverseEventModel WithCard(ModelCard card) => new(_linear, _featurizer, card, Version, MiniLm, Graph);

    /// <summary>Where the int8 graph comes from, to save the model again (read only then).</summary>
    public TransformerGraph? Graph { get; }

    public ModelCard? Card { get; }

    /// <summary>The file name and content hash, with the training date when the card says it: stored with every score, quoted in alerts.</summary>
    public string Version { get; }

    /// <summary>
    /// P(adverse event) from which a social-media post (what the worker reads) is a report: chosen by cross-validation on
    /// the training data and stored in the card; 0.5 for a model without one.
    /// </summary>
    public double Threshold => ThresholdFor(PostDomain.Social);

    /// <summary>The decision threshold of a domain (<see cref="PostDomain"/>), or the model's single one when its card keeps one only.</summary>
    public double ThresholdFor(string domain) =>
        Blend(domain) is { } blend ? blend.Threshold
        : Card?.DomainThresholds is { } t && t.TryGetValue(domain, out var threshold) ? threshold : Card?.Threshold ?? 0.5;

    /// <summary>How the two models decide together for a domain; null without a transformer.</summary>
    public BlendedScore? Blend(string domain) =>
        MiniLm is not null && Card?.Transformer?.Domains is { } d && d.TryGetValue(domain, out var blend) ? blend : null;

    public LinearModel Linear => _linear;

    public static AdverseEventModel Load(string path, AdverseEventFeaturizer featurizer)
    {
        try
        {
            using var file = File.OpenRead(path);
            var sha = Convert.ToHexStringLower(SHA256.HashData(file));
            file.Position = 0;
            using var zip = new ZipArchive(file, ZipArchiveMode.Read);
            var weights = zip.GetEntry(LinearEntry) is { } w ? TransformerGraph.ReadEntry(w) : throw new InvalidDataException(
                $"it has no {LinearEntry}: a model written by Signals before December 2026 (an ML.NET pipeline); retrain it with `signals train`");
            var linear = LinearModel.Read(new MemoryStream(weights, writable: false), $"{path}!{LinearEntry}");
            var card = (zip.GetEntry(CardEntry) is { } c ? ModelCard.Read(new MemoryStream(TransformerGraph.ReadEntry(c), writable: false)) : null) ?? ReadCardBeside(path);
            var version = $"{Path.GetFileNameWithoutExtension(path)}@{sha[..12]}" + (card is null ? "" : $" ({card.Trained:yyyy-MM-ddTHH:mm}Z)");
            var entry = card?.Transformer is null ? null : zip.GetEntry(TransformerEntry)
                ?? throw new InvalidDataException($"its card names a fine-tuned transformer but the zip has no {TransformerEntry} " +
                                                  "(a transformer from before the int8 model: rerun scripts/fine-tune.sh)");
            var miniLm = entry is null ? null : MiniLmScorer.Open(entry, $"{path}!{TransformerEntry}");
            return new AdverseEventModel(linear, featurizer, card, version, miniLm, entry is null ? null : TransformerGraph.InZip(path, sha));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException
                                       or InvalidDataException or JsonException or ArgumentException or NotSupportedException)
        {
            throw new InvalidDataException($"Cannot load the classifier model {path}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The adverse-event score of each text, in order, read as writing of <paramref name="domain"/> (social posts by default),
    /// to compare with <see cref="ThresholdFor"/>: the n-gram model's probability, or with a transformer the fusion of
    /// <see cref="BlendedScore"/> for every post not written in French (its vocabulary is English; the language is
    /// <paramref name="languages"/>' where given, one per text, else guessed: the same test <see cref="Translation.FrenchTranslation"/>
    /// makes), as many as <paramref name="budget"/> allows (none spent when null: training and evaluation); the rest keep the
    /// n-gram decision. Each post carries its rule floor: the domain's for fused posts, the n-gram one for the rest.
    /// </summary>
    public ModelScores Score(IReadOnlyList<string> texts, string domain = PostDomain.Social, TransformerBudget? budget = null,
        IReadOnlyList<string?>? languages = null)
    {
        var ngram = ScoreNgram(texts, domain);
        if (ngram.Length == 0 || Blend(domain) is not { } blend) return new ModelScores(ngram);
        var english = Enumerable.Range(0, texts.Count).Where(i => !IsFrench(texts, languages, i)).ToList();
        var asked = budget?.Take(english.Count) ?? english.Count;
        var transformer = MiniLm!.Score(english.Take(asked).Select(i => texts[i]).ToList());
        var scores = ngram.Select(blend.NgramOnly).ToArray();
        var floors = blend.RuleFloor is null && blend.NgramRuleFloor is null ? null : new float[texts.Count];
        if (floors is not null) Array.Fill(floors, (float)(blend.NgramRuleFloor ?? 0));
        for (var k = 0; k < asked; k++)
        {
            scores[english[k]] = blend.Blend(ngram[english[k]], transformer[k]);
            if (floors is not null) floors[english[k]] = (float)(blend.RuleFloor ?? 0);
        }
        return new ModelScores(scores, floors);
    }

    /// <summary>Whether text <paramref name="i"/> is French: its feed's tag where given, else the worker's guess.</summary>
    public static bool IsFrench(IReadOnlyList<string> texts, IReadOnlyList<string?>? languages, int i) =>
        (languages?[i] ?? PostLanguage.Guess(texts[i])) == "fr";

    /// <summary>The n-gram model's own probability, whatever else the model holds (training measures it apart).</summary>
    public float[] ScoreNgram(IReadOnlyList<string> texts, string domain = PostDomain.Social)
    {
        var scores = new float[texts.Count];
        // Each post is scored on its own (the scorer keeps a buffer per thread), so a large batch uses every core.
        if (scores.Length < ParallelBatch)
            for (var i = 0; i < scores.Length; i++) scores[i] = _linear.Probability(_featurizer.Input(texts[i], domain: domain));
        else
            Parallel.For(0, scores.Length, i => scores[i] = _linear.Probability(_featurizer.Input(texts[i], domain: domain)));
        return scores;
    }

    /// <summary>Writes the model zip with its card inside and beside it (<c>name.card.json</c>).</summary>
    public void Save(string path) => Save(_linear, Card ?? throw new InvalidOperationException("a model is saved with its card"), path, Graph?.Read());

    private static void Save(LinearModel linear, ModelCard card, string path, byte[]? tuned)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        File.Delete(temporary);
        using (var zip = ZipFile.Open(temporary, ZipArchiveMode.Create))
        {
            using (var entry = zip.CreateEntry(LinearEntry, CompressionLevel.SmallestSize).Open())
                linear.Write(entry);
            using (var entry = zip.CreateEntry(CardEntry).Open())
                card.Write(entry);
            if (tuned is not null)
                using (var entry = zip.CreateEntry(TransformerEntry, CompressionLevel.SmallestSize).Open())
                    entry.Write(tuned);
        }
        File.Move(temporary, path, overwrite: true); // a watching worker never sees half a zip
        card.Save(ModelCard.PathFor(path));
    }

    private static ModelCard? ReadCardBeside(string path)
    {
        var card = ModelCard.PathFor(path);
        if (!File.Exists(card)) return null;
        using var stream = File.OpenRead(card);
        return ModelCard.Read(stream);
    }
}
