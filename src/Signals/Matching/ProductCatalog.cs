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

    /// <summary>The French name with its article as BDPM spells the substance ("la lévothyroxine", "l'isotrétinoïne"), for French e-mails; null when unknown.</summary>
    public string? French { get; init; }

    /// <summary>
    /// The context names that are the substance itself ("nicotine", "caffeine"): they also count beside a dosage form
    /// ("nicotine patch", "gomme à la nicotine"; <see cref="ProductCatalog.Forms"/>).
    /// </summary>
    public IReadOnlyList<string> FormNames { get; init; } = [];
}

/// <summary>
/// The products matching looks for: the watch list of config/products.json, or the catalogue of every marketed medicine
/// (<see cref="CatalogueFile"/>) with the watch list on top (<see cref="WithWatchList"/>).
/// </summary>
public sealed class ProductCatalog(IReadOnlyList<Product> products)
{
    public IReadOnlyList<Product> Products { get; } = products;

    /// <summary>
    /// Ordinary words one letter away from a typo-tolerant name ("notTypos" of the catalogue): written as they are, they
    /// are that word, not a misspelt medicine. Empty for the watch list alone, whose names were checked by hand.
    /// </summary>
    public IReadOnlySet<string> NotTypos { get; init; } = new HashSet<string>();

    /// <summary>The words of the dosage forms of the catalogue's sources ("patch", "gum", "gomme", "lozenge"), folded.</summary>
    public IReadOnlySet<string> Forms { get; init; } = new HashSet<string>();

    /// <summary>
    /// Words of real technical and news text one typo from a name and more used than it ("symlink", "tesla", "morphing"):
    /// read as that name only beside a drug context word. Empty for the watch list alone.
    /// </summary>
    public IReadOnlySet<string> Everyday { get; init; } = new HashSet<string>();

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
            products.Add(new Product(entry.Id, names) { Misspellings = misspellings, ContextNames = contextNames, French = string.IsNullOrWhiteSpace(entry.Fr) ? null : entry.Fr.Trim() });
        }
        return new ProductCatalog(products);
    }

    /// <summary>The catalogue built by scripts/build-catalogue.py (JSON, gzipped when the name ends in .gz).</summary>
    public static ProductCatalog LoadCatalogue(string path) => CatalogueFile.Load(path);

    /// <summary>
    /// The catalogue with the watch list on top: a watch-list product takes over the catalogue products whose id it names
    /// (by id or any name: "valproate" names "valproic acid"); its id, misspellings and context names win, the catalogue
    /// adds the brands and generics the list lacks. A name the watch list gives a product belongs to that product only.
    /// </summary>
    public static ProductCatalog WithWatchList(ProductCatalog catalogue, ProductCatalog watchList)
    {
        static string Key(string name) => string.Join(' ', TextNormalizer.Tokens(name));
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var w in watchList.Products)
            foreach (var name in w.Names.Concat(w.ContextNames).Concat(w.Misspellings)) claimed.Add(Key(name));
        var merged = new List<Product>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var w in watchList.Products)
        {
            var own = w.Names.Concat(w.ContextNames).Append(w.Id).Select(Key).ToHashSet(StringComparer.Ordinal);
            var covered = catalogue.Products.Where(c => own.Contains(Key(c.Id))).ToList();
            foreach (var c in covered) taken.Add(c.Id);
            var contextKeys = w.ContextNames.Select(Key).ToHashSet(StringComparer.Ordinal);
            var names = w.Names.Concat(covered.SelectMany(c => c.Names).Where(n => !contextKeys.Contains(Key(n))));
            var contextNames = w.ContextNames.Concat(covered.SelectMany(c => c.ContextNames).Where(n => !own.Contains(Key(n))));
            merged.Add(w with
            {
                Names = names.DistinctBy(Key).ToList(),
                ContextNames = contextNames.DistinctBy(Key).ToList(),
                FormNames = covered.SelectMany(c => c.FormNames).Where(n => contextNames.Any(x => Key(x) == Key(n))).DistinctBy(Key).ToList(),
            });
        }
        foreach (var c in catalogue.Products)
        {
            if (taken.Contains(c.Id)) continue;
            var names = c.Names.Where(n => !claimed.Contains(Key(n))).ToList();
            var contextNames = c.ContextNames.Where(n => !claimed.Contains(Key(n))).ToList();
            if (names.Count + contextNames.Count > 0)
                merged.Add(c with { Names = names, ContextNames = contextNames, FormNames = c.FormNames.Where(n => !claimed.Contains(Key(n))).ToList() });
        }
        var notTypos = catalogue.NotTypos.Where(t => !claimed.Contains(t)).ToHashSet(StringComparer.Ordinal);
        var everyday = catalogue.Everyday.Where(t => !claimed.Contains(t)).ToHashSet(StringComparer.Ordinal);
        return new ProductCatalog(merged) { NotTypos = notTypos, Forms = catalogue.Forms, Everyday = everyday };
    }

    private sealed record ProductsFile(List<ProductEntry>? Products);
    private sealed record ProductEntry(string? Id, List<string>? Names, List<string>? Misspellings, List<string>? ContextNames, string? Fr);
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
