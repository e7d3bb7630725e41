using System.ComponentModel.DataAnnotations;

namespace Signals.Matching;

/// <summary>Section <c>Signals:Matching</c>.</summary>
public sealed class MatchingOptions : IValidatableObject
{
    public const string Section = "Signals:Matching";

    /// <summary>The watch list, relative to config/ unless absolute. Default <c>products.json</c>.</summary>
    [Required] public string ProductsFile { get; set; } = "products.json";

    /// <summary>The event lexicon, relative to config/ unless absolute. Default <c>events.json</c>.</summary>
    [Required] public string EventsFile { get; set; } = "events.json";

    public string ProductsPath => SignalsPaths.Resolve("config", ProductsFile);
    public string EventsPath => SignalsPaths.Resolve("config", EventsFile);

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (!File.Exists(ProductsPath)) yield return new($"Signals:Matching:ProductsFile: no file at {ProductsPath}", [nameof(ProductsFile)]);
        if (!File.Exists(EventsPath)) yield return new($"Signals:Matching:EventsFile: no file at {EventsPath}", [nameof(EventsFile)]);
    }
}
