using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Signals.Classification;

/// <summary>
/// Scores texts with the adverse-event model. The transformer is loaded once and shared
/// (Transform is thread-safe); scoring goes through an IDataView in batches, so no
/// PredictionEngine — which is not thread-safe — is ever shared.
/// </summary>
public sealed class AdverseEventClassifier
{
    private readonly MLContext _ml = new(AdverseEventModelTrainer.Seed);
    private readonly ITransformer _model;

    public AdverseEventClassifier(string modelPath)
    {
        try
        {
            using var stream = File.OpenRead(modelPath);
            _model = _ml.Model.Load(stream, out _);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException or InvalidDataException)
        {
            throw new InvalidDataException($"Cannot load the classifier model {modelPath}: {ex.Message}", ex);
        }
        using var file = File.OpenRead(modelPath);
        ModelVersion = $"{Path.GetFileNameWithoutExtension(modelPath)}@{Convert.ToHexStringLower(SHA256.HashData(file))[..12]}";
    }

    /// <summary>The model file's name and content hash: stored with every score, quoted in alerts.</summary>
    public string ModelVersion { get; }

    /// <summary>P(adverse-event report) for each text, in order.</summary>
    public IReadOnlyList<float> Score(IReadOnlyList<string> texts)
    {
        if (texts.Count == 0) return [];
        var data = _ml.Data.LoadFromEnumerable(texts.Select(t => new AdverseEventInput { Text = t }));
        var scored = _model.Transform(data);
        var probabilities = scored.GetColumn<float>(scored.Schema["Probability"]).ToArray();
        return probabilities;
    }
}
