namespace Signals.Matching;

/// <summary>
/// Finds the watched products a text names, by any of their names, on whole words after folding; single-word
/// names of six letters or more also match with one typo (a letter missing, added, changed or two swapped:
/// "levothyrocs", "syntroid", "metfromin"), which is how patients type drug names.
/// </summary>
/// <remarks>
/// The typo index holds every name and every one-letter deletion of it (the symmetric-delete method), so a
/// token is looked up with its own deletions: cost per token is its length, whatever the size of the list. A bit
/// sieve over hashes of the index answers "not there" for nearly all of them before any dictionary probe.
/// Short names (Tahor, TCAPS) match exactly only: with one typo they would hit ordinary words. Curated
/// misspellings are not widened again: "acutane" one typo further is "cutanea" (cutanée: skin, in French).
/// </remarks>
public sealed class ProductMatcher
{
    private const int TypoMinimumLength = 6;
    private const int TypoMaximumLength = 40;
    private readonly PhraseMatcher<string> _names = new();
    private readonly Dictionary<string, HashSet<string>> _typos = new(StringComparer.Ordinal);
    private readonly VariantSieve _sieve;

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
        _sieve = new VariantSieve(_typos.Keys);
    }

    public IReadOnlyList<string> Match(string text)
    {
        var tokens = new NormalizedText();
        tokens.Load(text);
        return Match(tokens);
    }

    /// <summary>The products named, each once, in order of discovery; an empty list — and no allocation — when none is.</summary>
    public IReadOnlyList<string> Match(NormalizedText tokens)
    {
        List<string>? found = null;
        _names.Collect(tokens, ref found);
        var typos = _typos.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> deletion = stackalloc char[TypoMaximumLength];
        Span<ulong> hashes = stackalloc ulong[TypoMaximumLength];
        for (var t = 0; t < tokens.Count; t++)
        {
            var token = tokens[t];
            if (token.Length < TypoMinimumLength - 1 || token.Length > TypoMaximumLength) continue;
            VariantSieve.DeletionHashes(token, hashes);
            for (var i = 0; i < token.Length; i++)
            {
                if (i > 0 && token[i] == token[i - 1]) continue; // deleting either of two equal letters gives the same word
                if (!_sieve.MayContain(hashes[i])) continue;
                token[..i].CopyTo(deletion);
                token[(i + 1)..].CopyTo(deletion[i..]);
                if (typos.TryGetValue(deletion[..(token.Length - 1)], out var ids)) Add(ref found, ids);
            }
            if (_sieve.MayContain(VariantSieve.Hash(token)) && typos.TryGetValue(token, out var exact)) Add(ref found, exact);
        }
        return found ?? (IReadOnlyList<string>)[];
    }

    private static void Add(ref List<string>? found, HashSet<string> ids)
    {
        found ??= [];
        foreach (var id in ids)
            if (!found.Contains(id)) found.Add(id);
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
