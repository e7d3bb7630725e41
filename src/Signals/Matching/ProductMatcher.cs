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
/// Short names (Tahor, TCAPS) match exactly only: with one typo they would hit ordinary words. Brands that are
/// ordinary words (config "contextNames": Emend) match only with a drug context word within four words. Curated
/// misspellings are not widened again: "acutane" one typo further is "cutanea" (cutanée: skin, in French).
/// A substance that is an ordinary word ("nicotine") also counts beside a dosage form ("nicotine patch"); a typo hit on a
/// word of technical and news text ("symlink", "tesla": the catalogue's "everyday") needs a drug context word; a strength
/// glued to a name ("rebif44", "levothyrox75") is read as the name and its strength.
/// </remarks>
public sealed class ProductMatcher
{
    private const int TypoMinimumLength = 6;
    private const int TypoMaximumLength = 40;
    // How far a dosage form may stand from a substance name: "nicotine patch", "gommes à la nicotine".
    private const int FormWindow = 3;
    private readonly PhraseMatcher<string> _names = new();
    private readonly PhraseMatcher<string> _contextNames = new();
    private readonly PhraseMatcher<string> _formNames = new();
    private readonly Dictionary<string, string[]> _typos = new(StringComparer.Ordinal);
    // The typo-tolerant names of each product, to check a hit of the symmetric-delete index (OneTypo).
    private readonly Dictionary<string, List<string>> _typoNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _notTypos;
    private readonly HashSet<string> _everyday;
    private readonly HashSet<string> _forms;
    private readonly VariantSieve _sieve;

    public ProductMatcher(ProductCatalog catalog)
    {
        _notTypos = new HashSet<string>(catalog.NotTypos, StringComparer.Ordinal);
        _forms = new HashSet<string>(catalog.Forms, StringComparer.Ordinal);
        var exact = new HashSet<string>(StringComparer.Ordinal);
        foreach (var product in catalog.Products)
        {
            foreach (var misspelling in product.Misspellings) { _names.Add(misspelling, product.Id); exact.Add(string.Concat(TextNormalizer.Tokens(misspelling))); }
            foreach (var name in product.ContextNames) _contextNames.Add(name, product.Id);
            foreach (var name in product.FormNames) _formNames.Add(name, product.Id);
            foreach (var name in product.Names)
            {
                _names.Add(name, product.Id);
                if (TextNormalizer.Tokens(name) is not [var single]) continue;
                exact.Add(single);
                if (single.Length < TypoMinimumLength) continue;
                foreach (var variant in Deletions(single).Append(single)) Index(variant, product.Id);
                if (!_typoNames.TryGetValue(product.Id, out var own)) _typoNames[product.Id] = own = [];
                own.Add(single);
            }
        }
        // A word that some product is named by as written (the watch list's "adderall") is that product, not an everyday word.
        _everyday = catalog.Everyday.Where(w => !exact.Contains(w)).ToHashSet(StringComparer.Ordinal);
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
        // Brands that are ordinary words: looked at in place only when one occurs (rare), so other posts allocate nothing.
        List<string>? context = null;
        _contextNames.Collect(tokens, ref context);
        // At catalogue size context names are common words ("today", "same"): most posts holding one have no drug
        // context word at all, which a scan by span tells without building the token list.
        if (context is not null)
        {
            var drug = DrugContext.Any(tokens);
            var form = !drug && AnyForm(tokens);
            if (drug || form)
            {
                var words = tokens.ToList();
                if (drug)
                    foreach (var (id, start, length) in _contextNames.FindAll(words))
                        if (DrugContext.Near(words, start, length)) Add(ref found, [id]);
                foreach (var (id, start, length) in _formNames.FindAll(words))
                    if (HasForm(words, start, length)) Add(ref found, [id]);
            }
        }
        var typos = _typos.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> deletion = stackalloc char[TypoMaximumLength];
        Span<ulong> hashes = stackalloc ulong[TypoMaximumLength];
        for (var t = 0; t < tokens.Count; t++)
        {
            var token = tokens[t];
            // A strength glued to a name: "rebif44", "levothyrox75" are the name (exactly) and its strength.
            if (token.Length > 4 && char.IsDigit(token[^1]) && StrengthStart(token) is var letters and >= 4 && _names.Lookup(token[..letters]) is { } glued)
                Add(ref found, glued);
            if (token.Length < TypoMinimumLength - 1 || token.Length > TypoMaximumLength) continue;
            var before = found?.Count ?? 0;
            VariantSieve.DeletionHashes(token, hashes);
            for (var i = 0; i < token.Length; i++)
            {
                if (i > 0 && token[i] == token[i - 1]) continue; // deleting either of two equal letters gives the same word
                if (!_sieve.MayContain(hashes[i])) continue;
                token[..i].CopyTo(deletion);
                token[(i + 1)..].CopyTo(deletion[i..]);
                if (typos.TryGetValue(deletion[..(token.Length - 1)], out var ids)) AddWithinOneTypo(ref found, ids, token);
            }
            if (_sieve.MayContain(VariantSieve.Hash(token)) && typos.TryGetValue(token, out var exact)) Add(ref found, exact);
            if (found is null || found.Count == before) continue;
            // An ordinary word one letter from a name ("notTypos" of the catalogue) is that word: undo what it added; a word
            // of technical or news text ("everyday") is that word unless a drug context word stands near it.
            if ((_notTypos.Count > 0 && _notTypos.GetAlternateLookup<ReadOnlySpan<char>>().Contains(token))
                || (_everyday.Count > 0 && _everyday.GetAlternateLookup<ReadOnlySpan<char>>().Contains(token) && !DrugContext.Near(tokens, t)))
                found.RemoveRange(before, found.Count - before);
        }
        return found ?? (IReadOnlyList<string>)[];
    }

    /// <summary>
    /// Why a text was counted: each product <see cref="Match(string)"/> finds, with the words of the text that named it
    /// ("levotyrox" → levothyroxine), for analysts (<c>signals classify</c>, <c>signals alerts</c>). Slow path: allocates.
    /// </summary>
    public IReadOnlyList<ProductMention> Explain(string text)
    {
        var products = Match(text);
        if (products.Count == 0) return [];
        var words = TextNormalizer.Tokens(text);
        var mentions = new List<ProductMention>();
        void Note(string id, string name)
        {
            var mention = new ProductMention(id, name);
            if (products.Contains(id) && !mentions.Contains(mention)) mentions.Add(mention);
        }
        foreach (var (id, start, length) in _names.FindAll(words)) Note(id, string.Join(' ', words.Skip(start).Take(length)));
        foreach (var (id, start, length) in _contextNames.FindAll(words))
            if (DrugContext.Near(words, start, length)) Note(id, string.Join(' ', words.Skip(start).Take(length)));
        foreach (var (id, start, length) in _formNames.FindAll(words))
            if (HasForm(words, start, length)) Note(id, string.Join(' ', words.Skip(start).Take(length)));
        for (var t = 0; t < words.Count; t++)
        {
            var word = words[t];
            if (word.Length > 4 && char.IsDigit(word[^1]) && StrengthStart(word) is var letters and >= 4 && _names.Lookup(word.AsSpan(0, letters)) is { } glued)
                foreach (var id in glued) Note(id, word);
            if (word.Length < TypoMinimumLength - 1 || word.Length > TypoMaximumLength || _notTypos.Contains(word)) continue;
            if (_everyday.Contains(word) && !DrugContext.Near(words, t, 1)) continue;
            foreach (var variant in Deletions(word).Append(word))
                if (_typos.TryGetValue(variant, out var ids))
                    foreach (var id in ids)
                        if (IsWithinOneTypo(id, word)) Note(id, word);
        }
        return mentions;
    }

    private static void Add(ref List<string>? found, IReadOnlyList<string> ids)
    {
        found ??= [];
        foreach (var id in ids)
            if (!found.Contains(id)) found.Add(id);
    }

    private void AddWithinOneTypo(ref List<string>? found, string[] ids, ReadOnlySpan<char> token)
    {
        foreach (var id in ids)
            if (found is null || !found.Contains(id))
                if (IsWithinOneTypo(id, token)) (found ??= []).Add(id);
    }

    private bool IsWithinOneTypo(string id, ReadOnlySpan<char> token)
    {
        if (!_typoNames.TryGetValue(id, out var own)) return false;
        foreach (var name in own)
            if (OneTypo.Within(token, name)) return true;
        return false;
    }

    // Where the digits of "rebif44" start: the length of its letters, or 0 when it is not letters then digits.
    private static int StrengthStart(ReadOnlySpan<char> token)
    {
        var end = token.Length;
        while (end > 0 && char.IsDigit(token[end - 1])) end--;
        for (var i = 0; i < end; i++)
            if (!char.IsLetter(token[i])) return 0;
        return end;
    }

    private bool HasForm(IReadOnlyList<string> tokens, int start, int length)
    {
        for (var i = Math.Max(0, start - FormWindow); i < Math.Min(tokens.Count, start + length + FormWindow); i++)
            if ((i < start || i >= start + length) && _forms.Contains(tokens[i])) return true;
        return false;
    }

    private bool AnyForm(NormalizedText tokens)
    {
        if (_forms.Count == 0) return false;
        var forms = _forms.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < tokens.Count; i++)
            if (forms.Contains(tokens[i])) return true;
        return false;
    }

    private void Index(string variant, string id)
    {
        // Arrays, not sets: at catalogue size the index holds some 150,000 variants, nearly all of one product.
        if (!_typos.TryGetValue(variant, out var ids)) _typos[variant] = [id];
        else if (!ids.Contains(id)) _typos[variant] = [.. ids, id];
    }

    private static IEnumerable<string> Deletions(string word)
    {
        for (var i = 0; i < word.Length; i++) yield return string.Concat(word.AsSpan(0, i), word.AsSpan(i + 1));
    }
}

/// <summary>A product found in a text and the words that named it, as the text wrote them (folded).</summary>
public sealed record ProductMention(string Product, string Name);
