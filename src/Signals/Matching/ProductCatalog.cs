using System.Text.Json;

namespace Signals.Matching;

/// <summary>
/// A watched product: its id (the generic name, used in counts and alerts), its names (brands and generics, EN and
/// FR) and the curated misspellings patients type. Names also match with one typo; misspellings match as written.
/// </summary>
public sealed record Product(string Id, IReadOnlyList<string> Names)
{
    public IReadOnlyList<string> Misspellings { get; init; } = [];

    /// <summary>
    /// Brands that are also ordinary words ("Emend": to correct a text): they count only beside a drug
    /// context word (mg, pill, dose, prescribed, comprimé, traitement...), never on their own, and get no typo tolerance.
    /// </summary>
    public IReadOnlyList<string> ContextNames { get; init; } = [];
}

/// <summary>The watch list of config/products.json.</summary>
public sealed class ProductCatalog(IReadOnlyList<Product> products)
{
    public IReadOnlyList<Product> Products { get; } = products;

    public static ProductCatalog Load(string path)
    {
        var file = LexiconFile.Read<ProductsFile>(path);
        var products = new List<Product>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (entry, i) in (file.Products ?? throw new InvalidDataException($"{path}: expected {{\"products\": [...]}}")).Select((p, i) => (p, i)))
        {
            if (string.IsNullOrWhiteSpace(entry.Id)) throw new InvalidDataException($"{path}: products[{i}] has no \"id\"");
            if (!ids.Add(entry.Id)) throw new InvalidDataException($"{path}: products[{i}]: duplicate id '{entry.Id}'");
            var names = new[] { entry.Id }.Concat(entry.Names ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var misspellings = (entry.Misspellings ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var contextNames = (entry.ContextNames ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            products.Add(new Product(entry.Id, names) { Misspellings = misspellings, ContextNames = contextNames });
        }
        return new ProductCatalog(products);
    }

    private sealed record ProductsFile(List<ProductEntry>? Products);
    private sealed record ProductEntry(string? Id, List<string>? Names, List<string>? Misspellings, List<string>? ContextNames);
}

internal static class LexiconFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static T Read<T>(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path}: empty");
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read: {ex.Message}", ex);
        }
    }
}
