namespace Signals.Matching;

/// <summary>
/// Whether two words are one typo apart: a letter missing, added or changed, or two neighbours swapped (the optimal string
/// alignment distance is at most 1). The symmetric-delete index of <see cref="ProductMatcher"/> also pairs words that are
/// two edits apart — "britain" and "ritalin" share "ritain", "stealer" and "stelera" share "stelra" — so each of its hits
/// is checked here; hits are rare, so the check costs nothing measurable.
/// </summary>
internal static class OneTypo
{
    public static bool Within(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (Math.Abs(a.Length - b.Length) > 1) return false;
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        if (i == a.Length && i == b.Length) return true;
        if (a.Length == b.Length)
            return a[(i + 1)..].SequenceEqual(b[(i + 1)..])
                || (i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && a[(i + 2)..].SequenceEqual(b[(i + 2)..]));
        return a.Length > b.Length ? a[(i + 1)..].SequenceEqual(b[i..]) : a[i..].SequenceEqual(b[(i + 1)..]);
    }
}
