namespace Signals.Matching;

/// <summary>
/// Finds known phrases in a token stream with a trie over tokens: one pass over the text,
/// each step a hash lookup, so the cost does not grow with the number of phrases (the
/// word-level equivalent of Aho–Corasick; phrases match on whole words only).
/// </summary>
public sealed class PhraseMatcher<T>
{
    private sealed class Node
    {
        public Dictionary<string, Node>? Next;
        public List<T>? Values;

        public bool TryGetNext(ReadOnlySpan<char> token, out Node child)
        {
            if (Next is not null && Next.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(token, out child!)) return true;
            child = null!;
            return false;
        }
    }

    private readonly Node _root = new();

    public int MaxPhraseTokens { get; private set; }

    /// <summary>The values of the one-word phrase <paramref name="token"/>, or null.</summary>
    public IReadOnlyList<T>? Lookup(ReadOnlySpan<char> token) => _root.TryGetNext(token, out var node) ? node.Values : null;

    public void Add(string phrase, T value)
    {
        var tokens = TextNormalizer.Tokens(phrase);
        if (tokens.Count == 0) return;
        var node = _root;
        foreach (var token in tokens)
        {
            node.Next ??= new(StringComparer.Ordinal);
            if (!node.Next.TryGetValue(token, out var child)) node.Next[token] = child = new Node();
            node = child;
        }
        node.Values ??= [];
        if (!node.Values.Contains(value)) node.Values.Add(value);
        MaxPhraseTokens = Math.Max(MaxPhraseTokens, tokens.Count);
    }

    /// <summary>
    /// Adds the value of every phrase found to <paramref name="found"/> (once each), allocating nothing until the
    /// first is found: the pre-filter's path, where most texts hold no phrase.
    /// </summary>
    public void Collect(NormalizedText tokens, ref List<T>? found)
    {
        for (var start = 0; start < tokens.Count; start++)
        {
            var node = _root;
            for (var i = start; i < tokens.Count && node.TryGetNext(tokens[i], out var child); i++)
            {
                node = child;
                if (node.Values is null) continue;
                found ??= [];
                foreach (var value in node.Values)
                    if (!found.Contains(value)) found.Add(value);
            }
        }
    }

    /// <summary>Every phrase occurrence: its value, first token index and length in tokens.</summary>
    public IEnumerable<(T Value, int Start, int Length)> FindAll(IReadOnlyList<string> tokens)
    {
        for (var start = 0; start < tokens.Count; start++)
        {
            var node = _root;
            for (var i = start; i < tokens.Count && node.Next is not null && node.Next.TryGetValue(tokens[i], out var child); i++)
            {
                node = child;
                if (node.Values is null) continue;
                foreach (var value in node.Values) yield return (value, start, i - start + 1);
            }
        }
    }
}
