namespace Signals.Matching;

/// <summary>
/// Finds the watched products a text names, by any of their names, on whole words after folding; single-word
/// names of six letters or more also match with one typo (a letter missing, added, changed or two swapped:
/// "levothyrocs", "syntroid", "metfromin"), which is how patients type drug names.
/// </summary>
/// <remarks>
/// The typo index holds every name and every one-letter deletion of it (the symmetric-delete method), so a
/// token is looked up with its own deletions: cost per token is its length, whatever the size of the list.
/// Short names (Tahor, TCAPS) match exactly only: with one typo they would hit ordinary words. Curated
/// misspellings are not widened again: "acutane" one typo further is "cutanea" (cutanée: skin, in French).
/// </remarks>
public sealed class ProductMatcher
{
    private const int TypoMinimumLength = 6;
    private readonly PhraseMatcher<string> _names = new();
    private readonly Dictionary<string, HashSet<string>> _typos = new(StringComparer.Ordinal);

    public ProductMatcher(ProductCatalog catalog)
    {
        foreach (var product in catalog.Products)
        {
            foreach (var misspelling in product.Misspellings) _names.Add(misspelling, product.Id);
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
        foreach (var token in tokens)
        {
            if (token.Length < TypoMinimumLength - 1 || token.Length > 40) continue;
            foreach (var variant in Deletions(token).Append(token))
                if (_typos.TryGetValue(variant, out var ids))
                    foreach (var id in ids) Add(id);
        }
        return found ?? (IReadOnlyList<string>)[];
    }

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
