using System.Text.RegularExpressions;

namespace Signals.Matching;

/// <summary>
/// Where each token's sentence starts, so that a negation stays in its sentence: in "Not well. Grew immune to it" or
/// "I'm not drunk. It's the pills" the "not" says nothing of what follows the full stop.
/// </summary>
internal static partial class SentenceStarts
{
    /// <summary>For each token, the index of the first token of its sentence; null when the text has one sentence (or its
    /// sentences do not cut into the same tokens, which then count as one sentence, as before).</summary>
    public static int[]? Of(string text, int tokenCount)
    {
        var parts = Break().Split(text);
        if (parts.Length < 2) return null;
        var starts = new int[tokenCount];
        var at = 0;
        foreach (var part in parts)
        {
            var count = TextNormalizer.Tokens(part).Count;
            if (at + count > tokenCount) return null;
            for (var i = at; i < at + count; i++) starts[i] = at;
            at += count;
        }
        return at == tokenCount ? starts : null;
    }

    // A full stop, question or exclamation mark, semicolon or ellipsis followed by a space, or a line break.
    [GeneratedRegex(@"(?<=[.!?;…])\s+|[\r\n]+")]
    private static partial Regex Break();
}
