namespace Signals.Matching;

/// <summary>
/// The words that put a name in a medicine's context (mg, pill, dose, prescribed, comprimé, traitement...), English and
/// French (folded), and where they must stand: within four words of a name that is also an ordinary word ("Emend 80 mg",
/// "took my Emend before chemo") or of an everyday word one typo from a name ("my symlink injection").
/// </summary>
internal static class DrugContext
{
    private const int ContextWindow = 4;

    public static bool Near(NormalizedText tokens, int at)
    {
        var words = Words.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = Math.Max(0, at - ContextWindow); i < Math.Min(tokens.Count, at + 1 + ContextWindow); i++)
            if (i != at && (words.Contains(tokens[i]) || IsDose(tokens[i]))) return true;
        return false;
    }

    public static bool Near(IReadOnlyList<string> tokens, int start, int length)
    {
        for (var i = Math.Max(0, start - ContextWindow); i < Math.Min(tokens.Count, start + length + ContextWindow); i++)
            if ((i < start || i >= start + length) && (Words.Contains(tokens[i]) || IsDose(tokens[i]))) return true;
        return false;
    }

    public static bool Any(NormalizedText tokens)
    {
        var words = Words.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < tokens.Count; i++)
            if (words.Contains(tokens[i]) || IsDose(tokens[i])) return true;
        return false;
    }

    // "80mg", "125mg": a number glued to its unit.
    private static bool IsDose(ReadOnlySpan<char> token) => token.Length > 2 && char.IsDigit(token[0]) && (token.EndsWith("mg") || token.EndsWith("ml"));

    // Words that put a name in a medicine's context, English and French (folded).
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "mg", "mcg", "ml", "pill", "pills", "tablet", "tablets", "capsule", "capsules", "dose", "doses", "dosage", "prescribed", "prescription",
        "medication", "medicine", "meds", "drug", "drugs", "taking", "took", "take", "chemo", "chemotherapy", "pharmacy", "pharmacist",
        "side", "generic", "injection", "comprime", "comprimes", "gelule", "gelules", "traitement", "medicament", "medicaments", "ordonnance",
        "prescrit", "prends", "pris", "prendre", "pharmacie", "chimio", "posologie", "dosage", "effets", "generique",
        "pilule", "pilules", "cachet", "cachets", "sirop", "inhaler", "infusion", "perfusion",
    };
}
