using System.Globalization;
using System.Text;

namespace Signals.Matching;

/// <summary>
/// Folds social text to the tokens matching works on: lower case, accents removed
/// (lévothyrox → levothyrox), URLs and @mentions dropped, hashtags and French elisions split
/// (#levothyrox, l'Euthyrox → euthyrox), letters repeated three times or more cut to two
/// (soooo → soo, sleeeepy → sleepy). Names in the lexicons go through the same folding.
/// </summary>
public static class TextNormalizer
{
    public static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var folded = Fold(text);
        var current = new StringBuilder();
        var skipping = false; // inside a URL or a mention
        for (var i = 0; i < folded.Length; i++)
        {
            var c = folded[i];
            if (char.IsWhiteSpace(c)) { Flush(); skipping = false; continue; }
            if (skipping) continue;
            if (current.Length == 0 && (c == '@' || StartsUrl(folded, i))) { skipping = true; continue; }
            if (char.IsLetterOrDigit(c))
            {
                var n = current.Length;
                if (n >= 2 && current[n - 1] == c && current[n - 2] == c) continue; // elongation
                current.Append(c);
            }
            else Flush();
        }
        Flush();
        return tokens;

        void Flush()
        {
            if (current.Length > 0) tokens.Add(current.ToString());
            current.Clear();
        }
    }

    /// <summary>Lower case without diacritics; œ and æ spelled out, as French writers type them both ways.</summary>
    public static string Fold(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.NonSpacingMark: continue;
                default:
                    if (c == 'œ') sb.Append("oe");
                    else if (c == 'æ') sb.Append("ae");
                    else if (c is '\u2019' or '\u02BC') sb.Append('\'');
                    else sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    private static bool StartsUrl(string s, int i) =>
        string.CompareOrdinal(s, i, "http://", 0, 7) == 0 || string.CompareOrdinal(s, i, "https://", 0, 8) == 0 || string.CompareOrdinal(s, i, "www.", 0, 4) == 0;
}
