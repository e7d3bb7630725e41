using System.IO.Compression;
using System.Text.Json;

namespace Signals.Matching;

/// <summary>
/// Reads config/catalogue.json.gz, the product catalogue that scripts/build-catalogue.py builds from the BDPM, Drugs@FDA
/// and the DrugBank vocabulary: <c>{"products": [{"id", "names", "contextNames", "formNames"}], "notTypos", "forms", "everyday": [...]}</c>. Names are
/// already folded. About 3,800 products and 18,000 names; read once at start.
/// </summary>
internal static class CatalogueFile
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static ProductCatalog Load(string path)
    {
        File file;
        try
        {
            using var stream = System.IO.File.OpenRead(path);
            using var body = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : (Stream)stream;
            file = JsonSerializer.Deserialize<File>(body, Json) ?? throw new InvalidDataException($"{path}: empty");
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read the catalogue: {ex.Message}", ex);
        }
        if (file.Products is not { Count: > 0 }) throw new InvalidDataException($"{path}: expected a non-empty \"products\" list");
        var products = new List<Product>(file.Products.Count);
        foreach (var (entry, i) in file.Products.Select((p, i) => (p, i)))
        {
            if (string.IsNullOrWhiteSpace(entry.Id)) throw new InvalidDataException($"{path}: products[{i}] has no \"id\"");
            products.Add(new Product(entry.Id, entry.Names ?? []) { ContextNames = entry.ContextNames ?? [], FormNames = entry.FormNames ?? [] });
        }
        return new ProductCatalog(products)
        {
            NotTypos = (file.NotTypos ?? []).ToHashSet(StringComparer.Ordinal),
            Forms = (file.Forms ?? []).ToHashSet(StringComparer.Ordinal),
            Everyday = (file.Everyday ?? []).ToHashSet(StringComparer.Ordinal),
        };
    }

    private sealed record File(List<Entry>? Products, List<string>? NotTypos, List<string>? Forms, List<string>? Everyday);
    private sealed record Entry(string? Id, List<string>? Names, List<string>? ContextNames, List<string>? FormNames);
}
