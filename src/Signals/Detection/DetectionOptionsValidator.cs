using Microsoft.Extensions.Options;
using Signals.Matching;

namespace Signals.Detection;

/// <summary>
/// Per-product settings must name products of the product list: a typo in an id would otherwise be ignored without a word,
/// and the product would run on the section's settings while the operator believes otherwise.
/// </summary>
public sealed class DetectionOptionsValidator(ProductCatalog catalog) : IValidateOptions<DetectionOptions>
{
    public ValidateOptionsResult Validate(string? name, DetectionOptions options)
    {
        var known = catalog.Products.Select(p => p.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = options.Products.Keys.Where(id => !known.Contains(id)).Order(StringComparer.Ordinal).ToList();
        return unknown.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(unknown.Select(id =>
                $"{DetectionOptions.Section}:Products:{id}: there is no product '{id}' in the product list (Signals:Matching:ProductsFile)"));
    }
}
