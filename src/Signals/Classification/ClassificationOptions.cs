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

    public string ModelPath => SignalsPaths.Resolve("models", ModelFile);

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (!File.Exists(ModelPath)) yield return new($"Signals:Classification:ModelFile: no model at {ModelPath} (train one with 'signals train')", [nameof(ModelFile)]);
        if (ReloadInterval <= TimeSpan.Zero) yield return new("Signals:Classification:ReloadInterval must be positive (e.g. 00:00:30).", [nameof(ReloadInterval)]);
    }
}
