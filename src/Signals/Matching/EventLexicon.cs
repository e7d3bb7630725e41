namespace Signals.Matching;

/// <summary>
/// config/events.json: lay phrases (English and French) for each standard event term, the
/// phrases of product complaints, and the words that negate a phrase before them. A term may
/// carry labels in other languages (<c>"labels": {"fr": "chute de cheveux (alopécie)"}</c>):
/// what an analyst reads in an e-mail or page of that language; the term itself is the English label.
/// </summary>
public sealed record EventLexicon(
    IReadOnlyDictionary<string, IReadOnlyList<string>> Events,
    IReadOnlyList<string> Complaints,
    IReadOnlyList<string[]> Negations,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? Labels = null)
{
    /// <summary>Phrases (folded, words joined by a space) that name their event only beside one of <see cref="Cues"/>.</summary>
    public IReadOnlySet<string> WeakPhrases { get; init; } = new HashSet<string>();

    /// <summary>
    /// Ordinary words one typo from a one-word phrase ("taking" / waking, "selling" / swelling): never read as that phrase
    /// by the matcher's typo step. Built with the phrases (scripts/build-event-lexicon.py).
    /// </summary>
    public IReadOnlySet<string> NotTypos { get; init; } = new HashSet<string>();

    /// <summary>Words of trouble (pain, problems, loss, can't, perte, mal...) that let a weak phrase count.</summary>
    public IReadOnlySet<string> Cues { get; init; } = new HashSet<string>();

    /// <summary>The term's label in <paramref name="language"/> (a primary subtag such as "fr"), else the term.</summary>
    public string Label(string term, string language) =>
        Labels is not null && Labels.TryGetValue(term, out var byLanguage) && byLanguage.TryGetValue(language, out var label) ? label : term;

    public static EventLexicon Load(string path)
    {
        var file = LexiconFile.Read<EventsFile>(path);
        if (file.Events is not { Count: > 0 }) throw new InvalidDataException($"{path}: expected a non-empty \"events\" list");
        var events = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var labels = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (entry, i) in file.Events.Select((e, i) => (e, i)))
        {
            if (string.IsNullOrWhiteSpace(entry.Term)) throw new InvalidDataException($"{path}: events[{i}] has no \"term\"");
            var phrases = (entry.Phrases ?? []).Values.SelectMany(p => p).Append(entry.Term).Distinct().ToList();
            events[entry.Term] = events.TryGetValue(entry.Term, out var existing) ? [.. existing, .. phrases] : phrases;
            if (entry.Labels is { Count: > 0 })
                labels[entry.Term] = new Dictionary<string, string>(entry.Labels, StringComparer.OrdinalIgnoreCase);
        }
        // Phrases a build script derives from the patient corpora (scripts/build-event-lexicon.py) live in their own file,
        // so the hand-written one keeps its comments; they may only add to terms defined here, which carry the labels.
        var notTypos = new HashSet<string>(StringComparer.Ordinal);
        foreach (var include in file.Include ?? [])
        {
            var included = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, include);
            var part = LexiconFile.Read<EventsFile>(included);
            notTypos.UnionWith(part.NotTypos ?? []);
            foreach (var (entry, i) in (part.Events ?? []).Select((e, i) => (e, i)))
            {
                if (entry.Term is null || !events.TryGetValue(entry.Term, out var existing))
                    throw new InvalidDataException($"{included}: events[{i}]: term '{entry.Term}' is not defined in {path}");
                events[entry.Term] = existing.Concat((entry.Phrases ?? []).Values.SelectMany(p => p)).Distinct().ToList();
            }
        }
        var complaints = (file.Complaints ?? []).Values.SelectMany(p => p).ToList();
        // Each negation as its words: "free of" negates only as a pair (alone, "of" would negate "lots of anxiety").
        var negations = (file.Negations ?? []).Select(n => TextNormalizer.Tokens(n).ToArray()).Where(t => t.Length > 0).ToList();
        var weak = (file.Weak?.Phrases ?? []).Select(p => string.Join(' ', TextNormalizer.Tokens(p))).Where(p => p.Length > 0).ToHashSet(StringComparer.Ordinal);
        var cues = (file.Weak?.Cues ?? []).SelectMany(TextNormalizer.Tokens).ToHashSet(StringComparer.Ordinal);
        return new EventLexicon(events, complaints, negations, labels) { WeakPhrases = weak, Cues = cues, NotTypos = notTypos };
    }

    private sealed record EventsFile(List<EventEntry>? Events, List<string>? Include, List<string>? NotTypos, Dictionary<string, List<string>>? Complaints, List<string>? Negations, WeakEntry? Weak);
    private sealed record WeakEntry(List<string>? Phrases, List<string>? Cues);
    private sealed record EventEntry(string? Term, Dictionary<string, string>? Labels, Dictionary<string, List<string>>? Phrases);
}
