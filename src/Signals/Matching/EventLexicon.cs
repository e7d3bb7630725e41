namespace Signals.Matching;

/// <summary>
/// config/events.json: lay phrases (English and French) for each standard event term, the
/// phrases of product complaints, and the words that negate a phrase before them.
/// </summary>
public sealed record EventLexicon(
    IReadOnlyDictionary<string, IReadOnlyList<string>> Events,
    IReadOnlyList<string> Complaints,
    IReadOnlySet<string> Negations)
{
    public static EventLexicon Load(string path)
    {
        var file = LexiconFile.Read<EventsFile>(path);
        if (file.Events is not { Count: > 0 }) throw new InvalidDataException($"{path}: expected a non-empty \"events\" list");
        var events = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (entry, i) in file.Events.Select((e, i) => (e, i)))
        {
            if (string.IsNullOrWhiteSpace(entry.Term)) throw new InvalidDataException($"{path}: events[{i}] has no \"term\"");
            var phrases = (entry.Phrases ?? []).Values.SelectMany(p => p).Append(entry.Term).Distinct().ToList();
            events[entry.Term] = events.TryGetValue(entry.Term, out var existing) ? [.. existing, .. phrases] : phrases;
        }
        var complaints = (file.Complaints ?? []).Values.SelectMany(p => p).ToList();
        var negations = (file.Negations ?? []).SelectMany(TextNormalizer.Tokens).ToHashSet(StringComparer.Ordinal);
        return new EventLexicon(events, complaints, negations);
    }

    private sealed record EventsFile(List<EventEntry>? Events, Dictionary<string, List<string>>? Complaints, List<string>? Negations);
    private sealed record EventEntry(string? Term, Dictionary<string, List<string>>? Phrases);
}
