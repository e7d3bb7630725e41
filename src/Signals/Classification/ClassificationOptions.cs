using System.ComponentModel.DataAnnotations;

namespace Signals.Classification;

/// <summary>Section <c>Signals:Classification</c>.</summary>
public sealed class ClassificationOptions : IValidatableObject
{
    public const string Section = "Signals:Classification";

    /// <summary>The ML.NET model, relative to models/ unless absolute. Default <c>adverse-event.zip</c>.</summary>
    [Required] public string ModelFile { get; set; } = "adverse-event.zip";

    /// <summary>
    /// P(adverse event) from which the model alone makes a post an adverse-event report. Default: none, the model's
    /// own threshold (chosen by cross-validation when it was trained, stored in the model and its card). Set it only
    /// to trade recall for precision on purpose: higher means fewer, surer reports for the analysts.
    /// </summary>
    [Range(0.0, 1.0, ErrorMessage = "Signals:Classification:Threshold must be between 0 and 1.")]
    public double? Threshold { get; set; }

    /// <summary>How often the worker looks for a new model file to hot-swap in. Default 30 seconds.</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many posts a second the fine-tuned transformer may score, when the model has one (every post not written in French;
    /// each costs about 3.5 CPU-ms: 568 posts/s on two cores). Past it a post keeps its n-gram score and the metric signals_transformer_fallback counts it, so a flood
    /// never makes the worker fall behind its feeds. 0 never asks the transformer. Default 100.
    /// </summary>
    [Range(0, 100_000, ErrorMessage = "Signals:Classification:TransformerPostsPerSecond must be between 0 and 100000.")]
    public double TransformerPostsPerSecond { get; set; } = 100;

    /// <summary>
    /// The share of the worker's time that may go to waiting for Apertium (fr→ca→en) to read French posts with the English model
    /// as well: a batch waits for its translation (1–3 s to start Apertium, then 60–70 tweets a second), so under a flood the
    /// batches past it are scored untranslated and the metric signals_translation_fallback counts them. 0 never translates. Default 0.25.
    /// </summary>
    [Range(0.0, 1.0, ErrorMessage = "Signals:Classification:TranslationShare must be between 0 and 1.")]
    public double TranslationShare { get; set; } = 0.1;

    /// <summary>How long one batch's translation may take before Apertium is stopped and the batch scored untranslated. Default 60 seconds.</summary>
    public TimeSpan TranslationTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The Apertium program (on PATH, or a path). Default <c>apertium</c>; when it is missing French is scored untranslated.</summary>
    public string Apertium { get; set; } = "apertium";

    public string ModelPath => SignalsPaths.Resolve("models", ModelFile);

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (!File.Exists(ModelPath)) yield return new($"Signals:Classification:ModelFile: no model at {ModelPath} (train one with 'signals train')", [nameof(ModelFile)]);
        if (ReloadInterval <= TimeSpan.Zero) yield return new("Signals:Classification:ReloadInterval must be positive (e.g. 00:00:30).", [nameof(ReloadInterval)]);
        if (TranslationTimeout <= TimeSpan.Zero) yield return new("Signals:Classification:TranslationTimeout must be positive (e.g. 00:01:00).", [nameof(TranslationTimeout)]);
        if (string.IsNullOrWhiteSpace(Apertium)) yield return new("Signals:Classification:Apertium must name the apertium program (default apertium).", [nameof(Apertium)]);
    }
}
