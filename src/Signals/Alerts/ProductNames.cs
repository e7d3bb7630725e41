using Signals.Matching;

namespace Signals.Alerts;

/// <summary>
/// A product as the e-mail's language writes it. In French the watch list's BDPM name ("la lévothyroxine") gives the
/// accents and the article, so a sentence reads "des effets indésirables de la lévothyroxine", "du finastéride",
/// "de l'isotrétinoïne". Without a French name the id is used as it is, with "sous" ("sous metoprolol"), the usual
/// wording in French pharmacovigilance, which needs no article. In English the id is the name.
/// </summary>
public sealed class ProductNames(ProductCatalog? catalog, string language)
{
    private readonly Dictionary<string, string> _french = language != "fr" || catalog is null ? []
        : catalog.Products.Where(p => p.French is not null).GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.First().French!, StringComparer.Ordinal);

    /// <summary>"lévothyroxine" (French) or "levothyroxine".</summary>
    public string Name(string id) => _french.TryGetValue(id, out var fr) ? WithoutArticle(fr) : id;

    /// <summary>The product after "de": "de la lévothyroxine", "du finastéride", "de l'isotrétinoïne"; the name itself in English.</summary>
    public string Of(string id)
    {
        if (language != "fr") return id;
        if (!_french.TryGetValue(id, out var fr)) return $"sous {id}";
        if (fr.StartsWith("le ", StringComparison.Ordinal)) return "du " + fr[3..];
        if (fr.StartsWith("les ", StringComparison.Ordinal)) return "des " + fr[4..];
        return "de " + fr; // "de la …", "de l'…"
    }

    private static string WithoutArticle(string fr) =>
        fr.StartsWith("l'", StringComparison.Ordinal) || fr.StartsWith("l’", StringComparison.Ordinal) ? fr[2..]
        : fr.StartsWith("la ", StringComparison.Ordinal) || fr.StartsWith("le ", StringComparison.Ordinal) ? fr[3..]
        : fr.StartsWith("les ", StringComparison.Ordinal) ? fr[4..]
        : fr;
}
