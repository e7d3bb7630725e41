using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Signals.Classification.Transformer;
using Signals.Classification.Translation;

namespace Signals.Classification;

/// <summary>
/// The worker's adverse-event model, swappable while running: <see cref="ReloadIfChanged"/> loads a changed
/// model file and swaps it in with one reference write, so a batch is scored wholly by the old model or wholly
/// by the new one, and is stored with the version that scored it. A file that does not load leaves the old
/// model in place (logged with the file's path): a half-copied or corrupt zip must not stop classification.
/// </summary>
public sealed class AdverseEventClassifier : IDisposable
{
    private readonly AdverseEventFeaturizer _featurizer = new();
    private readonly ILogger _logger;
    private AdverseEventModel _current;
    private FileStamp _loadedStamp;

    private readonly TransformerBudget? _budget;

    /// <param name="budget">The transformer's posts-per-second budget in the worker; null spends none (no limit).</param>
    /// <param name="translation">French posts also read through their translation; null: scored untranslated (replays, tests).</param>
    public AdverseEventClassifier(string modelPath, ILogger<AdverseEventClassifier>? logger = null, TransformerBudget? budget = null,
        FrenchTranslation? translation = null)
    {
        _budget = budget;
        Translation = translation;
        ModelPath = modelPath;
        _logger = logger ?? NullLogger<AdverseEventClassifier>.Instance;
        _loadedStamp = FileStamp.Of(modelPath);
        _current = AdverseEventModel.Load(modelPath, _featurizer);
        _logger.ModelLoaded(_current.Version, modelPath, _current.Threshold);
    }

    public string ModelPath { get; }

    /// <summary>The transformer's budget in the live worker; null elsewhere.</summary>
    public TransformerBudget? Budget => _budget;

    /// <summary>The French translation step, when this classifier has one.</summary>
    public FrenchTranslation? Translation { get; }

    public AdverseEventModel Current => Volatile.Read(ref _current);

    /// <summary>The model in use now: its file name, content hash and training date, quoted in alerts.</summary>
    public string ModelVersion => Current.Version;

    /// <summary>P(adverse-event report) for each text, in order.</summary>
    public IReadOnlyList<float> Score(IReadOnlyList<string> texts) => Classify(texts).Probabilities;

    /// <summary>
    /// Scores a batch with one model and says which, with that model's own threshold. French posts (by
    /// <paramref name="languages"/>, one per text, else guessed from the text) also get the English score of their translation.
    /// </summary>
    public AdverseEventScores Classify(IReadOnlyList<string> texts, IReadOnlyList<string?>? languages = null)
    {
        var model = Current;
        var scores = model.Score(texts, PostDomain.Social, _budget, languages);
        if (Translation is not null) scores = Translation.Apply(model, texts, languages, scores, _budget);
        return new AdverseEventScores(scores, model.Version, model.Threshold);
    }

    /// <summary>Loads the model file again when its time or size changed; true when a new model is now in use.</summary>
    public bool ReloadIfChanged()
    {
        var stamp = FileStamp.Of(ModelPath); // taken before reading: a write that goes on meanwhile changes it again
        if (stamp == _loadedStamp) return false;
        _loadedStamp = stamp;
        try
        {
            var model = AdverseEventModel.Load(ModelPath, _featurizer);
            Volatile.Write(ref _current, model);
            _logger.ModelLoaded(model.Version, ModelPath, model.Threshold);
            return true;
        }
        catch (InvalidDataException ex)
        {
            _logger.ModelReloadFailed(ModelPath, Current.Version, ex.Message);
            return false;
        }
    }

    /// <summary>Frees the transformer's native session when the host stops (a swapped-out model is left to the finalizers:
    /// a batch may still be scoring with it).</summary>
    public void Dispose() => Current.MiniLm?.Dispose();

    private readonly record struct FileStamp(DateTime Modified, long Length)
    {
        public static FileStamp Of(string path)
        {
            var file = new FileInfo(path);
            return file.Exists ? new FileStamp(file.LastWriteTimeUtc, file.Length) : default;
        }
    }
}

/// <summary>A batch's probabilities with the version and decision threshold of the model that gave them.</summary>
/// <remarks><see cref="Probabilities"/> also carries each post's rule floor (<see cref="ModelScores.RuleFloor"/>).</remarks>
public sealed record AdverseEventScores(ModelScores Probabilities, string ModelVersion, double Threshold);
