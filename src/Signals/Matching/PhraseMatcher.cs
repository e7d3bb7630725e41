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
    }

    private readonly Node _root = new();

    public int MaxPhraseTokens { get; private set; }

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
