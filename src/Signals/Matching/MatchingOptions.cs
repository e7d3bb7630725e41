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

    /// <summary>
    /// Which products are matched, counted and alerted on: <c>catalogue</c> (default), every marketed medicine of
    /// <see cref="CatalogueFile"/> with the watch list on top (its ids, misspellings, context names and detection settings
    /// win for the products it names) — a signal on a medicine nobody thought to list is still a signal; <c>list</c>, only
    /// the watch list of <see cref="ProductsFile"/>, for a team that watches a few products.
    /// </summary>
    [Required] public string Watch { get; set; } = WatchCatalogue;

    /// <summary>The product catalogue, relative to config/ unless absolute. Default <c>catalogue.json.gz</c> (scripts/build-catalogue.py).</summary>
    [Required] public string CatalogueFile { get; set; } = "catalogue.json.gz";

    public const string WatchList = "list";
    public const string WatchCatalogue = "catalogue";

    public bool WatchesCatalogue => string.Equals(Watch, WatchCatalogue, StringComparison.OrdinalIgnoreCase);

    public string ProductsPath => SignalsPaths.Resolve("config", ProductsFile);
    public string CataloguePath => SignalsPaths.Resolve("config", CatalogueFile);
    public string EventsPath => SignalsPaths.Resolve("config", EventsFile);

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (!File.Exists(ProductsPath)) yield return new($"Signals:Matching:ProductsFile: no file at {ProductsPath}", [nameof(ProductsFile)]);
        if (!string.Equals(Watch, WatchList, StringComparison.OrdinalIgnoreCase) && !WatchesCatalogue)
            yield return new($"Signals:Matching:Watch: '{Watch}' is neither '{WatchList}' nor '{WatchCatalogue}'", [nameof(Watch)]);
        if (WatchesCatalogue && !File.Exists(CataloguePath)) yield return new($"Signals:Matching:CatalogueFile: no file at {CataloguePath}", [nameof(CatalogueFile)]);
        if (!File.Exists(EventsPath)) yield return new($"Signals:Matching:EventsFile: no file at {EventsPath}", [nameof(EventsFile)]);
    }
}
