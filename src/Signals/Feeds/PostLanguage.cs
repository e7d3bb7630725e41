namespace Signals.Feeds;

/// <summary>
/// The language of a post: the source's own tag when it gives one (Mastodon, Bluesky, RSS,
/// Atom), reduced to its primary subtag ("en-US" → "en"); otherwise a light guess.
/// <para>
/// The guess is deliberately simple and explainable, because no language-identification
/// package is served here and no French prose corpus ships to train a character n-gram model
/// on: the script decides for non-Latin text (Cyrillic, Greek, Arabic, Hebrew, Han, kana,
/// Hangul, Thai, Devanagari); Latin text is scored on function words — the short, frequent
/// words ("the", "and", "je", "les", "pas"…) that identify a language even in a 10-word post,
/// unlike content words. It answers only with two hits and twice the runner-up's score, else
/// null (unknown), so a tweet of hashtags and drug names is not labelled at random.
/// </para>
/// </summary>
public static class PostLanguage
{
    public static string? Of(Post post) => Normalize(post.Language) ?? Guess(post.Text);

    public static string? Normalize(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag)) return null;
        var primary = tag.Trim().Split('-', '_')[0].ToLowerInvariant();
        return primary.Length is 2 or 3 && primary.All(char.IsAsciiLetterLower) ? primary : null;
    }

    public static string? Guess(string text)
    {
        if (ScriptOf(text) is { } script) return script;
        Span<int> scores = stackalloc int[FunctionWords.Languages.Length];
        foreach (var word in Words(text))
            if (FunctionWords.Index.TryGetValue(word, out var languages))
                foreach (var language in languages) scores[language]++;

        int best = -1, second = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (best < 0 || scores[i] > scores[best]) { if (best >= 0) second = Math.Max(second, scores[best]); best = i; }
            else second = Math.Max(second, scores[i]);
        }
        return scores[best] >= 2 && scores[best] >= 2 * second ? FunctionWords.Languages[best] : null;
    }

    /// <summary>The language a non-Latin script implies, when letters of one such script dominate the text.</summary>
    private static string? ScriptOf(string text)
    {
        int latin = 0, other = 0;
        var counts = new Dictionary<string, int>();
        foreach (var c in text)
        {
            if (!char.IsLetter(c)) continue;
            if (c < 0x250) { latin++; continue; }
            var script = c switch
            {
                >= '\u0370' and <= '\u03FF' => "el",
                >= '\u0400' and <= '\u04FF' => "ru", // Cyrillic: Russian by far the most frequent; Ukrainian letters below
                >= '\u0590' and <= '\u05FF' => "he",
                >= '\u0600' and <= '\u06FF' => "ar",
                >= '\u0900' and <= '\u097F' => "hi",
                >= '\u0E00' and <= '\u0E7F' => "th",
                >= '\u3040' and <= '\u30FF' => "ja", // kana only occur in Japanese
                >= '\uAC00' and <= '\uD7AF' => "ko",
                >= '\u4E00' and <= '\u9FFF' => "zh",
                _ => null,
            };
            if (script is null) continue;
            other++;
            counts[script] = counts.GetValueOrDefault(script) + 1;
        }
        if (other == 0 || other < latin) return null;
        if (counts.ContainsKey("ja")) return "ja"; // Japanese mixes kanji (Han) with kana
        var top = counts.MaxBy(p => p.Value).Key;
        return top == "ru" && text.AsSpan().IndexOfAny("іїєґІЇЄҐ") >= 0 ? "uk" : top;
    }

    private static IEnumerable<string> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && (char.IsLetter(text[i]) || text[i] is '\'' or '\u2019' && start >= 0);
            if (letter) { if (start < 0) start = i; continue; }
            if (start < 0) continue;
            var word = text[start..i].ToLowerInvariant().Replace('\u2019', '\'');
            start = -1;
            // French elision: "j'ai", "l'effet", "qu'il" count as "je"/"le"/"que" and the word.
            var apostrophe = word.IndexOf('\'');
            if (apostrophe > 0)
            {
                yield return word[..apostrophe] switch { "j" => "je", "l" => "le", "d" => "de", "qu" => "que", "n" => "ne", "c" => "ce", "m" => "me", "s" => "se", var w => w };
                word = word[(apostrophe + 1)..];
            }
            if (word.Length > 0) yield return word;
        }
    }
}
