using System.ComponentModel.DataAnnotations;

namespace Signals.Classification;

/// <summary>Section <c>Signals:Classification</c>.</summary>
public sealed class ClassificationOptions : IValidatableObject
{
    public const string Section = "Signals:Classification";

    /// <summary>The ML.NET model, relative to models/ unless absolute. Default <c>adverse-event.zip</c>.</summary>
    [Required] public string ModelFile { get; set; } = "adverse-event.zip";

    /// <summary>
    /// P(adverse event) from which the model alone makes a post an adverse-event report. Default 0.8:
    /// the model learned from review sentences, and on short posts it gives negated or question
    /// posts ("No side effects on finasteride so far") 0.6–0.7, so 0.5 would count them.
    /// </summary>
    [Range(0.0, 1.0, ErrorMessage = "Signals:Classification:Threshold must be between 0 and 1.")]
    public double Threshold { get; set; } = 0.8;

    public string ModelPath => SignalsPaths.Resolve("models", ModelFile);

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (!File.Exists(ModelPath)) yield return new($"Signals:Classification:ModelFile: no model at {ModelPath} (train one with 'signals train')", [nameof(ModelFile)]);
    }
}
