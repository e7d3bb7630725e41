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
        var normalized = new NormalizedText();
        normalized.Load(text);
        return normalized.ToList();
    }

    /// <summary>
    /// Lower case without diacritics; œ and æ spelled out, as French writers type them both ways.
    /// A table rather than Unicode decomposition: the process runs with invariant globalization
    /// (no ICU), where <c>string.Normalize</c> does not decompose, and a lookup is cheaper anyway.
    /// </summary>
    public static string Fold(string text)
    {
        var buffer = new char[MaxFoldedLength(text.Length)];
        return new string(buffer, 0, Fold(text, buffer));
    }

    /// <summary>A folded text is at most this long: one character becomes two at most (œ → oe).</summary>
    public static int MaxFoldedLength(int length) => 2 * length;

    /// <summary>Folds <paramref name="text"/> into <paramref name="destination"/> (at least <see cref="MaxFoldedLength"/> long); returns the length written.</summary>
    public static int Fold(ReadOnlySpan<char> text, Span<char> destination)
    {
        var w = 0;
        foreach (var raw in text)
        {
            var c = char.ToLowerInvariant(raw);
            if (c < FoldStart) destination[w++] = c;
            else if (c == '\u0153') { destination[w++] = 'o'; destination[w++] = 'e'; }
            else if (c == '\u00E6') { destination[w++] = 'a'; destination[w++] = 'e'; }
            else if (c == '\u00DF') { destination[w++] = 's'; destination[w++] = 's'; }
            else if (c is '\u2019' or '\u02BC') destination[w++] = '\'';
            else if (c <= FoldEnd) destination[w++] = FoldTable[c - FoldStart];
            else if (c is >= '\u0300' and <= '\u036F') continue; // a combining accent typed separately
            else destination[w++] = c;
        }
        return w;
    }

    private const char FoldStart = '\u00C0';
    private const char FoldEnd = '\u024F';
    // Latin-1 Supplement to Latin Extended-B, each letter folded to its base letter (generated from Unicode NFD).
    private const string FoldTable = "aaaaaa\u00E6ceeeeiiii\u00F0nooooo\u00D7\u00F8uuuuy\u00FE\u00DFaaaaaa\u00E6ceeeeiiii\u00F0nooooo\u00F7\u00F8uuuuy\u00FEyaaaaaaccccccccdd\u0111\u0111eeeeeeeeeegggggggghh\u0127\u0127iiiiiiiii\u0131\u0133\u0133jjkk\u0138llllll\u0140\u0140\u0142\u0142nnnnnn\u0149\u014B\u014Boooooo\u0153\u0153rrrrrrsssssssstttt\u0167\u0167uuuuuuuuuuuuwwyyyzzzzzz\u017F\u0180\u0253\u0183\u0183\u0185\u0185\u0254\u0188\u0188\u0256\u0257\u018C\u018C\u018D\u01DD\u0259\u025B\u0192\u0192\u0260\u0263\u0195\u0269\u0268\u0199\u0199\u019A\u019B\u026F\u0272\u019E\u0275oo\u01A3\u01A3\u01A5\u01A5\u0280\u01A8\u01A8\u0283\u01AA\u01AB\u01AD\u01AD\u0288uu\u028A\u028B\u01B4\u01B4\u01B6\u01B6\u0292\u01B9\u01B9\u01BA\u01BB\u01BD\u01BD\u01BE\u01BF\u01C0\u01C1\u01C2\u01C3\u01C6\u01C6\u01C6\u01C9\u01C9\u01C9\u01CC\u01CC\u01CCaaiioouuuuuuuuuu\u01DDaaaa\u01E3\u01E3\u01E5\u01E5ggkkoooo\u01EF\u01EFj\u01F3\u01F3\u01F3gg\u0195\u01BFnnaa\u01FD\u01FD\u01FF\u01FFaaaaeeeeiiiioooorrrruuuusstt\u021D\u021Dhh\u019E\u0221\u0223\u0223\u0225\u0225aaeeooooooooyy\u0234\u0235\u0236\u0237\u0238\u0239\u2C65\u023C\u023C\u019A\u2C66\u023F\u0240\u0242\u0242\u0180\u0289\u028C\u0247\u0247\u0249\u0249\u024B\u024B\u024D\u024D\u024F\u024F";

    internal static bool StartsUrl(ReadOnlySpan<char> rest) => rest.StartsWith("http://") || rest.StartsWith("https://") || rest.StartsWith("www.");
}
