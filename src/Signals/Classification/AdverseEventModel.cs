using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Signals.Classification;

/// <summary>
/// One loaded adverse-event model: the ML.NET transformer (Transform is thread-safe: scoring goes through an
/// IDataView in batches, so no PredictionEngine is ever shared), its card — stored inside the zip as well
/// as beside it, so a copied zip brings its own decision threshold — and the features it was trained on.
/// </summary>
public sealed class AdverseEventModel
{
    /// <summary>The zip entry holding the card; ML.NET ignores entries it does not know.</summary>
    public const string CardEntry = "Signals/card.json";

    private readonly MLContext _ml;
    private readonly ITransformer _transformer;
    private readonly AdverseEventFeaturizer _featurizer;

    public AdverseEventModel(MLContext ml, ITransformer transformer, AdverseEventFeaturizer featurizer, ModelCard? card, string version)
    {
        _ml = ml;
        _transformer = transformer;
        _featurizer = featurizer;
        Card = card;
        Version = version;
    }

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
        Card?.DomainThresholds is { } t && t.TryGetValue(domain, out var threshold) ? threshold : Card?.Threshold ?? 0.5;

    public ITransformer Transformer => _transformer;

    public static AdverseEventModel Load(string path, AdverseEventFeaturizer featurizer)
    {
        var ml = new MLContext(AdverseEventModelTrainer.Seed);
        try
        {
            var bytes = File.ReadAllBytes(path);
            using var stream = new MemoryStream(bytes, writable: false);
            var transformer = ml.Model.Load(stream, out _);
            var card = ReadCard(bytes) ?? ReadCardBeside(path);
            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..12];
            var version = $"{Path.GetFileNameWithoutExtension(path)}@{hash}" + (card is null ? "" : $" ({card.Trained:yyyy-MM-ddTHH:mm}Z)");
            return new AdverseEventModel(ml, transformer, featurizer, card, version);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException
                                       or InvalidDataException or JsonException or ArgumentException or NotSupportedException)
        {
            throw new InvalidDataException($"Cannot load the classifier model {path}: {ex.Message}", ex);
        }
    }

    /// <summary>P(adverse-event report) for each text, in order, read as writing of <paramref name="domain"/> (social posts by default).</summary>
    public IReadOnlyList<float> Score(IReadOnlyList<string> texts, string domain = PostDomain.Social)
    {
        if (texts.Count == 0) return [];
        var data = _ml.Data.LoadFromEnumerable(texts.Select(t => _featurizer.Input(t, domain: domain)).ToList());
        return _transformer.Transform(data).GetColumn<float>("Probability").ToArray();
    }

    /// <summary>Writes the model zip with its card inside and beside it (<c>name.card.json</c>).</summary>
    public static void Save(MLContext ml, ITransformer transformer, DataViewSchema inputSchema, ModelCard card, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        ml.Model.Save(transformer, inputSchema, temporary);
        using (var zip = ZipFile.Open(temporary, ZipArchiveMode.Update))
        using (var entry = zip.CreateEntry(CardEntry).Open())
            card.Write(entry);
        File.Move(temporary, path, overwrite: true); // a watching worker never sees half a zip
        card.Save(ModelCard.PathFor(path));
    }

    private static ModelCard? ReadCard(byte[] zipBytes)
    {
        using var zip = new ZipArchive(new MemoryStream(zipBytes, writable: false), ZipArchiveMode.Read);
        using var entry = zip.GetEntry(CardEntry)?.Open();
        return entry is null ? null : ModelCard.Read(entry);
    }

    private static ModelCard? ReadCardBeside(string path)
    {
        var card = ModelCard.PathFor(path);
        if (!File.Exists(card)) return null;
        using var stream = File.OpenRead(card);
        return ModelCard.Read(stream);
    }
}
