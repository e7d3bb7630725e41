namespace Signals.Matching;

/// <summary>
/// Finds the watched products a text names, by any of their names, on whole words after folding; single-word
/// names of six letters or more also match with one typo (a letter missing, added, changed or two swapped:
/// "levothyrocs", "syntroid", "metfromin"), which is how patients type drug names.
/// </summary>
/// <remarks>
/// The typo index holds every name and every one-letter deletion of it (the symmetric-delete method), so a
/// token is looked up with its own deletions: cost per token is its length, whatever the size of the list.
/// Short names (Tahor, TCAPS) match exactly only: with one typo they would hit ordinary words. Brands that are
/// ordinary words (config "contextNames": Emend) match only with a drug context word within four words. Curated
/// misspellings are not widened again: "acutane" one typo further is "cutanea" (cutanée: skin, in French).
/// </remarks>
public sealed class ProductMatcher
{
    private const int TypoMinimumLength = 6;
    // How far a context word may stand from a context name ("Emend 80 mg", "took my Emend before chemo").
    private const int ContextWindow = 4;
    private readonly PhraseMatcher<string> _names = new();
    private readonly PhraseMatcher<string> _contextNames = new();
    private readonly Dictionary<string, HashSet<string>> _typos = new(StringComparer.Ordinal);

    public ProductMatcher(ProductCatalog catalog)
    {
        foreach (var product in catalog.Products)
        {
            foreach (var misspelling in product.Misspellings) _names.Add(misspelling, product.Id);
            foreach (var name in product.ContextNames) _contextNames.Add(name, product.Id);
            foreach (var name in product.Names)
            {
                _names.Add(name, product.Id);
                if (TextNormalizer.Tokens(name) is [var single] && single.Length >= TypoMinimumLength)
                    foreach (var variant in Deletions(single).Append(single)) Index(variant, product.Id);
            }
        }
    }

    public IReadOnlyList<string> Match(string text) => Match(TextNormalizer.Tokens(text));

    public IReadOnlyList<string> Match(IReadOnlyList<string> tokens)
    {
        List<string>? found = null;
        void Add(string id)
        {
            found ??= [];
            if (!found.Contains(id)) found.Add(id);
        }
        foreach (var (id, _, _) in _names.FindAll(tokens)) Add(id);
        foreach (var (id, start, length) in _contextNames.FindAll(tokens))
            if (HasDrugContext(tokens, start, length)) Add(id);
        foreach (var token in tokens)
        {
            if (token.Length < TypoMinimumLength - 1 || token.Length > 40) continue;
            foreach (var variant in Deletions(token).Append(token))
                if (_typos.TryGetValue(variant, out var ids))
                    foreach (var id in ids) Add(id);
        }
        return found ?? (IReadOnlyList<string>)[];
    }

    private static bool HasDrugContext(IReadOnlyList<string> tokens, int start, int length)
    {
        for (var i = Math.Max(0, start - ContextWindow); i < Math.Min(tokens.Count, start + length + ContextWindow); i++)
            if ((i < start || i >= start + length) && (DrugContext.Contains(tokens[i]) || IsDose(tokens[i]))) return true;
        return false;
    }

    // "80mg", "125mg": a number glued to its unit.
    private static bool IsDose(string token) => token.Length > 2 && char.IsDigit(token[0]) && (token.EndsWith("mg", StringComparison.Ordinal) || token.EndsWith("ml", StringComparison.Ordinal));

    // Words that put a name in a medicine's context, English and French (folded).
    private static readonly HashSet<string> DrugContext = new(StringComparer.Ordinal)
    {
        "mg", "mcg", "ml", "pill", "pills", "tablet", "tablets", "capsule", "capsules", "dose", "doses", "dosage", "prescribed", "prescription",
        "medication", "medicine", "meds", "drug", "drugs", "taking", "took", "take", "chemo", "chemotherapy", "pharmacy", "pharmacist",
        "side", "generic", "injection", "comprime", "comprimes", "gelule", "gelules", "traitement", "medicament", "medicaments", "ordonnance",
        "prescrit", "prends", "pris", "prendre", "pharmacie", "chimio", "posologie", "dosage", "effets", "generique",
    };

    private void Index(string variant, string id)
    {
        if (!_typos.TryGetValue(variant, out var ids)) _typos[variant] = ids = [];
        ids.Add(id);
    }

    private static IEnumerable<string> Deletions(string word)
    {
        for (var i = 0; i < word.Length; i++) yield return string.Concat(word.AsSpan(0, i), word.AsSpan(i + 1));
    }
}
