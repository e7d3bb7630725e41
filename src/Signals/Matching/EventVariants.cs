namespace Signals.Matching;

/// <summary>
/// The ways people write a lexicon phrase that the lexicon need not list, and the way tweets stretch words.
/// </summary>
internal static class EventVariants
{
    // A phrase told of oneself is told of others too: "knocks me out" / "will knock you out", "messed up my sleep" /
    // "messed up his sleep". Only phrases of three words or more are varied: "made me" or "gave me" alone are too common
    // to name an event said of someone else ("the doctor gave you...").
    private static readonly string[] Objects = ["you", "ya", "u", "him", "her", "us", "them"];
    private static readonly string[] Possessives = ["your", "ur", "his", "her", "our", "their"];
    private const int PronounPhraseMinimum = 3;

    /// <summary>The phrase's words as written, without apostrophes, and told of others (each its words joined by spaces).</summary>
    public static IEnumerable<string> Of(string phrase)
    {
        var words = TextNormalizer.Tokens(phrase);
        var forms = new List<IReadOnlyList<string>> { words };
        if (WithoutApostrophes(words) is { } unapostrophed) forms.Add(unapostrophed);
        if (words.Count >= PronounPhraseMinimum)
            foreach (var form in forms.ToList())
                foreach (var (pronoun, others) in new[] { ("me", Objects), ("my", Possessives) })
                    if (form.Contains(pronoun))
                        foreach (var other in others) forms.Add(form.Select(w => w == pronoun ? other : w).ToList());
        return forms.Select(f => string.Join(' ', f)).Distinct();
    }

    // Tweets drop the apostrophe: "can't sleep" is also written "cant sleep", "I'm" "im".
    private static List<string>? WithoutApostrophes(IReadOnlyList<string> words)
    {
        var joined = new List<string>(words.Count);
        foreach (var word in words)
            if (joined.Count > 0 && ((word == "t" && joined[^1].EndsWith('n')) || (word == "m" && joined[^1] == "i"))) joined[^1] += word;
            else joined.Add(word);
        return joined.Count < words.Count ? joined : null;
    }

    /// <summary>
    /// The tokens with each stretched word ("soooo", "wiredddd", "outtttt": a letter written three times or more, which the
    /// normaliser cuts to two) read with that letter once, where that spelling is a word of the lexicon and the two-letter
    /// one is not: "soooo tired" is "so tired", "i'm wiredddd" "wired". Null when the text stretches no word.
    /// </summary>
    public static List<string>? Unstretched(IReadOnlyList<string> tokens, string text, IReadOnlySet<string> words)
    {
        if (!Stretches(text)) return null;
        var once = TextNormalizer.Tokens(OnceEach(text));
        if (once.Count != tokens.Count) return null;
        List<string>? result = null;
        for (var i = 0; i < tokens.Count; i++)
            if (once[i] != tokens[i] && !words.Contains(tokens[i]) && words.Contains(once[i])) (result ??= [.. tokens])[i] = once[i];
        return result;
    }

    private static bool Stretches(string text)
    {
        for (var i = 2; i < text.Length; i++)
            if (char.IsLetter(text[i]) && char.ToLowerInvariant(text[i]) == char.ToLowerInvariant(text[i - 1]) && char.ToLowerInvariant(text[i]) == char.ToLowerInvariant(text[i - 2])) return true;
        return false;
    }

    private static string OnceEach(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var run = i;
            while (run + 1 < text.Length && char.IsLetter(text[i]) && char.ToLowerInvariant(text[run + 1]) == char.ToLowerInvariant(text[i])) run++;
            builder.Append(text[i]);
            if (run - i >= 2) i = run; // three or more: keep one
        }
        return builder.ToString();
    }
}
